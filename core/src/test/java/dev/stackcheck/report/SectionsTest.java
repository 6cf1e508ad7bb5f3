package dev.stackcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.Coverage;
import dev.stackcheck.check.Invariant;
import dev.stackcheck.engine.Counter;
import dev.stackcheck.engine.Counters;
import dev.stackcheck.gen.Selftest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sections render the data they are given, and only that: made-up data, exact output. */
class SectionsTest {

    private static Selftest.FaultResult fault(String id, boolean caught, String inv, List<String> scenarios) {
        return new Selftest.FaultResult(id, "copying", "PTR-1", caught, inv, 3, caught ? 4 : 0, 3, null,
                !scenarios.isEmpty(), scenarios, null, 10, 20);
    }

    @Test
    void selftestCaughtByCollectsRandomAndScenarioInvariants() {
        Selftest.Report r = new Selftest.Report(0, 100, List.of("growth", "deferptrs"), List.of(
                fault("a", true, "PTR-1", List.of("growth (PTR-1)", "deferptrs (PTR-2)")),
                fault("b", false, null, List.of("growth (MEM-1)")),
                fault("c", true, "CPY-3", List.of())), 1, 2, true, true);
        Map<String, List<String>> by = SelftestSection.caughtBy(r);
        assertEquals(Map.of("PTR-1", List.of("a"), "PTR-2", List.of("a"), "MEM-1", List.of("b"),
                "CPY-3", List.of("c")), by);
        Page p = new Page();
        new SelftestSection(r, "The selftest").render(p);
        assertTrue(p.markdown().contains("| `b` | copying | PTR-1 | **not caught** |"), p.markdown());
        assertTrue(p.markdown().contains("PTR-1 x1, PTR-2 x1"), p.markdown());
        assertTrue(!p.markdown().contains("10 ms") && !p.markdown().contains(" s)"), "no timings");
    }

    @Test
    void invariantStatusSaysWhatRanAndWhatWasCaught() {
        Ledger empty = new Ledger();
        InvariantSection s = new InvariantSection(empty, Map.of("PTR-1", List.of("a")));
        assertEquals("not exercised", s.status(Invariant.PTR_1));
        Page p = new Page();
        s.render(p);
        assertTrue(p.markdown().contains("| `a` |"), p.markdown());
        assertTrue(p.markdown().contains("caught in the selftest"));
        for (Invariant i : Invariant.values()) {
            assertTrue(p.markdown().contains("| **" + i.id() + "** |"), i.id());
        }
    }

    @Test
    void coverageTableHasOneColumnPerEngine() {
        Page p = new Page();
        new CoverageSection("two engines", List.of(
                new CoverageSection.Row("x", coverage()),
                new CoverageSection.Row("y", Coverage.ZERO))).render(p);
        assertTrue(p.markdown().contains("| event | x | y |"), p.markdown());
        assertTrue(p.markdown().contains("| morestack splits | 1 | 0 |"), p.markdown());
        assertTrue(p.markdown().contains("| regions freed | 11 | 0 |"), p.markdown());
    }

    private static Coverage coverage() {
        Counters n = new Counters();
        for (Counter c : Counter.values()) {
            n.add(c, c.ordinal() + 1);
        }
        return Coverage.of(n);
    }
}

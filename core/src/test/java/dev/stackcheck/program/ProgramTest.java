package dev.stackcheck.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

    static final String HEAD = "frame m words=3 ptrs=1\ncall m\n";

    @Test
    void positionsOutsideTheProgramAreUnknown() {
        Program p = Parser.parse(HEAD + "ret\n");
        assertEquals(Pos.UNKNOWN, p.position(-1));
        assertEquals(Pos.UNKNOWN, p.position(2));
        assertEquals(new Pos(3, 1), p.position(1));
        assertEquals(List.of(p.position(0), p.position(1)), List.of(p.positionsArray()));
        assertEquals(Printer.print(p), p.toString());
    }

    @Test
    void stepsMultiplyUpToTheLargestLong() {
        long half = Long.MAX_VALUE / 2;
        Program p = Parser.parse("frame m words=1\nrepeat " + half + " {\n  call m\n  ret\n}\n");
        assertEquals(half * 2, p.steps());
        Program q = Parser.parse("frame m words=1\nrepeat " + (half + 1) + " {\n  call m\n  ret\n}\n");
        assertEquals(Long.MAX_VALUE, q.steps());
    }

    @Test
    void equalityLooksAtLayoutsBodiesAndRepeats() {
        String[] texts = {
            "frame m words=1\ncall m\nret\n",
            "frame m words=2\ncall m\nret\n",
            "frame m words=1\ncall m\nret\nret\n",
            "frame m words=1\nrepeat 2 {\n  call m\n}\n",
            "frame m words=1\nrepeat 3 {\n  call m\n}\n",
            "frame m words=1\nrepeat 2 {\n  call m\n  ret\n}\n",
            "frame m words=1\nrepeat 2 {\n  call m\n}\nret\n",
            "frame m words=1\nrepeat 2 {\n  repeat 2 {\n    call m\n  }\n}\n",
            "frame m words=1\nframe unused words=1\ncall m\nret\n",
        };
        Set<Integer> hashes = new HashSet<>();
        for (int i = 0; i < texts.length; i++) {
            Program a = Parser.parse(texts[i]);
            assertTrue(a.equals(a));
            assertEquals(a, Parser.parse(texts[i]));
            assertEquals(a.hashCode(), Parser.parse(texts[i]).hashCode());
            hashes.add(a.hashCode());
            for (int j = 0; j < texts.length; j++) {
                if (i != j) {
                    assertNotEquals(a, Parser.parse(texts[j]), texts[i] + " vs " + texts[j]);
                }
            }
        }
        assertEquals(texts.length, hashes.size());
        assertNotEquals(Parser.parse(texts[0]), "not a program");
    }

    @Test
    void nestedRepeatsPrintIndented() {
        String text = "frame m words=1\nrepeat 2 {\n  repeat 3 {\n    call m\n    ret\n  }\n  call m\n  ret\n}\n";
        assertEquals(text, Printer.print(Parser.parse(text)));
    }
}

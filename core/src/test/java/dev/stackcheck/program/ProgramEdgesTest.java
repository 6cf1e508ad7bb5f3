package dev.stackcheck.program;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Parser and program at their edges: arity, names, lists, positions, equality and step counts. */
class ProgramEdgesTest {

    static String error(String text) {
        return assertThrows(ParseError.class, () -> Parser.parse(text)).getMessage();
    }

    static final String HEAD = "frame m words=3 ptrs=1\ncall m\n";

    @Test
    void statementsTakeExactlyTheirArguments() {
        assertEquals("3:7: unexpected '1': get takes 1 argument", error(HEAD + "get 0 1\n"));
        assertEquals("3:11: unexpected '3': store takes 2 arguments", error(HEAD + "store 1 2 3\n"));
        assertEquals("3:8: unexpected '1': load takes 1 argument", error(HEAD + "load 1 1\n"));
        assertEquals("3:11: unexpected '3': defer takes 2 arguments", error(HEAD + "defer 1 2 3\n"));
    }

    @Test
    void theLargestSlotParses() {
        Program p = Parser.parse(HEAD + "get 2147483647\n");
        assertEquals(new Op.Get(Integer.MAX_VALUE), p.statement(1));
        assertEquals("3:5: slot 2147483648 is too large (at most 2147483647)", error(HEAD + "get 2147483648\n"));
    }

    @Test
    void namesMayHoldUnderscoresDashesAndDots() {
        Program p = Parser.parse("frame _a-b.c words=1\ncall _a-b.c\n");
        assertEquals("_a-b.c", p.layouts().get(0).name());
        assertEquals("1:7: bad layout name 'a%b' (a letter or _, then letters, digits, _, - or .)",
                error("frame a%b words=1\n"));
        assertEquals("1:7: bad layout name '1a' (a letter or _, then letters, digits, _, - or .)",
                error("frame 1a words=1\n"));
    }

    @Test
    void aDeclarationNeedsItsSizes() {
        assertEquals("1:8: missing words=N in the declaration of 'x'", error("frame x\n"));
        assertEquals("1:22: empty slot in the list ',1'", error("frame x words=2 ptrs=,1\n"));
    }

    @Test
    void aLeadingEmptyLineCountsAsALine() {
        Program p = Parser.parse("\nframe m words=1\ncall m\nret\n");
        assertEquals(new Pos(3, 1), p.position(0));
        assertEquals(2, p.length());
    }

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
        };
        Set<Integer> hashes = new HashSet<>();
        for (int i = 0; i < texts.length; i++) {
            Program a = Parser.parse(texts[i]);
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

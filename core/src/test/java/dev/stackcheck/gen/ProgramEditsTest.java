package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.stackcheck.program.Op;
import dev.stackcheck.program.Program;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The statement-tree edits the shrinker's passes share: the names a shrunk program is given at the end (a,
 * b, c in the order of first call) and the net depth of a repeat, which saturates instead of overflowing.
 */
class ProgramEditsTest {

    @Test
    void canonicalNamesFollowTheFirstCallsThenTheUnusedLayouts() {
        Program p = ProgramPassesTest.parse("frame x words=2; frame y words=1; frame z words=3; call y; call x; call y");
        assertEquals("frame a words=1; frame b words=2; frame c words=3; call a; call b; call a",
                ProgramPassesTest.line(ProgramEdits.canonicalNames(p)));
    }

    @Test
    void canonicalNamesNeedALetterPerLayout() {
        // 26 layouts take a..z; a 27th has no letter, and the program keeps its names
        String frames = IntStream.range(0, 26).mapToObj(i -> "frame " + (char) ('a' + i) + " words=" + (26 - i))
                .collect(Collectors.joining("; "));
        String calls = IntStream.range(0, 26).mapToObj(i -> "call " + (char) ('a' + i)).collect(Collectors.joining("; "));
        assertEquals(frames + "; " + calls, ProgramPassesTest.line(ProgramEdits.canonicalNames(layouts(26))));
        Program p27 = layouts(27);
        assertSame(p27, ProgramEdits.canonicalNames(p27));
    }

    /** {@code n} layouts l0.. (l{i} has i + 1 words), called from the last declared to the first. */
    private static Program layouts(int n) {
        String frames = IntStream.range(0, n).mapToObj(i -> "frame l" + i + " words=" + (i + 1))
                .collect(Collectors.joining("; "));
        String calls = IntStream.range(0, n).mapToObj(i -> "call l" + (n - 1 - i)).collect(Collectors.joining("; "));
        return ProgramPassesTest.parse(frames + "; " + calls);
    }

    @Test
    void netDepthCountsCallsAndReturnsThroughRepeats() {
        Program p = ProgramPassesTest.parse("frame a words=1; call a; repeat 3 { call a; call a; ret; gc }; repeat 2 { repeat 5 { ret } }");
        List<Op> body = p.body();
        assertEquals(1, ProgramEdits.netDepth(body.get(0)));
        assertEquals(3, ProgramEdits.netDepth(body.get(1)));
        assertEquals(-10, ProgramEdits.netDepth(body.get(2)));
    }

    @Test
    void netDepthSaturatesAtAQuarterOfTheRange() {
        Op up = new Op.Repeat(1L << 31, List.of(new Op.Repeat((1L << 32) - 1, List.of(new Op.Call(layout())))));
        // (2^32 - 1) * 2^31 still fits in a long: exact
        assertEquals(((1L << 32) - 1) * (1L << 31), ProgramEdits.netDepth(up));
        Op more = new Op.Repeat(1L << 31, List.of(new Op.Repeat(1L << 32, List.of(new Op.Call(layout())))));
        assertEquals(Long.MAX_VALUE / 4, ProgramEdits.netDepth(more));
        Op down = new Op.Repeat(1L << 31, List.of(new Op.Repeat(1L << 32, List.of(new Op.Ret()))));
        assertEquals(-Long.MAX_VALUE / 4, ProgramEdits.netDepth(down));
    }

    private static dev.stackcheck.program.Layout layout() {
        return ProgramPassesTest.parse("frame a words=1; call a").layouts().get(0);
    }
}

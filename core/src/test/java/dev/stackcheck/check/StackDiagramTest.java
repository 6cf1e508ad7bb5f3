package dev.stackcheck.check;

import static dev.stackcheck.check.RunnerTest.QUIET;
import static dev.stackcheck.check.RunnerTest.run;
import static dev.stackcheck.check.Tampered.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Layout;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class StackDiagramTest {

    static final EngineParams SMALL = new EngineParams(256, true, 256, 0, 1_000_000_000L, 0);
    static final Layout MAIN = new Layout("main", 3, new int[0], false);
    static final Layout F = new Layout("f", 3, new int[] {1}, false);

    /** A started engine that ran: call main, set 0 41, then {@code n} times call f; addr 1 0.0. */
    static AddressSpace drive(StackEngine e, int n) {
        AddressSpace m = new AddressSpace();
        e.start(m, EngineEvents.NONE);
        e.call(MAIN);
        e.set(0, 41);
        for (int i = 0; i < n; i++) {
            e.call(F);
            e.set(0, i);
            e.addr(1, 0, 0);
        }
        return m;
    }

    @Test
    void aSplitStackShowsItsRecordAndTheLinkToTheCaller() {
        StackEngine e = new SegmentedEngine(SMALL);
        AddressSpace m = drive(e, 8);
        String d = StackDiagram.render(e, m);
        // frames 0..6 fill the base segment (7 * 32 + 24 = 248 bytes), frame 7 split into segment 1
        assertTrue(d.contains("segment 1: segment #1"), d);
        assertTrue(d.contains("segment 0 (base): segment #0"), d);
        assertTrue(d.contains("stack info: 0 0 0 (base: end of the chain)"), d);
        assertTrue(d.contains("return LESSSTACK_PC: returns into lessstack"), d);
        long baseLo = e.view().segments().get(0).region().lo();
        long callerSp = e.view().frameAddress(6);
        assertTrue(d.contains("prev segment " + Hex.of(baseLo)), d);
        assertTrue(d.contains("saved sp     " + Hex.of(callerSp) + " (frame 6)"), d);
        assertTrue(d.contains("slot 1 = " + Hex.of(e.view().slotAddress(0, 0)) + " -> frame 0 slot 0"), d);
        // the arrow: from the saved-sp line, down the rail, into frame 6's box
        List<String> lines = d.lines().toList();
        int from = indexOf(lines, "saved sp");
        int to = indexOf(lines, "| frame 6 f");
        assertTrue(from >= 0 && to > from, d);
        assertTrue(lines.get(from).endsWith("+"), lines.get(from));
        assertTrue(lines.get(to).contains(" <-") && lines.get(to).endsWith("+"), lines.get(to));
        int rail = lines.get(from).length() - 1;
        for (int i = from + 1; i < to; i++) {
            assertEquals('|', lines.get(i).charAt(rail), "rail broken at line " + i + "\n" + d);
        }
        // newest at the top of the drawing: segment 1 before segment 0, frame 7 before frame 6
        assertTrue(d.indexOf("segment 1:") < d.indexOf("segment 0 (base)"));
        assertTrue(d.indexOf("| frame 7 f") < d.indexOf("| frame 6 f"));
    }

    @Test
    void theCachedSegmentIsShown() {
        StackEngine e = new SegmentedEngine(SMALL);
        AddressSpace m = drive(e, 8);
        e.ret();
        e.ret();
        String d = StackDiagram.render(e, m);
        assertTrue(d.contains("cached segment: segment #1"), d);
        assertTrue(d.contains("kept for the next split"), d);
    }

    @Test
    void aContiguousStackHasNoRecord() {
        StackEngine e = new CopyingEngine(SMALL);
        AddressSpace m = drive(e, 20);
        e.defer(1, 9);
        String d = StackDiagram.render(e, m);
        assertTrue(d.startsWith("copying (copying): 21 frames, 1 segment, 1 defer record\n"), d);
        assertTrue(d.contains("stack: stack #"), d);
        assertTrue(!d.contains("stack info"), d);
        assertTrue(d.contains("frames (2..14) ..."), d);
        assertTrue(d.contains("#0 of frame 20: store 9 through " + Hex.of(e.view().slotAddress(0, 0))
                + " -> frame 0 slot 0"), d);
    }

    @Test
    void drawingIsDeterministicAndBounded() {
        StackEngine e0 = new SegmentedEngine(SMALL);
        String a = StackDiagram.render(e0, drive(e0, 0));
        assertTrue(a.contains("256 bytes, frame 0\n"), a);
        StackEngine e1 = new SegmentedEngine(SMALL);
        StackEngine e2 = new SegmentedEngine(SMALL);
        assertEquals(StackDiagram.render(e1, drive(e1, 5000)), StackDiagram.render(e2, drive(e2, 5000)));
        StackEngine e4 = new SegmentedEngine(SMALL);
        Snapshot s = Snapshot.capture(e4, drive(e4, 0));
        assertEquals(1, s.depth());
        StackEngine e3 = new SegmentedEngine(SMALL);
        AddressSpace m3 = drive(e3, 5000);
        Snapshot deep = Snapshot.capture(e3, m3, List.of(2500));
        assertTrue(deep.segments().size() <= Snapshot.TOP_SEGMENTS + 2, deep.segments().toString());
        String d = StackDiagram.render(deep);
        assertTrue(d.contains("| frame 2500 f"), "a focus frame is kept");
        assertTrue(d.contains("segments not shown"), d);
        assertTrue(d.lines().count() < 200, () -> d.lines().count() + " lines");
    }

    @Test
    void aBrokenViewIsReportedNotThrown() {
        StackEngine e = new SegmentedEngine(SMALL) {
            @Override
            public dev.stackcheck.engine.StackView view() {
                throw new IllegalStateException("no view");
            }
        };
        String d = StackDiagram.render(e, new AddressSpace());
        assertTrue(d.contains("! the engine's view failed: java.lang.IllegalStateException: no view"), d);
    }

    private static int indexOf(List<String> lines, String s) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(s)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void noDiagramsWhenNotAsked() {
        Violation v = violation(LaneTest.LOCAL, LaneTest.after(new CopyingEngine(FaultyEnginesTest.SMALL), 4,
                t -> t.memory.write(LaneTest.slot(t, 1, 0), 8)));
        assertEquals("", v.before());
        assertEquals("", v.after());
    }

    @Test
    void theDiagramOfAWrongAddrShowsItsTargetFrame() {
        String p = "frame main words=3\nframe f words=3 ptrs=1\ncall main\nrepeat 19 {\n  call f\n}\naddr 1 5.0\nret\n";
        Supplier<StackEngine> wrong = () -> new CopyingEngine(FaultyEnginesTest.SMALL) {
            @Override
            public void addr(int slot, int frame, int target) {
                super.addr(slot, frame - 1, target);
            }
        };
        Violation v = Runner.run(Fixtures.parse(p), List.of(new EngineSetup("t", wrong)), RunOptions.DEFAULT)
                .violations().get(0);
        assertEquals(Invariant.PTR_1, v.invariant());
        assertTrue(v.after().contains("| frame 5 f"), v.after());
        assertTrue(v.after().contains("| frame 4 f"), v.after());
    }

    @Test
    void aStartViolationIsDrawnWithTheEmptyStack() {
        Supplier<StackEngine> claims = () -> new Tampered(new CopyingEngine(FaultyEnginesTest.SMALL)) {
            @Override
            public EngineParams params() {
                return FaultyEnginesTest.SMALL.withInitialStack(512);
            }
        };
        Violation v = Runner.run(Fixtures.parse(LaneTest.LOCAL), List.of(new EngineSetup("t", claims)),
                RunOptions.DEFAULT).violations().get(0);
        assertEquals("", v.before());
        assertTrue(v.after().startsWith("copying (copying): 0 frames, 1 segment, 0 defer records\n"), v.after());
    }

    @Test
    void aStartViolationWithoutDiagrams() {
        Supplier<StackEngine> claims = () -> new Tampered(new CopyingEngine(FaultyEnginesTest.SMALL)) {
            @Override
            public EngineParams params() {
                return FaultyEnginesTest.SMALL.withInitialStack(512);
            }
        };
        Violation v = Runner.run(Fixtures.parse(LaneTest.LOCAL), List.of(new EngineSetup("t", claims)),
                QUIET).violations().get(0);
        assertEquals("", v.after());
    }
}

package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * SEG-4 for a segmented outside engine: the live frames' slots fit in the segments its events say are in use,
 * so an engine that hides its splits (all of them, or some) is caught even when it leaves out every
 * statistic that would show it (peakReserved, splits).
 */
class SegmentedBlackBoxFramesTest {

    private static final long SEGMENT = 8192;
    private static final long U = BlackBoxEvent.UNKNOWN;
    private static final long BASE = 0x100000;
    private static final EngineParams PARAMS = EngineParams.DEFAULT; // 8 KiB segments, no cache

    /** 30 calls of 800 bytes of slots each: the eleventh (step 10) outgrows one 8 KiB segment. */
    private static final Program DEEP = Parser.parse(String.join("\n",
            "frame f words=100",
            "repeat 30 {",
            "  call f",
            "}",
            "repeat 30 {",
            "  ret",
            "}",
            ""));

    /**
     * A segmented engine's honest events for {@link #DEEP}, splits after the first {@code hideAfter} dropped:
     * a fresh 8 KiB segment (alloc, split) whenever the frames outgrow those in use, which holds 10 frames;
     * a lessstack when its first frame returns.
     */
    private static List<BlackBoxEvent> events(int hideAfter) {
        List<BlackBoxEvent> out = new ArrayList<>();
        List<Long> chain = new ArrayList<>(List.of(BASE));
        long next = 0x200000;
        int splits = 0;
        for (int call = 0; call < 30; call++) {
            if (call > 0 && call % 10 == 0 && splits++ < hideAfter) { // frames 0-9 fill the base, 10-19 the next
                long lo = next;
                next += 0x10000;
                out.add(new BlackBoxEvent(BlackBoxEvent.Kind.ALLOC, U, SEGMENT, U, U, U, U, lo, U, lo + SEGMENT, "", call,
                        "alloc"));
                out.add(new BlackBoxEvent(BlackBoxEvent.Kind.SPLIT, U, SEGMENT, U, chain.get(chain.size() - 1), U, U, lo,
                        U, lo + SEGMENT, "", call, "split"));
                chain.add(lo);
            }
        }
        for (int ret = 0; ret < 30; ret++) {
            int frame = 29 - ret;
            if (frame > 0 && frame % 10 == 0 && chain.size() > frame / 10) {
                long lo = chain.remove(chain.size() - 1);
                out.add(new BlackBoxEvent(BlackBoxEvent.Kind.LESSSTACK, SEGMENT, U, U, lo, U, lo + SEGMENT,
                        chain.get(chain.size() - 1), U, U, "", 30 + ret, "lessstack"));
            }
        }
        return out;
    }

    private static RunResult run(List<BlackBoxEvent> events, Map<String, Long> stats) {
        BlackBoxCheckTest.Fake fake = new BlackBoxCheckTest.Fake("seg", StackKind.SEGMENTED, PARAMS,
                p -> BlackBoxCheckTest.completed(new long[0], events, stats));
        return Runner.run(DEEP, List.of(new EngineSetup("seg", () -> fake)));
    }

    @Test
    void anEngineThatReportsEverySplitPasses() {
        RunResult r = run(events(2), Map.of("calls", 30L, "returns", 30L, "splits", 2L));
        assertTrue(r.ok(), r.toString());
    }

    @Test
    void anEngineThatReportsNoEventAndNoStatisticIsCaughtWhereTheFramesOutgrowOneSegment() {
        RunResult r = run(List.of(), Map.of());
        Violation v = r.violations().get(0);
        assertEquals(Invariant.SEG_4, v.invariant(), v.toString());
        assertEquals(10, v.step(), "the eleventh call: 8800 bytes of slots, past the one 8192-byte segment");
        assertEquals("call f", v.statementText());
        assertEquals("after this statement the live frames hold 8800 bytes of slots, but the segments in use hold at"
                + " most 8192 bytes: a base segment of at most the floor (segmentMin, else the profile's segment size)"
                + " and the 0 segment(s) above it that its events name; a split it made is missing from its events",
                v.message());
    }

    /** Events of a second stack (a goroutine) give it a base segment of its own: two floors in use. */
    @Test
    void everyStackTheEventsNameHasABaseSegment() {
        List<BlackBoxEvent> other = List.of(
                new BlackBoxEvent(BlackBoxEvent.Kind.ALLOC, U, SEGMENT, U, U, U, U, 0x300000, U, 0x300000 + SEGMENT, "",
                        0, "alloc"),
                new BlackBoxEvent(BlackBoxEvent.Kind.ALLOC, U, SEGMENT, U, U, U, U, 0x310000, U, 0x310000 + SEGMENT, "g2",
                        0, "alloc of g2"));
        Violation v = run(other, Map.of()).violations().get(0);
        assertEquals(Invariant.SEG_4, v.invariant(), v.toString());
        assertEquals(20, v.step(), "the 21st call: 16800 bytes of slots, past two 8192-byte base segments");
        assertTrue(v.message().contains("at most 16384 bytes: 2 base segments of at most the floor"), v.message());
    }

    @Test
    void anEngineThatHidesItsLaterSplitsIsCaughtAtTheFirstHiddenOne() {
        RunResult r = run(events(1), Map.of());
        Violation v = r.violations().get(0);
        assertEquals(Invariant.SEG_4, v.invariant(), v.toString());
        assertEquals(20, v.step(), "the 21st call needs a third segment; only one split was reported");
        assertTrue(v.message().contains("16384 bytes") && v.message().contains("the 1 segment(s) above it"),
                v.message());
    }

    /**
     * A program that ends 30 frames deep: the engine returns through its segments after the last statement and
     * gives those lessstack events the last step (no later step exists), as gccgo does; the frames live after
     * that statement still fit in what was in use during it.
     */
    @Test
    void lessstackAfterTheLastStatementCarriesItsStep() {
        Program open = Parser.parse("frame f words=100\nrepeat 30 {\n  call f\n}\n");
        List<BlackBoxEvent> events = new ArrayList<>(events(2).subList(0, 4)); // the two splits
        for (long lo : new long[] {0x210000, 0x200000}) {
            events.add(new BlackBoxEvent(BlackBoxEvent.Kind.LESSSTACK, SEGMENT, U, U, lo, U, lo + SEGMENT,
                    lo == 0x210000 ? 0x200000 : BASE, U, U, "", 29, "lessstack at the end"));
        }
        BlackBoxCheckTest.Fake fake = new BlackBoxCheckTest.Fake("seg", StackKind.SEGMENTED, PARAMS,
                p -> BlackBoxCheckTest.completed(new long[0], events, Map.of()));
        RunResult r = Runner.run(open, List.of(new EngineSetup("seg", () -> fake)));
        assertTrue(r.ok(), r.toString());
        // the same lessstack events one step earlier leave the 30th call without its segment
        List<BlackBoxEvent> early = new ArrayList<>(events.subList(0, 4));
        for (BlackBoxEvent e : events.subList(4, 6)) {
            early.add(new BlackBoxEvent(e.kind(), e.oldSize(), e.newSize(), e.used(), e.oldLo(), e.oldSp(), e.oldHi(),
                    e.newLo(), e.newSp(), e.newHi(), "", 28, e.origin()));
        }
        BlackBoxCheckTest.Fake wrong = new BlackBoxCheckTest.Fake("seg", StackKind.SEGMENTED, PARAMS,
                p -> BlackBoxCheckTest.completed(new long[0], early, Map.of()));
        Violation v = Runner.run(open, List.of(new EngineSetup("seg", () -> wrong))).violations().get(0);
        assertEquals(Invariant.SEG_4, v.invariant(), v.toString());
        assertEquals(29, v.step());
    }

    @Test
    void aRunThatOverflowedIsNotHeldToFramesItNeverReached() {
        BlackBoxCheckTest.Fake fake = new BlackBoxCheckTest.Fake("seg", StackKind.SEGMENTED, PARAMS,
                p -> new BlackBoxRun(BlackBoxRun.Outcome.OVERFLOW, "stack overflow", new long[0], List.of(), Map.of(),
                        ""));
        RunResult r = Runner.run(DEEP, List.of(new EngineSetup("seg", () -> fake)));
        assertTrue(r.violations().stream().noneMatch(v -> v.invariant() == Invariant.SEG_4), r.toString());
    }
}

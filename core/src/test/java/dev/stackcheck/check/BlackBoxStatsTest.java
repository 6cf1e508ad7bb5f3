package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.engine.Stats;
import dev.stackcheck.program.Parser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every statistic and event field an outside engine reports is checked (PROTOCOL.md section 4): an event's
 * step, pointersAdjusted (PTR-3), peakUsed and peakReserved (STAT-1); a field it leaves out is not reported,
 * not 0.
 */
class BlackBoxStatsTest {

    /** Slot 1 of main points at its slot 0 before f is called: a copy at that call moves one pointer. */
    static final String PROGRAM = String.join("\n",
            "frame main words=4 ptrs=1",
            "frame f words=2",
            "call main",      // step 0
            "addr 1 0.0",     // step 1
            "call f",         // step 2
            "ret",            // step 3
            "ret",            // step 4
            "");

    static BlackBoxEvent copy(long step) {
        return new BlackBoxEvent(BlackBoxEvent.Kind.COPY, 2048, 4096, 64, BlackBoxEvent.UNKNOWN,
                BlackBoxEvent.UNKNOWN, BlackBoxEvent.UNKNOWN, BlackBoxEvent.UNKNOWN, BlackBoxEvent.UNKNOWN,
                BlackBoxEvent.UNKNOWN, "", step, "stdout line 3");
    }

    static RunResult run(StackKind kind, List<BlackBoxEvent> events, Map<String, Long> stats) {
        BlackBoxCheckTest.Fake fake = new BlackBoxCheckTest.Fake("box", kind, Profile.GO1_19.params(),
                p -> new BlackBoxRun(BlackBoxRun.Outcome.COMPLETED, "", new long[0], events, stats, ""));
        return Runner.run(Parser.parse(PROGRAM), List.of(new EngineSetup("box", () -> fake)));
    }

    static Violation only(RunResult r) {
        assertEquals(1, r.violations().size(), r.toString());
        return r.violations().get(0);
    }

    @Test
    void aFaithfulReportPasses() {
        RunResult r = run(StackKind.COPYING, List.of(copy(2)), Map.of("copies", 1L, "pointersAdjusted", 1L,
                "peakUsed", 48L, "peakReserved", 6144L));
        assertTrue(r.ok(), r.toString());
        Stats s = r.engine("box").stats();
        assertEquals(1, s.pointersAdjusted());
        assertEquals(Stats.NOT_REPORTED, s.calls(), "calls were not reported");
        assertEquals(Stats.NOT_REPORTED, s.cacheHits());
        assertEquals(1, s.copies(), "copies are filled from the events");
        assertEquals(64, s.bytesCopied(), "bytesCopied too");
    }

    @Test
    void withoutAnEventNothingWasCopiedAndTheCacheHitsReportedAreCovered() {
        RunResult r = run(StackKind.SEGMENTED, List.of(), Map.of("cacheHits", 0L, "pointersAdjusted", 0L));
        assertTrue(r.ok(), r.toString());
        assertEquals(0, r.engine("box").stats().bytesCopied(), "no copy event: 0 bytes copied, not unreported");
        assertEquals(0, r.engine("box").stats().pointersAdjusted());
        RunResult hits = run(StackKind.OTHER, List.of(), Map.of("cacheHits", 3L));
        assertEquals(3, hits.engine("box").coverage().cacheHit(), hits.toString());
    }

    static BlackBoxEvent shrink(long step) {
        return new BlackBoxEvent(BlackBoxEvent.Kind.SHRINK, 4096, 2048, 64, BlackBoxEvent.UNKNOWN,
                BlackBoxEvent.UNKNOWN, BlackBoxEvent.UNKNOWN, BlackBoxEvent.UNKNOWN, BlackBoxEvent.UNKNOWN,
                BlackBoxEvent.UNKNOWN, "", step, "stdout line 4");
    }

    static BlackBoxEvent segmentEvent(BlackBoxEvent.Kind kind, long oldSize, long newSize, long step) {
        return new BlackBoxEvent(kind, oldSize, newSize, BlackBoxEvent.UNKNOWN, BlackBoxEvent.UNKNOWN,
                BlackBoxEvent.UNKNOWN, BlackBoxEvent.UNKNOWN, BlackBoxEvent.UNKNOWN, BlackBoxEvent.UNKNOWN,
                BlackBoxEvent.UNKNOWN, "", step, "stdout line 5");
    }

    @Test
    void pointersAdjustedSumsTheStackAtEveryCopyAndShrink() {
        // the copy at the call of f (step 2) and the shrink at its ret (step 3) each move main's one pointer
        List<BlackBoxEvent> events = List.of(copy(2), shrink(3));
        assertTrue(run(StackKind.COPYING, events, Map.of("pointersAdjusted", 2L)).ok());
        Violation v = only(run(StackKind.COPYING, events, Map.of("pointersAdjusted", 3L)));
        assertEquals(Invariant.PTR_3, v.invariant());
        assertEquals("stats.pointersAdjusted = 3, but the specification places 2 pointers (reference slots and"
                + " defer records) in the stacks its 2 copies and shrinks moved", v.message());
    }

    @Test
    void pointersAdjustedCountsOnlyTheCopiesAmongOtherEvents() {
        // a split event at a step with no copy moves no pointer of a copied stack
        List<BlackBoxEvent> events = List.of(segmentEvent(BlackBoxEvent.Kind.SPLIT, BlackBoxEvent.UNKNOWN, 8192, 1),
                copy(2));
        assertTrue(run(StackKind.OTHER, events, Map.of("pointersAdjusted", 1L)).ok());
        assertEquals(Invariant.PTR_3, only(run(StackKind.OTHER, events, Map.of("pointersAdjusted", 2L))).invariant());
    }

    @Test
    void onlyASegmentedEngineIsHeldToTheSegmentRules() {
        // a lessstack with no split before it breaks the segment chain (SEG-1) of a segmented engine; an engine
        // of another kind may name such events without being held to a segmented stack's rules
        long u = BlackBoxEvent.UNKNOWN;
        List<BlackBoxEvent> events = List.of(new BlackBoxEvent(BlackBoxEvent.Kind.LESSSTACK, 8192, u, u, 0x200000, u,
                0x202000, u, u, u, "", 3, "stdout line 5"));
        assertTrue(run(StackKind.OTHER, events, Map.of()).ok());
        Tampered.check("SEG-1 @3 lessstack event (stdout line 5): lessstack leaves segment 0x200000, but the current"
                + " segment is the base", only(run(StackKind.SEGMENTED, events, Map.of())));
    }

    @Test
    void anEarlierViolationStandsBeforeTheSegmentRules() {
        // the lessstack names a step past the program (ENG-1), and leaves the base (SEG-1): ENG-1 is reported
        long u = BlackBoxEvent.UNKNOWN;
        List<BlackBoxEvent> events = List.of(new BlackBoxEvent(BlackBoxEvent.Kind.LESSSTACK, 8192, u, u, 0x200000, u,
                0x202000, u, u, u, "", 9, "stdout line 5"));
        assertEquals(Invariant.ENG_1, only(run(StackKind.SEGMENTED, events, Map.of())).invariant());
    }

    @Test
    void cacheHitsWithoutAnyEventAreWrong() {
        Violation v = only(run(StackKind.SEGMENTED, List.of(), Map.of("cacheHits", 2L)));
        assertEquals(Invariant.STAT_1, v.invariant());
        assertEquals("stats.cacheHits = 2, but the engine reported no event: no split reused a segment", v.message());
        assertTrue(run(StackKind.SEGMENTED, List.of(), Map.of("cacheHits", 0L)).ok());
    }

    @Test
    void theLiveSlotsBoundThePeaksOfACompletedRunOnly() {
        BlackBoxCheckTest.Fake fake = new BlackBoxCheckTest.Fake("box", StackKind.OTHER, Profile.GO1_19.params(),
                p -> new BlackBoxRun(BlackBoxRun.Outcome.OVERFLOW, "stack overflow", new long[0], List.of(),
                        Map.of("peakUsed", 40L, "peakReserved", 40L), ""));
        RunResult r = Runner.run(Parser.parse(PROGRAM), List.of(new EngineSetup("box", () -> fake)));
        assertTrue(r.ok(), "an overflowed run stopped part way: " + r);
    }

    @Test
    void peakReservedMayEqualTheStacksAndTheUsedBytes() {
        assertTrue(run(StackKind.COPYING, List.of(copy(2)), Map.of("peakUsed", 4096L, "peakReserved", 4096L)).ok());
    }

    @Test
    void peakReservedHoldsTheSegmentsASplitNamesButNotThoseALessstackOrFreeLeaves() {
        Violation v = only(run(StackKind.OTHER, List.of(segmentEvent(BlackBoxEvent.Kind.SPLIT, 16384, 8192, 2)),
                Map.of("peakReserved", 8192L)));
        assertEquals(Invariant.STAT_1, v.invariant());
        assertEquals("stats.peakReserved = 8192, but the split event (stdout line 5) names a stack of 16384 bytes",
                v.message());
        for (BlackBoxEvent.Kind kind : List.of(BlackBoxEvent.Kind.LESSSTACK, BlackBoxEvent.Kind.FREE)) {
            RunResult r = run(StackKind.OTHER, List.of(segmentEvent(kind, 16384, 16384, 3)), Map.of("peakReserved", 8192L));
            assertTrue(r.ok(), kind + ": " + r);
        }
    }

    @Test
    void anEventBeyondTheProgramIsAnError() {
        Violation v = only(run(StackKind.COPYING, List.of(copy(5)), Map.of()));
        assertEquals(Invariant.ENG_1, v.invariant());
        assertEquals("copy event (stdout line 3) at step 5, but the program runs only 5 statements (steps 0 to 4)",
                v.message());
    }

    @Test
    void pointersAdjustedMustMatchTheSpecificationsPointers() {
        Violation v = only(run(StackKind.COPYING, List.of(copy(2)), Map.of("pointersAdjusted", 2L)));
        assertEquals(Invariant.PTR_3, v.invariant());
        assertEquals("stats.pointersAdjusted = 2, but the specification places 1 pointers (reference slots and"
                + " defer records) in the stacks its 1 copies and shrinks moved", v.message());
    }

    @Test
    void anEngineOfAnotherKindAdjustsAtMostTheWholeStacksPointers() {
        // a hybrid, or an engine that declared no kind, may move a part of the stack: fewer pointers pass,
        // more than the whole stack holds do not
        for (StackKind kind : List.of(StackKind.OTHER, StackKind.HYBRID)) {
            assertTrue(run(kind, List.of(copy(2)), Map.of("pointersAdjusted", 1L)).ok(), kind.name());
            assertTrue(run(kind, List.of(copy(2)), Map.of("pointersAdjusted", 0L)).ok(), kind.name());
            Violation v = only(run(kind, List.of(copy(2)), Map.of("pointersAdjusted", 2L)));
            assertEquals(Invariant.PTR_3, v.invariant(), kind.name());
            assertTrue(v.message().startsWith("stats.pointersAdjusted = 2, but the specification places at most 1"
                    + " pointers"), v.message());
        }
        Violation under = only(run(StackKind.COPYING, List.of(copy(2)), Map.of("pointersAdjusted", 0L)));
        assertEquals(Invariant.PTR_3, under.invariant(), "a copying engine moves the whole stack: exactly");
    }

    @Test
    void pointersAdjustedWithoutACopyIsWrongForEveryKind() {
        Violation v = only(run(StackKind.OTHER, List.of(), Map.of("pointersAdjusted", 3L)));
        assertEquals(Invariant.PTR_3, v.invariant());
        assertTrue(v.message().contains("never copied"), v.message());
        assertTrue(run(StackKind.OTHER, List.of(), Map.of("pointersAdjusted", 0L)).ok());
    }

    @Test
    void aCopyWithoutAStepLeavesTheCountUnchecked() {
        RunResult r = run(StackKind.COPYING, List.of(copy(BlackBoxEvent.UNKNOWN)), Map.of("pointersAdjusted", 7L));
        assertTrue(r.ok(), r.toString());
    }

    @Test
    void peakUsedBelowTheLiveSlotsIsWrong() {
        Violation v = only(run(StackKind.OTHER, List.of(), Map.of("peakUsed", 40L)));
        assertEquals(Invariant.STAT_1, v.invariant());
        assertEquals("stats.peakUsed = 40, but the program had 48 bytes of slots live at once", v.message());
    }

    @Test
    void peakReservedBelowTheLiveSlotsIsWrong() {
        // an engine that hides its growth: no event, and a reserved peak too small for the live frames
        Violation v = only(run(StackKind.SEGMENTED, List.of(), Map.of("peakReserved", 40L)));
        assertEquals(Invariant.STAT_1, v.invariant());
        assertEquals("stats.peakReserved = 40, but the program had 48 bytes of slots live at once", v.message());
    }

    @Test
    void peakUsedAbovePeakReservedIsWrong() {
        Violation v = only(run(StackKind.OTHER, List.of(), Map.of("peakUsed", 4096L, "peakReserved", 2048L)));
        assertEquals(Invariant.STAT_1, v.invariant());
        assertTrue(v.message().contains("more than stats.peakReserved"), v.message());
    }

    @Test
    void peakReservedBelowAStackAnEventNamesIsWrong() {
        Violation v = only(run(StackKind.COPYING, List.of(copy(2)), Map.of("peakReserved", 2048L)));
        assertEquals(Invariant.STAT_1, v.invariant());
        assertEquals("stats.peakReserved = 2048, but the copy event (stdout line 3) names a stack of 4096 bytes",
                v.message());
    }
}

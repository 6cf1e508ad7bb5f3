package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.BlackBoxEvent.Kind;
import dev.stackcheck.engine.EngineParams;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The segment events of an outside segmented engine ({@link SegmentEventCheck#check}) one rule at a time: a
 * faithful event list passes, with and without a cache; a list wrong in exactly one event (a split that
 * leaves another segment, lands on a segment not held or not the next one, reuses without a cache, has
 * another size, passes the limit; a lessstack from the base or to another segment; a free of a segment not
 * held, in use or under others; an allocation of a wrong size or of a held segment; a wrong cacheHits) is
 * reported at that event with its invariant and message.
 */
class SegmentEventCheckTest {

    static final long BASE = 0x100000;
    static final long A = 0x200000;
    static final long B = 0x300000;
    static final long SEG = 8192;

    static final EngineParams NOCACHE = new EngineParams(SEG, false, SEG, 256, 1L << 20, 0);
    static final EngineParams CACHE = NOCACHE.withSegmentCache(true);

    static BlackBoxEvent ev(Kind kind, long newSize, long oldLo, long newLo, String stack, long step) {
        long u = BlackBoxEvent.UNKNOWN;
        return new BlackBoxEvent(kind, u, newSize, u, oldLo, u, u, newLo, u, u, stack, step, "line " + step);
    }

    static BlackBoxEvent alloc(long lo, long size, long step) {
        return ev(Kind.ALLOC, size, BlackBoxEvent.UNKNOWN, lo, "", step);
    }

    static BlackBoxEvent split(long from, long to, long step) {
        return ev(Kind.SPLIT, BlackBoxEvent.UNKNOWN, from, to, "", step);
    }

    static BlackBoxEvent split(long from, long to, long size, long step) {
        return ev(Kind.SPLIT, size, from, to, "", step);
    }

    static BlackBoxEvent lessstack(long from, long to, long step) {
        return ev(Kind.LESSSTACK, BlackBoxEvent.UNKNOWN, from, to, "", step);
    }

    static BlackBoxEvent free(long lo, long step) {
        return ev(Kind.FREE, BlackBoxEvent.UNKNOWN, BlackBoxEvent.UNKNOWN, lo, "", step);
    }

    static List<CopyEventCheck.Finding> check(EngineParams p, Map<String, Long> stats, BlackBoxEvent... events) {
        return SegmentEventCheck.check(List.of(events), p, stats);
    }

    static void assertOk(List<CopyEventCheck.Finding> f) {
        assertEquals(List.of(), f);
    }

    /** The only finding is {@code inv} at event {@code index} with {@code message}. */
    static void assertFinding(List<CopyEventCheck.Finding> f, Invariant inv, int index, String message) {
        assertEquals(1, f.size(), f::toString);
        assertEquals(inv, f.get(0).invariant(), f::toString);
        assertEquals(index, f.get(0).index(), f::toString);
        assertEquals(message, f.get(0).message());
    }

    /** Go 1.2's way: a split onto a new segment, lessstack frees it, the next split allocates another. */
    static final BlackBoxEvent[] NO_CACHE_RUN = {
        alloc(A, SEG, 3), split(BASE, A, SEG, 3), lessstack(A, BASE, 5), free(A, 5),
        alloc(B, SEG, 7), split(BASE, B, 7), lessstack(B, BASE, 9), free(B, 9)};

    /** libgcc's way: the returned segment stays held and the next split reuses it. */
    static final BlackBoxEvent[] CACHE_RUN = {
        alloc(A, SEG, 3), split(BASE, A, SEG, 3), lessstack(A, BASE, 5), split(BASE, A, 7), lessstack(A, BASE, 9)};

    @Test
    void faithfulEventsPass() {
        assertOk(check(NOCACHE, Map.of("cacheHits", 0L), NO_CACHE_RUN));
        assertOk(check(CACHE, Map.of("cacheHits", 1L), CACHE_RUN));
        assertOk(check(CACHE, Map.of(), NO_CACHE_RUN));
        assertOk(check(NOCACHE, Map.of()));
    }

    @Test
    void aReuseWithoutACache() {
        assertFinding(check(NOCACHE, Map.of(), CACHE_RUN), Invariant.LEAK_1, 3, "split reuses segment 0x200000:"
                + " without a cache lessstack frees the segment it leaves (the profile's rule)");
    }

    @Test
    void anAllocationOfAnEarlierStatementIsAReuse() {
        // the split's segment was allocated at step 2, the split is at step 3: not this statement's allocation
        assertFinding(check(NOCACHE, Map.of(), alloc(A, SEG, 2), split(BASE, A, 3)), Invariant.LEAK_1, 1,
                "split reuses segment 0x200000: without a cache lessstack frees the segment it leaves (the"
                        + " profile's rule)");
        assertOk(check(CACHE, Map.of("cacheHits", 1L), alloc(A, SEG, 2), split(BASE, A, 3)));
    }

    @Test
    void cacheHitsMustCountTheReuses() {
        assertFinding(check(CACHE, Map.of("cacheHits", 0L), CACHE_RUN), Invariant.STAT_1, 4,
                "stats.cacheHits = 0, but 1 splits allocated no segment");
        assertFinding(check(NOCACHE, Map.of("cacheHits", 1L), NO_CACHE_RUN), Invariant.STAT_1, 7,
                "stats.cacheHits = 1, but 0 splits allocated no segment");
    }

    @Test
    void aSplitThatLeavesAnotherSegment() {
        assertFinding(check(CACHE, Map.of(), alloc(A, SEG, 1), split(BASE, A, 1), alloc(B, SEG, 2),
                split(BASE, B, 2)), Invariant.SEG_1, 3,
                "split leaves segment 0x100000, but the current segment is 0x200000");
    }

    @Test
    void aSplitOntoASegmentNeverAllocated() {
        assertFinding(check(CACHE, Map.of(), split(BASE, A, 1)), Invariant.MEM_1, 0,
                "split onto 0x200000, which is not a held segment (freed, or never allocated)");
    }

    @Test
    void aSplitOntoAFreedSegment() {
        assertFinding(check(NOCACHE, Map.of(), alloc(A, SEG, 1), split(BASE, A, 1), lessstack(A, BASE, 2),
                free(A, 2), split(BASE, A, 3)), Invariant.MEM_1, 4,
                "split onto 0x200000, which is not a held segment (freed, or never allocated)");
    }

    @Test
    void aSplitOntoAHeldSegmentThatIsNotTheNext() {
        assertFinding(check(CACHE, Map.of(), alloc(A, SEG, 1), alloc(B, SEG, 1), split(BASE, B, 1)),
                Invariant.SEG_1, 2, "split onto the held segment at depth 2, not the next one, depth 1");
    }

    @Test
    void aSplitOfAnotherSizeThanAllocated() {
        assertFinding(check(CACHE, Map.of(), alloc(A, SEG, 1), split(BASE, A, 2 * SEG, 1)), Invariant.SEG_4, 1,
                "split onto a segment of 16384 bytes, but it has 8192");
    }

    @Test
    void segmentsInUsePastTheLimit() {
        EngineParams p = CACHE.withMaxStack(2 * SEG);
        BlackBoxEvent[] two = {alloc(A, SEG, 1), split(BASE, A, 1), alloc(B, SEG, 2), split(A, B, 2)};
        assertOk(check(p, Map.of(), two));
        assertFinding(check(p.withMaxStack(2 * SEG - 1), Map.of(), two), Invariant.CPY_4, 3,
                "the segments in use above the base hold 16384 bytes, past the 16383-byte limit");
    }

    @Test
    void aLessstackFromTheBase() {
        assertFinding(check(CACHE, Map.of(), lessstack(A, BASE, 1)), Invariant.SEG_1, 0,
                "lessstack leaves segment 0x200000, but the current segment is the base");
    }

    @Test
    void aLessstackFromAnotherSegment() {
        assertFinding(check(CACHE, Map.of(), alloc(A, SEG, 1), split(BASE, A, 1), lessstack(B, BASE, 2)),
                Invariant.SEG_1, 2, "lessstack leaves segment 0x300000, but the current segment is 0x200000");
    }

    @Test
    void aLessstackToAnotherSegmentThanTheOneBelow() {
        assertFinding(check(CACHE, Map.of(), alloc(A, SEG, 1), split(BASE, A, 1), lessstack(A, B, 2)),
                Invariant.SEG_1, 2, "lessstack returns to 0x300000, not to the segment below, 0x100000");
        // a lessstack that does not say where it returns is not judged on it
        assertOk(check(CACHE, Map.of(), alloc(A, SEG, 1), split(BASE, A, 1),
                lessstack(A, BlackBoxEvent.UNKNOWN, 2)));
    }

    @Test
    void aFreeOfASegmentNotHeld() {
        assertFinding(check(CACHE, Map.of(), alloc(A, SEG, 1), free(B, 2)), Invariant.MEM_1, 1,
                "free of 0x300000, which is not a held segment");
    }

    @Test
    void aFreeOfASegmentInUse() {
        assertFinding(check(CACHE, Map.of(), alloc(A, SEG, 1), split(BASE, A, 1), free(A, 2)), Invariant.MEM_1, 2,
                "free of segment 0x200000, in use at depth 1");
    }

    @Test
    void aFreeUnderHeldSegments() {
        // the tail is A, B (both returned): freeing A first leaves B unreachable
        BlackBoxEvent[] tail = {alloc(A, SEG, 1), split(BASE, A, 1), alloc(B, SEG, 2), split(A, B, 2),
            lessstack(B, A, 3), lessstack(A, BASE, 4)};
        BlackBoxEvent[] right = java.util.Arrays.copyOf(tail, 8);
        right[6] = free(B, 5);
        right[7] = free(A, 5);
        assertOk(check(CACHE, Map.of(), right));
        BlackBoxEvent[] wrong = java.util.Arrays.copyOf(tail, 7);
        wrong[6] = free(A, 5);
        assertFinding(check(CACHE, Map.of(), wrong), Invariant.LEAK_1, 6,
                "free of segment 0x200000 at depth 1 leaves 1 held segment(s) above it unreachable");
    }

    @Test
    void anAllocationOfPartOfAPage() {
        assertFinding(check(CACHE, Map.of(), alloc(A, SEG + 8, 1)), Invariant.SEG_4, 0,
                "a segment of 8200 bytes is not a whole number of 4096-byte pages");
    }

    @Test
    void anAllocationBelowTheFloor() {
        assertFinding(check(CACHE, Map.of(), alloc(A, 4096, 1)), Invariant.SEG_4, 0,
                "a segment of 4096 bytes is below the floor of 8192 bytes");
        // an engine that reports its segmentMin is held to it instead
        assertOk(check(CACHE, Map.of("segmentMin", 4096L), alloc(A, 4096, 1)));
        assertFinding(check(CACHE, Map.of("segmentMin", 3L * 4096), alloc(A, 2 * 4096, 1)), Invariant.SEG_4, 0,
                "a segment of 8192 bytes is below the floor of 12288 bytes");
    }

    @Test
    void anAllocationOfAHeldSegment() {
        assertFinding(check(CACHE, Map.of(), alloc(A, SEG, 1), alloc(A, SEG, 2)), Invariant.MEM_1, 1,
                "allocated segment 0x200000 is still held");
    }

    @Test
    void eachStackHasItsOwnChainAndCopiesAreIgnored() {
        BlackBoxEvent copy = ev(Kind.COPY, SEG, BlackBoxEvent.UNKNOWN, BlackBoxEvent.UNKNOWN, "g1", 1);
        List<CopyEventCheck.Finding> f = check(CACHE, Map.of(),
                ev(Kind.ALLOC, SEG, BlackBoxEvent.UNKNOWN, A, "g1", 1),
                copy,
                ev(Kind.SPLIT, SEG, BASE, A, "g1", 1),
                ev(Kind.ALLOC, SEG, BlackBoxEvent.UNKNOWN, B, "g2", 2),
                ev(Kind.SPLIT, SEG, 0x400000, B, "g2", 2),
                ev(Kind.LESSSTACK, BlackBoxEvent.UNKNOWN, A, BASE, "g1", 3),
                ev(Kind.LESSSTACK, BlackBoxEvent.UNKNOWN, A, 0x400000, "g2", 4),
                ev(Kind.LESSSTACK, BlackBoxEvent.UNKNOWN, A, BASE, "g1", 5),
                ev(Kind.LESSSTACK, BlackBoxEvent.UNKNOWN, A, 0x400000, "g2", 6));
        // g2's lessstack leaves A, g2's current segment is B; g1's second lessstack is from its base; one
        // finding per stack, each chain stops at its first
        assertEquals(2, f.size(), f::toString);
        assertEquals(6, f.get(0).index());
        assertEquals("lessstack leaves segment 0x200000, but the current segment is 0x300000", f.get(0).message());
        assertEquals(7, f.get(1).index());
        assertEquals("lessstack leaves segment 0x200000, but the current segment is the base", f.get(1).message());
    }

    @Test
    void aBrokenChainStopsItsMirrorAndItsCacheHitsAreNotCounted() {
        // the lessstack from the base breaks the chain; what follows it on that stack is not judged, nor are
        // the cache hits (which the broken mirror cannot count)
        assertFinding(check(NOCACHE, Map.of("cacheHits", 5L), lessstack(A, BASE, 1), alloc(A, SEG, 3),
                split(BASE, A, 3), lessstack(B, BASE, 5)), Invariant.SEG_1, 0,
                "lessstack leaves segment 0x200000, but the current segment is the base");
    }

    @Test
    void copyEventsAreNoSegmentEvents() {
        BlackBoxEvent copy = BlackBoxEvent.copy(Kind.COPY, 2048, 4096, 64, "line 1");
        BlackBoxEvent shrink = BlackBoxEvent.copy(Kind.SHRINK, 4096, 2048, 64, "line 2");
        List<BlackBoxEvent> events = new java.util.ArrayList<>(List.of(copy, shrink));
        events.addAll(List.of(NO_CACHE_RUN));
        assertOk(SegmentEventCheck.check(events, NOCACHE, Map.of()));
        // nor do they take part in what the segments in use hold
        List<BlackBoxEvent> live = new java.util.ArrayList<>(List.of(copy, shrink));
        live.addAll(ONE_SPLIT);
        assertEquals(new SegmentEventCheck.LiveSlots.Overrun(1, 1, SEG + 8, SEG, 1, 0),
                first(live, Map.of(), new long[][] {{0, SEG}, {1, SEG + 8}}));
    }

    @Test
    void aSegmentAnEventDoesNotNameIsSaidSo() {
        assertFinding(check(NOCACHE, Map.of(), lessstack(BlackBoxEvent.UNKNOWN, BASE, 1)), Invariant.SEG_1, 0,
                "lessstack leaves segment (not named), but the current segment is the base");
    }

    @Test
    void theBaseIsHeldToo() {
        // the base (depth 0) is a held segment: allocating it again, splitting onto it, freeing it are wrong
        assertFinding(check(NOCACHE, Map.of(), alloc(A, SEG, 3), split(BASE, A, SEG, 3), alloc(BASE, SEG, 4)),
                Invariant.MEM_1, 2, "allocated segment 0x100000 is still held");
        assertFinding(check(NOCACHE, Map.of(), alloc(A, SEG, 3), split(BASE, A, SEG, 3), split(A, BASE, 4)),
                Invariant.SEG_1, 2, "split onto the held segment at depth 0, not the next one, depth 2");
        assertFinding(check(NOCACHE, Map.of(), alloc(A, SEG, 3), split(BASE, A, SEG, 3), free(BASE, 4)),
                Invariant.MEM_1, 2, "free of segment 0x100000, in use at depth 0");
    }

    @Test
    void aSplitAllocatedOnlyTheSegmentAllocatedJustBeforeInItsStep() {
        // an alloc of an earlier step, or of another segment, does not make the split a fresh one: without a
        // cache it reused a segment
        assertFinding(check(NOCACHE, Map.of(), alloc(A, SEG, 2), split(BASE, A, SEG, 3)), Invariant.LEAK_1, 1,
                "split reuses segment 0x200000: without a cache lessstack frees the segment it leaves (the profile's"
                        + " rule)");
        assertFinding(check(NOCACHE, Map.of(), alloc(A, SEG, 3), alloc(B, SEG, 3), split(BASE, A, SEG, 3)),
                Invariant.LEAK_1, 2, "split reuses segment 0x200000: without a cache lessstack frees the segment it"
                        + " leaves (the profile's rule)");
    }

    @Test
    void aSegmentOfUnknownSizeBreaksNoRule() {
        assertOk(check(NOCACHE, Map.of(), alloc(A, BlackBoxEvent.UNKNOWN, 3), split(BASE, A, 3), lessstack(A, BASE, 5),
                free(A, 5)));
    }

    // ---- LiveSlots: what the segments in use hold, statement by statement

    /** A split at step 3 (8192 bytes in use above the base), its lessstack at step 5. */
    static final List<BlackBoxEvent> ONE_SPLIT = List.of(alloc(A, SEG, 3), split(BASE, A, 3), lessstack(A, BASE, 5));

    static SegmentEventCheck.LiveSlots.Overrun first(List<BlackBoxEvent> events, Map<String, Long> stats,
                                                       long[][] stepAndSlots) {
        SegmentEventCheck.LiveSlots live = new SegmentEventCheck.LiveSlots(events, NOCACHE, stats);
        for (int i = 0; i < stepAndSlots.length; i++) {
            live.after(stepAndSlots[i][0], i, stepAndSlots[i][1]);
        }
        return live.overrun();
    }

    @Test
    void liveSlotsWithinTheSegmentsInUsePass() {
        // the base alone (the floor, 8192) before step 3 and from step 6 on; base and A (16384) at steps 3..5
        assertEquals(null, first(ONE_SPLIT, Map.of(), new long[][] {{0, SEG}, {3, 2 * SEG}, {4, 2 * SEG},
            {5, 2 * SEG}, {6, SEG}}));
    }

    @Test
    void liveSlotsPastTheBaseBeforeTheSplit() {
        assertEquals(new SegmentEventCheck.LiveSlots.Overrun(1, 1, SEG + 8, SEG, 1, 0),
                first(ONE_SPLIT, Map.of(), new long[][] {{0, SEG}, {1, SEG + 8}}));
    }

    @Test
    void liveSlotsPastTheBaseAfterTheLessstack() {
        // step 5, the lessstack's, is held to the most in use during it; step 6 to what it left
        assertEquals(new SegmentEventCheck.LiveSlots.Overrun(6, 2, SEG + 8, SEG, 1, 0),
                first(ONE_SPLIT, Map.of(), new long[][] {{3, 2 * SEG}, {5, 2 * SEG}, {6, SEG + 8}}));
    }

    @Test
    void liveSlotsPastBothSegments() {
        assertEquals(new SegmentEventCheck.LiveSlots.Overrun(4, 1, 2 * SEG + 8, 2 * SEG, 1, 1),
                first(ONE_SPLIT, Map.of(), new long[][] {{3, 2 * SEG}, {4, 2 * SEG + 8}}));
    }

    @Test
    void theBaseIsCountedAtTheReportedSegmentMin() {
        assertEquals(new SegmentEventCheck.LiveSlots.Overrun(0, 0, 4096 + 8, 4096, 1, 0),
                first(List.of(), Map.of("segmentMin", 4096L), new long[][] {{0, 4096 + 8}}));
    }

    @Test
    void unorderedStepsHoldTheWholeRunToTheMostInUse() {
        List<BlackBoxEvent> unknown = List.of(alloc(A, SEG, BlackBoxEvent.UNKNOWN),
                split(BASE, A, BlackBoxEvent.UNKNOWN), lessstack(A, BASE, BlackBoxEvent.UNKNOWN));
        assertEquals(null, first(unknown, Map.of(), new long[][] {{0, 2 * SEG}, {9, 2 * SEG}}));
        assertEquals(new SegmentEventCheck.LiveSlots.Overrun(9, 1, 2 * SEG + 8, 2 * SEG, 1, 1),
                first(unknown, Map.of(), new long[][] {{0, 2 * SEG}, {9, 2 * SEG + 8}}));
    }

    @Test
    void aStepTheEventsNameIsHeldToTheMostInUseDuringIt() {
        // step 5, the lessstack's: A was in use during it (one segment above the base)
        assertEquals(new SegmentEventCheck.LiveSlots.Overrun(5, 0, 2 * SEG + 8, 2 * SEG, 1, 1),
                first(ONE_SPLIT, Map.of(), new long[][] {{5, 2 * SEG + 8}}));
    }

    @Test
    void everyStackHasABaseOfTheFloor() {
        // two stacks (the main one and g2), each its base: two floors, during step 3 and after it
        List<BlackBoxEvent> two = List.of(alloc(A, SEG, 3), ev(Kind.ALLOC, SEG, BlackBoxEvent.UNKNOWN, B, "g2", 3));
        assertEquals(new SegmentEventCheck.LiveSlots.Overrun(3, 0, 2 * SEG + 8, 2 * SEG, 2, 0),
                first(two, Map.of(), new long[][] {{3, 2 * SEG + 8}}));
        assertEquals(new SegmentEventCheck.LiveSlots.Overrun(4, 0, 2 * SEG + 8, 2 * SEG, 2, 0),
                first(two, Map.of(), new long[][] {{4, 2 * SEG + 8}}));
    }

    @Test
    void stepsThatGoBackHoldTheWholeRunToTheMostInUse() {
        // the lessstack names an earlier step than its split: the steps cannot be trusted to place the events
        List<BlackBoxEvent> back = List.of(alloc(A, SEG, 5), split(BASE, A, 5), lessstack(A, BASE, 3));
        assertEquals(null, first(back, Map.of(), new long[][] {{0, 2 * SEG}, {9, 2 * SEG}}));
        assertEquals(new SegmentEventCheck.LiveSlots.Overrun(0, 0, 2 * SEG + 8, 2 * SEG, 1, 1),
                first(back, Map.of(), new long[][] {{0, 2 * SEG + 8}}));
    }

    @Test
    void aChainThatBreaksPartWayHoldsNothingAfterIt() {
        List<BlackBoxEvent> broken = List.of(alloc(A, SEG, 1), split(BASE, A, 1), lessstack(B, BASE, 2),
                alloc(B, SEG, 3), split(BASE, B, 3), lessstack(B, BASE, 4));
        assertEquals(null, first(broken, Map.of(), new long[][] {{0, SEG}, {5, 100 * SEG}}));
    }

    @Test
    void aSegmentOfUnknownSizeOrABrokenChainHoldsNothing() {
        List<BlackBoxEvent> unsized = List.of(alloc(A, BlackBoxEvent.UNKNOWN, 3), split(BASE, A, 3));
        assertEquals(null, first(unsized, Map.of(), new long[][] {{5, 100 * SEG}}));
        List<BlackBoxEvent> broken = List.of(split(BASE, A, 3));
        assertEquals(null, first(broken, Map.of(), new long[][] {{5, 100 * SEG}}));
    }
}

package dev.stackcheck.engine;

import static dev.stackcheck.engine.Fixture.F;
import static dev.stackcheck.engine.Fixture.MAIN;
import static dev.stackcheck.engine.Fixture.UNGUARDED;
import static dev.stackcheck.engine.Fixture.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.memory.MemoryFault;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Segments of 256 bytes with a 32-byte guard: below the 24-byte record there are 200 usable bytes.
 * Frame 0 (9 words, 80 bytes) leaves 120: a 14-word frame (120 bytes) exactly fits, a 15-word one
 * (128 bytes) misses by one word. The edge cases at the end use {@link Fixture#UNGUARDED} (no guard):
 * segment sizes, a frame that exactly fills a segment, a first frame that needs exactly the limit,
 * lessstack through a broken record, returned segments and the limit.
 */
class SegmentedEngineTest {

    static final EngineParams SMALL = new EngineParams(256, false, 256, 32, 1_000_000_000L, 0);
    static final Layout F0 = frame("f0", 9);
    static final Layout EXACT = frame("exact", 14);
    static final Layout MISS = frame("miss", 15);
    static final Layout BIG = frame("big", 40);

    static Fixture segmented(EngineParams p) {
        return new Fixture(new SegmentedEngine(p));
    }

    @Test
    void baseSegmentHasAZeroRecordAndFrame0JustBelowIt() {
        Fixture fx = segmented(SMALL);
        fx.engine.call(F0);
        Region base = fx.view.segments().get(0).region();
        assertEquals(256, base.size());
        assertEquals(base.hi() - 24 - 80, fx.view.frameAddress(0));
        assertEquals(Code.GOEXIT_PC, fx.returnWord(0));
        for (int w = 0; w < 3; w++) {
            assertEquals(0, fx.memory.read(base.hi() - 24 + 8L * w));
        }
        assertEquals(List.of(new StackView.StackSegment(base, 0, 1, base.hi() - 24)), fx.view.segments());
        assertEquals(List.of(new EngineEvent.Alloc(base)), fx.events);
        assertEquals(StackKind.SEGMENTED, fx.engine.kind());
        assertEquals("segmented", fx.engine.name());
    }

    @Test
    void aFrameThatExactlyFitsStaysInTheSegment() {
        Fixture fx = segmented(SMALL);
        fx.engine.call(F0);
        fx.engine.call(EXACT);
        Region base = fx.view.segments().get(0).region();
        assertEquals(base.lo() + 32, fx.view.frameAddress(1));
        assertEquals(fx.view.frameAddress(0) - 120, fx.view.frameAddress(1));
        assertEquals(Code.RETURN_PC, fx.returnWord(1));
        assertEquals(1, fx.view.segments().size());
        assertEquals(0, fx.engine.stats().splits());
    }

    @Test
    void aFrameMissingByOneWordSplitsAndWritesTheRecord() {
        Fixture fx = segmented(SMALL);
        fx.engine.call(F0);
        Region base = fx.view.segments().get(0).region();
        fx.clearEvents();
        fx.engine.call(MISS);
        List<StackView.StackSegment> segs = fx.view.segments();
        assertEquals(2, segs.size());
        Region seg = segs.get(1).region();
        assertEquals(256, seg.size());
        long rec = seg.hi() - 24;
        assertEquals(new StackView.StackSegment(base, 0, 1, base.hi() - 24), segs.get(0));
        assertEquals(new StackView.StackSegment(seg, 1, 2, rec), segs.get(1));
        assertEquals(base.lo(), fx.memory.read(rec));
        assertEquals(fx.view.frameAddress(0), fx.memory.read(rec + 8));
        assertEquals(Code.RETURN_PC, fx.memory.read(rec + 16));
        assertEquals(rec - 128, fx.view.frameAddress(1));
        assertEquals(Code.LESSSTACK_PC, fx.returnWord(1));
        assertEquals(List.of(new EngineEvent.Alloc(seg), new EngineEvent.Split(seg, 1, false, false)), fx.events);
        Stats s = fx.engine.stats();
        assertEquals(1, s.splits());
        assertEquals(2, s.segmentAllocs());
        assertEquals(512, s.peakReserved());
        assertEquals(80 + 128 + 48, s.peakUsed());
    }

    @Test
    void onlyTheFirstFrameOfASplitSegmentReturnsIntoLessstack() {
        Fixture fx = segmented(SMALL);
        fx.engine.call(F0);
        fx.engine.call(MISS);
        fx.engine.call(frame("small", 1));
        assertEquals(2, fx.view.segments().size());
        assertEquals(Code.LESSSTACK_PC, fx.returnWord(1));
        assertEquals(Code.RETURN_PC, fx.returnWord(2));
        assertEquals(fx.view.frameAddress(1) - 16, fx.view.frameAddress(2));
        fx.engine.ret();
        assertEquals(0, fx.engine.stats().lessstack());
        assertEquals(2, fx.view.segments().size());
    }

    @Test
    void lessstackFreesTheSegmentAndReturnsToTheCaller() {
        Fixture fx = segmented(SMALL);
        fx.engine.call(F0);
        fx.engine.set(3, 42);
        long caller = fx.view.frameAddress(0);
        fx.engine.call(MISS);
        Region seg = fx.view.segments().get(1).region();
        fx.clearEvents();
        fx.engine.ret();
        assertEquals(List.of(new EngineEvent.Lessstack(seg, false), new EngineEvent.Free(seg)), fx.events);
        assertFalse(fx.memory.isLive(seg));
        assertEquals(1, fx.view.depth());
        assertEquals(caller, fx.view.frameAddress(0));
        assertEquals(1, fx.view.segments().size());
        assertEquals(42, fx.engine.get(3));
        Stats s = fx.engine.stats();
        assertEquals(1, s.lessstack());
        assertEquals(1, s.segmentFrees());
        assertEquals(256, ((AbstractEngine) fx.engine).reservedBytes());
    }

    @Test
    void theCachedSegmentIsReusedByTheNextSplit() {
        Fixture fx = segmented(SMALL.withSegmentCache(true));
        fx.engine.call(F0);
        fx.engine.call(MISS);
        Region seg = fx.view.segments().get(1).region();
        assertNull(fx.view.cachedSegment());
        fx.clearEvents();
        fx.engine.ret();
        assertEquals(List.of(new EngineEvent.Lessstack(seg, true)), fx.events);
        assertTrue(fx.memory.isLive(seg));
        assertSame(seg, fx.view.cachedSegment());
        fx.clearEvents();
        fx.engine.call(MISS);
        assertEquals(List.of(new EngineEvent.Split(seg, 1, true, false)), fx.events);
        assertNull(fx.view.cachedSegment());
        assertEquals(seg, fx.view.segments().get(1).region());
        assertEquals(fx.view.frameAddress(0), fx.memory.read(seg.hi() - 16));
        assertEquals(0, fx.slot(1, 0), "a reused segment's frame starts zeroed");
        Stats s = fx.engine.stats();
        assertEquals(1, s.cacheHits());
        assertEquals(2, s.splits());
        assertEquals(2, s.segmentAllocs());
        assertEquals(0, s.segmentFrees());
    }

    @Test
    void aCachedSegmentTooSmallIsFreedAndReplaced() {
        Fixture fx = segmented(SMALL.withSegmentCache(true));
        fx.engine.call(F0);
        fx.engine.call(MISS);
        Region small = fx.view.segments().get(1).region();
        fx.engine.ret();
        fx.clearEvents();
        fx.engine.call(BIG);
        Region big = fx.view.segments().get(1).region();
        assertEquals(328 + 24 + 32, big.size());
        assertEquals(List.of(new EngineEvent.Free(small), new EngineEvent.Alloc(big),
                new EngineEvent.Split(big, 1, false, true)), fx.events);
        assertFalse(fx.memory.isLive(small));
        assertEquals(0, fx.engine.stats().cacheHits());
    }

    @Test
    void aCachedSegmentBigEnoughServesANormalFrame() {
        Fixture fx = segmented(SMALL.withSegmentCache(true));
        fx.engine.call(F0);
        fx.engine.call(BIG);
        Region big = fx.view.segments().get(1).region();
        fx.engine.ret();
        fx.clearEvents();
        fx.engine.call(MISS);
        assertEquals(List.of(new EngineEvent.Split(big, 1, true, false)), fx.events);
        assertEquals(big.hi() - 24 - 128, fx.view.frameAddress(1));
    }

    /** Frame 0, MISS in a second segment, BIG in a third; BIG returns. Returns segments 1 and 2. */
    private static Region[] threeSegmentsThenRet(Fixture fx) {
        fx.engine.call(F0);
        fx.engine.call(MISS);
        fx.engine.call(BIG);
        Region[] segments = {fx.view.segments().get(1).region(), fx.view.segments().get(2).region()};
        fx.engine.ret();
        return segments;
    }

    @Test
    void whenTwoSegmentsAreLeftTheCacheKeepsTheNewerAndFreesTheOlder() {
        Fixture fx = segmented(SMALL.withSegmentCache(true));
        Region[] left = threeSegmentsThenRet(fx);
        Region s1 = left[0];
        Region s2 = left[1];
        assertSame(s2, fx.view.cachedSegment());
        fx.clearEvents();
        fx.engine.ret();
        assertEquals(List.of(new EngineEvent.Lessstack(s1, true), new EngineEvent.Free(s2)), fx.events);
        assertSame(s1, fx.view.cachedSegment());
        assertEquals(256 + 256, ((AbstractEngine) fx.engine).reservedBytes());
    }

    @Test
    void anEngineThatKeepsTheReturnedChainCachesEverySegmentAndReusesThemNewestLeftFirst() {
        Fixture fx = new Fixture(new SegmentedEngine(SMALL.withSegmentCache(true)) {
            @Override
            protected boolean keepsReturnedChain() {
                return true; // as libgcc's __generic_releasestack does
            }
        });
        Region[] left = threeSegmentsThenRet(fx);
        Region s1 = left[0];
        Region s2 = left[1];
        fx.clearEvents();
        fx.engine.ret();
        assertEquals(List.of(new EngineEvent.Lessstack(s1, true)), fx.events, "nothing freed");
        assertSame(s1, fx.view.cachedSegment());
        fx.engine.call(MISS);
        assertSame(s1, fx.view.segments().get(1).region());
        assertSame(s2, fx.view.cachedSegment(), "the older one waits for the next split");
    }

    @Test
    void aFrameBiggerThanASegmentGetsASegmentInWhichItJustFits() {
        Fixture fx = segmented(SMALL);
        fx.engine.call(F0);
        fx.engine.call(BIG);
        Region seg = fx.view.segments().get(1).region();
        assertEquals(384, seg.size());
        assertEquals(seg.lo() + 32, fx.view.frameAddress(1));
        assertEquals(new EngineEvent.Split(seg, 1, false, true), fx.events.get(fx.events.size() - 1));
        fx.engine.call(frame("one", 1));
        assertEquals(3, fx.view.segments().size(), "a big segment is full: the next frame splits again");
        assertEquals(2, fx.view.segments().get(2).firstFrame());
    }

    @Test
    void frame0BiggerThanTheBaseReplacesTheBase() {
        Fixture fx = segmented(SMALL);
        Region old = fx.view.segments().get(0).region();
        fx.engine.call(BIG);
        Region base = fx.view.segments().get(0).region();
        assertEquals(List.of(new EngineEvent.Alloc(old), new EngineEvent.Alloc(base), new EngineEvent.Free(old)),
                fx.events);
        assertEquals(1, fx.view.segments().size());
        assertEquals(base.lo() + 32, fx.view.frameAddress(0));
        assertEquals(Code.GOEXIT_PC, fx.returnWord(0));
        assertEquals(0, fx.memory.read(base.hi() - 16));
        assertEquals(0, fx.engine.stats().splits());
    }

    @Test
    void hotSplitWithoutCacheAllocatesEveryTime() {
        Fixture fx = segmented(SMALL);
        fx.engine.call(F0);
        for (int i = 0; i < 1000; i++) {
            fx.engine.call(MISS);
            fx.engine.ret();
        }
        Stats s = fx.engine.stats();
        assertEquals(1000, s.splits());
        assertEquals(1000, s.lessstack());
        assertEquals(1001, s.segmentAllocs());
        assertEquals(1000, s.segmentFrees());
        assertEquals(0, s.cacheHits());
        assertEquals(512, s.peakReserved());
        assertEquals(1, fx.memory.liveRegionCount());
    }

    @Test
    void hotSplitWithCacheAllocatesOnce() {
        Fixture fx = segmented(SMALL.withSegmentCache(true));
        fx.engine.call(F0);
        for (int i = 0; i < 1000; i++) {
            fx.engine.call(MISS);
            fx.engine.ret();
        }
        Stats s = fx.engine.stats();
        assertEquals(1000, s.splits());
        assertEquals(2, s.segmentAllocs());
        assertEquals(0, s.segmentFrees());
        assertEquals(999, s.cacheHits());
        assertEquals(2, fx.memory.liveRegionCount());
    }

    @Test
    void lessstackGoesWhereTheRecordSaysNotWhereItRemembers() {
        Fixture fx = segmented(SMALL);
        fx.engine.call(F0);
        long caller = fx.view.frameAddress(0);
        fx.engine.call(MISS);
        Region seg = fx.view.segments().get(1).region();
        fx.memory.write(seg.hi() - 16, caller + 8); // corrupt the saved stack pointer
        fx.engine.ret();
        assertEquals(caller + 8, fx.view.frameAddress(0));
    }

    @Test
    void aRecordNamingNoSegmentFaults() {
        Fixture fx = segmented(SMALL);
        fx.engine.call(F0);
        fx.engine.call(MISS);
        Region seg = fx.view.segments().get(1).region();
        fx.memory.write(seg.hi() - 24, 0x7000_0000L);
        MemoryFault f = assertThrows(MemoryFault.class, fx.engine::ret);
        assertEquals(MemoryFault.Kind.UNMAPPED, f.kind());
    }

    @Test
    void aRecordWithABadReturnAddressFaults() {
        Fixture fx = segmented(SMALL);
        fx.engine.call(F0);
        fx.engine.call(MISS);
        Region seg = fx.view.segments().get(1).region();
        fx.memory.write(seg.hi() - 8, 0);
        MemoryFault f = assertThrows(MemoryFault.class, fx.engine::ret);
        assertEquals(0, f.address());
    }

    @Test
    void aRecordSkippingASegmentFreesTheSkippedOne() {
        Fixture fx = segmented(SMALL);
        fx.engine.call(F0);
        fx.engine.call(MISS);
        fx.engine.call(MISS);
        Region base = fx.view.segments().get(0).region();
        Region s1 = fx.view.segments().get(1).region();
        Region s2 = fx.view.segments().get(2).region();
        fx.memory.write(s2.hi() - 24, base.lo());
        fx.engine.ret();
        assertEquals(1, fx.view.segments().size());
        assertFalse(fx.memory.isLive(s1));
        assertFalse(fx.memory.isLive(s2));
        assertThrows(MemoryFault.class, () -> fx.memory.read(fx.view.frameAddress(1)));
    }

    @Test
    void deferredStoresRunNewestFirstAcrossASegmentBoundary() {
        Fixture fx = segmented(SMALL);
        fx.engine.call(F0);
        fx.engine.call(frame("p", 15, 0));
        assertEquals(2, fx.view.segments().size());
        fx.engine.addr(0, 0, 4);
        fx.engine.defer(0, 5);
        fx.engine.defer(0, 7);
        assertEquals(new StackView.DeferRecord(1, fx.view.slotAddress(0, 4), 7), fx.view.defer(1));
        fx.engine.store(0, 1);
        assertEquals(1, fx.engine.load(0));
        fx.engine.ret();
        assertEquals(0, fx.view.deferCount());
        assertEquals(5, fx.engine.get(4));
    }

    @Test
    void overflowWhenTheChainWouldPassTheLimit() {
        Fixture fx = segmented(SMALL.withMaxStack(512));
        fx.engine.call(F0);
        fx.engine.call(MISS);
        StackOverflow so = assertThrows(StackOverflow.class, () -> fx.engine.call(MISS));
        assertEquals("stack overflow: goroutine stack exceeds 512-byte limit", so.getMessage());
        assertEquals(768, so.needed());
        assertEquals(new EngineEvent.Overflow(512, 768), fx.events.get(fx.events.size() - 1));
        assertEquals(2, fx.view.depth());
        assertThrows(IllegalStateException.class, () -> fx.engine.get(0));
    }

    @Test
    void afterTheLastRetTheBaseStaysAndNothingMoreRuns() {
        Fixture fx = segmented(SMALL);
        fx.engine.call(F0);
        fx.engine.call(MISS);
        fx.engine.ret();
        fx.engine.ret();
        assertEquals(0, fx.view.depth());
        assertEquals(1, fx.memory.liveRegionCount());
        assertThrows(IllegalStateException.class, () -> fx.engine.call(F0));
        Stats s = fx.engine.stats();
        assertEquals(2, s.calls());
        assertEquals(2, s.returns());
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SegmentedEngine(SMALL.withSegmentSize(100)));
        assertThrows(IllegalArgumentException.class, () -> new SegmentedEngine(SMALL.withSegmentSize(16)));
        assertThrows(IllegalArgumentException.class, () -> new SegmentedEngine(SMALL.withMaxStack(0)));
        assertThrows(IllegalArgumentException.class, () -> new SegmentedEngine(SMALL.withStackGuard(-8)));
    }

    @Test
    void aMillionFramesDeepAndBack() {
        Fixture fx = segmented(Profile.GO1_2.params());
        Layout one = frame("one", 1);
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            fx.engine.call(one);
        }
        // (8192 - 24 - 256) / 16 = 494 frames per segment: 2025 segments
        assertEquals(n, fx.view.depth());
        assertEquals(2025, fx.view.segments().size());
        for (int i = 0; i < n; i++) {
            fx.engine.ret();
        }
        Stats s = fx.engine.stats();
        assertEquals(2024, s.splits());
        assertEquals(2024, s.lessstack());
        assertEquals(2024, s.segmentFrees());
        assertEquals(2025L * 8192, s.peakReserved());
        assertEquals(16L * n + 24L * 2025, s.peakUsed());
        assertEquals(1, fx.memory.liveRegionCount());
    }

    @Test
    void segmentSizes() {
        assertEquals(24, new SegmentedEngine(UNGUARDED.withSegmentSize(24)).params().segmentSize());
        assertThrows(IllegalArgumentException.class, () -> new SegmentedEngine(UNGUARDED.withSegmentSize(16)));
        assertThrows(IllegalArgumentException.class, () -> new SegmentedEngine(UNGUARDED.withSegmentSize(260)));
    }

    /** a 232-byte frame needs exactly a 256-byte segment with its record: a normal split, not a big frame */
    @Test
    void aFrameThatExactlyFillsASegmentIsNotBig() {
        Fixture s = new Fixture(new SegmentedEngine(UNGUARDED.withSegmentCache(true)));
        Layout exact = frame("exact", 28);
        s.engine.call(MAIN);
        s.engine.call(exact);
        EngineEvent.Split first = s.events(EngineEvent.Split.class).get(0);
        assertFalse(first.bigFrame());
        assertFalse(first.reused());
        s.engine.ret();
        s.clearEvents();
        s.engine.call(exact);
        EngineEvent.Split again = s.events(EngineEvent.Split.class).get(0);
        assertTrue(again.reused(), "the cached 256-byte segment holds the 256 bytes needed");
        assertEquals(first.segment(), again.segment());
    }

    @Test
    void aFirstFrameThatNeedsExactlyTheLimit() {
        // frame 0 of 488 bytes needs a 512-byte base segment; a 512-byte limit allows it
        Fixture s = new Fixture(new SegmentedEngine(UNGUARDED.withMaxStack(512)));
        s.engine.call(frame("wide", 60));
        assertEquals(512, s.view.segments().get(0).region().size());
        Fixture t = new Fixture(new SegmentedEngine(UNGUARDED.withMaxStack(504)));
        assertThrows(StackOverflow.class, () -> t.engine.call(frame("wide", 60)));
    }

    @Test
    void lessstackNamesTheSegmentWhoseRecordIsBroken() {
        Fixture s = new Fixture(new SegmentedEngine(UNGUARDED));
        s.engine.call(MAIN);
        for (int i = 0; i < 7; i++) {
            s.engine.call(F);
        }
        StackView.StackSegment top = s.view.segments().get(1);
        s.memory.write(top.record() + 16, 0x1234);
        MemoryFault f = assertThrows(MemoryFault.class, s.engine::ret);
        assertEquals("lessstack: the record of segment #1 [0x12000, 0x12100) returns to 0x1234, which is not the"
                + " caller's code", f.getMessage());
        Fixture t = new Fixture(new SegmentedEngine(UNGUARDED));
        t.engine.call(MAIN);
        for (int i = 0; i < 7; i++) {
            t.engine.call(F);
        }
        t.memory.write(t.view.segments().get(1).record(), 0x7000_0000L);
        MemoryFault g = assertThrows(MemoryFault.class, t.engine::ret);
        assertEquals(MemoryFault.Kind.UNMAPPED, g.kind());
    }

    @Test
    void returnedSegmentsNoLongerCountTowardsTheLimit() {
        // two 256-byte segments fit a 512-byte limit, split after split
        Fixture s = new Fixture(new SegmentedEngine(UNGUARDED.withMaxStack(512)));
        s.engine.call(MAIN);
        for (int i = 0; i < 6; i++) {
            s.engine.call(F);
        }
        for (int k = 0; k < 5; k++) {
            s.engine.call(F);
            s.engine.ret();
        }
        assertEquals(5, s.events(EngineEvent.Split.class).size());
    }
}

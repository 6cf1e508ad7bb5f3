package dev.stackcheck.engine;

import static dev.stackcheck.engine.Fixture.F;
import static dev.stackcheck.engine.Fixture.MAIN;
import static dev.stackcheck.engine.Fixture.UNGUARDED;
import static dev.stackcheck.engine.Fixture.frame;
import static dev.stackcheck.engine.Fixture.nomap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Segments of 256 bytes, 32-byte guard, as in {@link SegmentedEngineTest}; the edge cases at the end (the
 * fallback's youngest nomap frame, the shrink slack) use {@link Fixture#UNGUARDED}.
 */
class HybridEngineTest {

    static final EngineParams SMALL = SegmentedEngineTest.SMALL;
    static final Layout F0 = frame("f0", 9);
    static final Layout N0 = nomap("n0", 9);
    static final Layout MISS = frame("miss", 15);

    static Fixture hybrid(EngineParams p) {
        return new Fixture(new HybridEngine(p));
    }

    static Region seg(Fixture fx, int i) {
        return fx.view.segments().get(i).region();
    }

    @Test
    void copiesTheBaseSegmentWhenEveryFrameHasAMap() {
        Fixture fx = hybrid(SMALL);
        fx.engine.call(F0);
        fx.engine.set(4, 40);
        Region base = seg(fx, 0);
        fx.clearEvents();
        fx.engine.call(MISS);
        Region neu = seg(fx, 0);
        assertEquals(512, neu.size());
        assertEquals(List.of(new EngineEvent.Alloc(neu), new EngineEvent.Copy(base, neu, 104, 0, true),
                new EngineEvent.Free(base)), fx.events);
        assertEquals(List.of(new StackView.StackSegment(neu, 0, 2, neu.hi() - 24)), fx.view.segments());
        for (int w = 0; w < 3; w++) {
            assertEquals(0, fx.memory.read(neu.hi() - 24 + 8L * w));
        }
        assertEquals(neu.hi() - 24 - 80, fx.view.frameAddress(0));
        assertEquals(fx.view.frameAddress(0) - 128, fx.view.frameAddress(1));
        assertEquals(Code.GOEXIT_PC, fx.returnWord(0));
        assertEquals(Code.RETURN_PC, fx.returnWord(1));
        assertEquals(40, fx.slot(0, 4));
        Stats s = fx.engine.stats();
        assertEquals(1, s.copies());
        assertEquals(0, s.splits());
        assertEquals(StackKind.HYBRID, fx.engine.kind());
        assertEquals("hybrid", fx.engine.name());
    }

    @Test
    void splitsWhenTheTopSegmentHoldsAFrameWithoutAMap() {
        Fixture fx = hybrid(SMALL);
        fx.engine.call(N0);
        long n0 = fx.view.frameAddress(0);
        Region base = seg(fx, 0);
        fx.clearEvents();
        fx.engine.call(MISS);
        Region s1 = seg(fx, 1);
        assertEquals(List.of(new EngineEvent.HybridFallback(0), new EngineEvent.Alloc(s1),
                new EngineEvent.Split(s1, 1, false, false)), fx.events);
        assertEquals(n0, fx.view.frameAddress(0));
        assertEquals(base.lo(), fx.memory.read(s1.hi() - 24));
        assertEquals(n0, fx.memory.read(s1.hi() - 16));
        assertEquals(Code.LESSSTACK_PC, fx.returnWord(1));
    }

    @Test
    void copiesOnlyTheTopSegmentAndAdjustsOnlyPointersIntoIt() {
        Fixture fx = hybrid(SMALL);
        fx.engine.call(N0);
        fx.engine.set(1, 11);
        long n0 = fx.view.frameAddress(0);
        Region base = seg(fx, 0);
        fx.engine.call(frame("p", 15, 0, 1)); // split: the base holds a nomap frame
        fx.engine.addr(0, 0, 1); // into the base
        fx.engine.addr(1, 1, 2); // into its own segment
        fx.engine.set(2, 22);
        fx.engine.defer(1, 33);
        fx.engine.defer(0, 44);
        Region s1 = seg(fx, 1);
        fx.clearEvents();
        fx.engine.call(frame("q", 9, 0, 1)); // 80 bytes, 72 left: copy the top segment
        Region neu = seg(fx, 1);
        assertEquals(512, neu.size());
        assertEquals(List.of(new EngineEvent.Alloc(neu), new EngineEvent.Copy(s1, neu, 152, 2, true),
                new EngineEvent.Free(s1)), fx.events);
        assertEquals(n0, fx.view.frameAddress(0));
        assertEquals(base, seg(fx, 0));
        assertEquals(List.of(new StackView.StackSegment(base, 0, 1, base.hi() - 24),
                new StackView.StackSegment(neu, 1, 3, neu.hi() - 24)), fx.view.segments());
        assertEquals(base.lo(), fx.memory.read(neu.hi() - 24));
        assertEquals(n0, fx.memory.read(neu.hi() - 16));
        assertEquals(Code.RETURN_PC, fx.memory.read(neu.hi() - 8));
        assertEquals(neu.hi() - 24 - 128, fx.view.frameAddress(1));
        assertEquals(Code.LESSSTACK_PC, fx.returnWord(1));
        assertEquals(fx.view.slotAddress(0, 1), fx.slot(1, 0));
        assertEquals(fx.view.slotAddress(1, 2), fx.slot(1, 1));
        assertEquals(new StackView.DeferRecord(1, fx.view.slotAddress(1, 2), 33), fx.view.defer(0));
        assertEquals(new StackView.DeferRecord(1, fx.view.slotAddress(0, 1), 44), fx.view.defer(1));
        assertEquals(fx.view.frameAddress(1) - 80, fx.view.frameAddress(2));

        fx.engine.ret();
        fx.clearEvents();
        fx.engine.ret(); // lessstack through the copied record
        assertEquals(List.of(new EngineEvent.Lessstack(neu, false), new EngineEvent.Free(neu)), fx.events);
        assertEquals(n0, fx.view.frameAddress(0));
        assertEquals(44, fx.engine.get(1));
        assertEquals(1, fx.memory.liveRegionCount());
    }

    @Test
    void gcShrinksTheTopSegmentOnlyWhenItHoldsNoNomapFrame() {
        Fixture fx = hybrid(SMALL);
        fx.engine.call(N0);
        long n0 = fx.view.frameAddress(0);
        fx.engine.call(MISS); // split
        Layout r = frame("r", 9);
        for (int i = 0; i < 5; i++) {
            fx.engine.call(r); // copies the top segment to 512, then 1024
        }
        assertEquals(1024, seg(fx, 1).size());
        for (int i = 0; i < 5; i++) {
            fx.engine.ret();
        }
        fx.engine.call(nomap("c", 1)); // used 24 + 128 + 16 = 168 < 256, but a nomap frame is on top
        fx.engine.gc();
        assertEquals(1024, seg(fx, 1).size());
        fx.engine.ret();
        fx.clearEvents();
        fx.engine.gc(); // used 152 < 256
        assertEquals(512, seg(fx, 1).size());
        EngineEvent.Copy c = fx.events(EngineEvent.Copy.class).get(0);
        assertFalse(c.grow());
        assertEquals(152, c.used());
        fx.engine.gc(); // 152 >= 128
        assertEquals(512, seg(fx, 1).size());
        assertEquals(n0, fx.view.frameAddress(0));
        Stats s = fx.engine.stats();
        assertEquals(1, s.shrinks());
        assertEquals(2, s.copies());
        assertEquals(1, s.splits());
    }

    @Test
    void gcNeverShrinksASegmentBelowTheSegmentSize() {
        Fixture fx = hybrid(SMALL);
        fx.engine.call(frame("one", 1));
        fx.engine.call(frame("big", 100)); // the base doubles to 1024
        fx.engine.ret();
        assertEquals(1024, seg(fx, 0).size());
        fx.engine.gc(); // used 40 < 256
        assertEquals(512, seg(fx, 0).size());
        fx.engine.gc(); // 40 < 128
        assertEquals(256, seg(fx, 0).size());
        fx.engine.gc(); // half would be 128 < 256
        assertEquals(256, seg(fx, 0).size());
        assertEquals(2, fx.engine.stats().shrinks());
    }

    @Test
    void frame0TooBigForTheBaseCopiesTheBase() {
        Fixture fx = hybrid(SMALL);
        fx.engine.call(frame("big", 40)); // 328 + 24 + 32 > 256
        assertEquals(512, seg(fx, 0).size());
        assertEquals(24, fx.events(EngineEvent.Copy.class).get(0).used());
        assertEquals(seg(fx, 0).hi() - 24 - 328, fx.view.frameAddress(0));
    }

    @Test
    void overflowCountsTheWholeChainAfterTheCopy() {
        Fixture fx = hybrid(SMALL.withMaxStack(512));
        fx.engine.call(F0);
        fx.engine.call(MISS); // the base doubles to 512: at the limit, allowed
        assertEquals(512, seg(fx, 0).size());
        StackOverflow so = assertThrows(StackOverflow.class, () -> fx.engine.call(frame("big", 40)));
        assertEquals("stack overflow: goroutine stack exceeds 512-byte limit", so.getMessage());
        assertEquals(1024, so.needed());
        assertEquals(new EngineEvent.Overflow(512, 1024), fx.events.get(fx.events.size() - 1));
        assertEquals(2, fx.view.depth());
    }

    @Test
    void aFallbackSplitReusesTheCachedSegment() {
        Fixture fx = hybrid(SMALL.withSegmentCache(true));
        fx.engine.call(N0);
        fx.engine.call(MISS);
        Region s1 = seg(fx, 1);
        fx.engine.ret();
        fx.clearEvents();
        fx.engine.call(MISS);
        assertEquals(List.of(new EngineEvent.HybridFallback(0), new EngineEvent.Split(s1, 1, true, false)),
                fx.events);
        assertEquals(1, fx.engine.stats().cacheHits());
    }

    @Test
    void aMillionFramesDeepAndBack() {
        Fixture fx = hybrid(Profile.GO1_3.params());
        Layout one = frame("one", 1);
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            fx.engine.call(one);
        }
        assertEquals(n, fx.view.depth());
        assertEquals(1, fx.view.segments().size());
        assertEquals(1 << 24, seg(fx, 0).size());
        for (int i = 0; i < n; i++) {
            fx.engine.ret();
        }
        Stats s = fx.engine.stats();
        assertEquals(11, s.copies()); // 8 KiB -> 16 MiB
        assertEquals(0, s.splits());
        assertEquals((1L << 24) + (1L << 23), s.peakReserved());
        assertEquals(16L * n + 24, s.peakUsed());
    }

    /**
     * A split that reuses a cached big segment counts the cached segment's size against the limit, not
     * the size a new segment would have: possible in a hybrid, whose chain below can grow by a copy while
     * a big segment waits in the cache.
     */
    static Fixture bigSegmentCachedWhileTheChainGrew(long maxStack) {
        Fixture fx = hybrid(SMALL.withSegmentCache(true).withMaxStack(maxStack));
        fx.engine.call(N0); // base: nomap frame, 104 bytes used
        fx.engine.call(MISS); // split (fallback): segment 1, 256 bytes
        fx.engine.call(nomap("n", 5)); // fits in segment 1
        fx.engine.call(frame("big", 40)); // split (fallback): a big segment of 384 bytes
        fx.engine.ret(); // lessstack: the big segment is cached
        fx.engine.ret();
        fx.engine.call(MISS); // segment 1 holds only mapped frames: copied to 512 bytes
        fx.engine.call(nomap("n2", 20)); // fits in the copy
        fx.clearEvents();
        return fx;
    }

    @Test
    void aSplitReusingACachedBigSegmentCountsItsSize() {
        Fixture roomy = bigSegmentCachedWhileTheChainGrew(1_000_000);
        Region cached = roomy.view.cachedSegment();
        assertEquals(384, cached.size());
        assertEquals(List.of(256L, 512L), List.of(seg(roomy, 0).size(), seg(roomy, 1).size()));
        roomy.engine.call(MISS); // a normal frame: reuses the big cached segment
        assertEquals(new EngineEvent.Split(cached, 4, true, false), roomy.events.get(1));
        assertEquals(List.of(256L, 512L, 384L),
                List.of(seg(roomy, 0).size(), seg(roomy, 1).size(), seg(roomy, 2).size()));

        Fixture tight = bigSegmentCachedWhileTheChainGrew(256 + 512 + 384 - 1);
        StackOverflow so = assertThrows(StackOverflow.class, () -> tight.engine.call(MISS));
        assertEquals(new EngineEvent.Overflow(256 + 512 + 384 - 1, 256 + 512 + 384),
                tight.events.get(tight.events.size() - 1), so.getMessage());
    }

    /** A guard above segmentSize/2 + shrinkSlack is rejected: halving a grown top segment could reach it. */
    @Test
    void aGuardAShrinkCouldReachIsRejected() {
        EngineParams p = new EngineParams(256, false, 256, 200, 1_000_000_000L, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HybridEngine(p));
        assertEquals("stackGuard 200 is more than segmentSize/2 + shrinkSlack = 256/2 + 0: a top segment halved at"
                + " gc (used + shrinkSlack < size/4) could leave its top frame inside the guard", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HybridEngine(p.withStackGuard(136)));
        assertEquals(128, new HybridEngine(p.withStackGuard(128)).params().stackGuard());
        assertEquals(192, new HybridEngine(p.withShrinkSlack(64).withStackGuard(192)).params().stackGuard());
        // the segmented engine never shrinks: the same parameters are fine for it
        assertEquals(200, new SegmentedEngine(p).params().stackGuard());
    }

    @Test
    void theFallbackNamesTheYoungestNomapFrame() {
        Fixture h = new Fixture(new HybridEngine(UNGUARDED));
        h.engine.call(MAIN);
        h.engine.call(F);
        h.engine.call(nomap("c", 3));
        for (int i = 0; i < 5; i++) {
            h.engine.call(F);
        }
        assertEquals(List.of(new EngineEvent.HybridFallback(2)), h.events(EngineEvent.HybridFallback.class));
    }

    @Test
    void theShrinkSlackKeepsAHybridSegment() {
        // the base segment grows to 512; with 32 + 24 + 64 bytes used and 64 bytes of slack it stays at gc
        Fixture h = new Fixture(new HybridEngine(UNGUARDED.withShrinkSlack(64)));
        h.engine.call(MAIN);
        h.engine.call(frame("wide", 56));
        h.engine.ret();
        h.engine.call(frame("g", 7));
        h.engine.gc();
        assertEquals(512, h.view.segments().get(0).region().size());
        assertTrue(h.events(EngineEvent.Copy.class).stream().allMatch(EngineEvent.Copy::grow));
    }
}

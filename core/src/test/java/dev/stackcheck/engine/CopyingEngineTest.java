package dev.stackcheck.engine;

import static dev.stackcheck.engine.Fixture.F;
import static dev.stackcheck.engine.Fixture.MAIN;
import static dev.stackcheck.engine.Fixture.UNGUARDED;
import static dev.stackcheck.engine.Fixture.frame;
import static dev.stackcheck.engine.Fixture.nomap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Program;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A 256-byte initial stack with a 32-byte guard: 224 usable bytes. Frame 0 (9 words, 80 bytes) leaves
 * 144: a 17-word frame (144 bytes) exactly fits, an 18-word one (152 bytes) misses by one word. The edge
 * cases at the end use {@link Fixture#UNGUARDED} (no guard): the lowest word of the old stack adjusted, the
 * newest defer record popped, growth to the exact fit and the first size past the limit (copying and hybrid).
 */
class CopyingEngineTest {

    static final EngineParams SMALL = new EngineParams(8192, false, 256, 32, 1_000_000_000L, 0);
    static final Layout F0 = frame("f0", 9);
    static final Layout EXACT = frame("exact", 17);
    static final Layout MISS = frame("miss", 18);
    static final Layout BIG = frame("big", 100);
    static final Layout P = frame("p", 3, 0, 1);

    static Fixture copying(EngineParams p) {
        return new Fixture(new CopyingEngine(p));
    }

    static Region stack(Fixture fx) {
        return fx.view.segments().get(0).region();
    }

    @Test
    void frame0SitsAtTheVeryTopOfOneRegion() {
        Fixture fx = copying(SMALL);
        fx.engine.call(F0);
        Region s = stack(fx);
        assertEquals(256, s.size());
        assertEquals(s.hi() - 80, fx.view.frameAddress(0));
        assertEquals(Code.GOEXIT_PC, fx.returnWord(0));
        assertEquals(List.of(new StackView.StackSegment(s, 0, 1, -1)), fx.view.segments());
        assertNull(fx.view.cachedSegment());
        assertEquals(StackKind.COPYING, fx.engine.kind());
    }

    @Test
    void aFrameThatExactlyFitsDoesNotMoveTheStack() {
        Fixture fx = copying(SMALL);
        fx.engine.call(F0);
        fx.engine.call(EXACT);
        assertEquals(stack(fx).lo() + 32, fx.view.frameAddress(1));
        assertEquals(Code.RETURN_PC, fx.returnWord(1));
        assertEquals(0, fx.engine.stats().copies());
        assertEquals(1, fx.events.size());
    }

    @Test
    void aFrameMissingByOneWordDoublesAndCopies() {
        Fixture fx = copying(SMALL);
        fx.engine.call(F0);
        fx.engine.set(8, 77);
        Region old = stack(fx);
        fx.clearEvents();
        fx.engine.call(MISS);
        Region neu = stack(fx);
        assertEquals(512, neu.size());
        assertEquals(List.of(new EngineEvent.Alloc(neu), new EngineEvent.Copy(old, neu, 80, 0, true),
                new EngineEvent.Free(old)), fx.events);
        assertFalse(fx.memory.isLive(old));
        assertEquals(neu.hi() - 80, fx.view.frameAddress(0));
        assertEquals(neu.hi() - 80 - 152, fx.view.frameAddress(1));
        assertEquals(Code.GOEXIT_PC, fx.returnWord(0));
        assertEquals(77, fx.slot(0, 8));
        Stats s = fx.engine.stats();
        assertEquals(1, s.copies());
        assertEquals(80, s.bytesCopied());
        assertEquals(768, s.peakReserved());
    }

    @Test
    void aCopyAdjustsThePointersOfEveryFrameAndTheDeferRecords() {
        Fixture fx = copying(SMALL);
        fx.engine.call(frame("root", 2));
        fx.engine.set(0, 100);
        fx.engine.set(1, 101);
        // root takes 24 bytes, each p 32: six fit in 224, the seventh needs a copy
        for (int f = 1; f <= 6; f++) {
            pushLinked(fx, f);
        }
        fx.engine.defer(0, 9);
        Region old = stack(fx);
        fx.clearEvents();
        pushLinked(fx, 7);
        Region neu = stack(fx);
        long used = 24 + 6 * 32;
        assertEquals(List.of(new EngineEvent.Alloc(neu), new EngineEvent.Copy(old, neu, used, 13, true),
                new EngineEvent.Free(old)), fx.events);
        for (int f = 1; f <= 7; f++) {
            assertEquals(fx.view.slotAddress(0, 0), fx.slot(f, 0), "frame " + f + " slot 0");
            assertEquals(fx.view.slotAddress(f - 1, f == 1 ? 1 : 2), fx.slot(f, 1), "frame " + f + " slot 1");
            assertEquals(1000 + f, fx.slot(f, 2));
            assertTrue(neu.contains(fx.view.frameAddress(f)));
        }
        assertEquals(new StackView.DeferRecord(6, fx.view.slotAddress(0, 0), 9), fx.view.defer(0));
        assertEquals(100, fx.engine.load(0));
        assertEquals(13, fx.engine.stats().pointersAdjusted());
        for (int f = 7; f >= 1; f--) {
            fx.engine.ret();
        }
        assertEquals(9, fx.engine.get(0));
        assertEquals(101, fx.engine.get(1));
    }

    /** Frame f of layout p: slot 0 points at frame 0 slot 0, slot 1 at the caller's last scalar, slot 2 = 1000+f. */
    private static void pushLinked(Fixture fx, int f) {
        fx.engine.call(P);
        fx.engine.addr(0, 0, 0);
        fx.engine.addr(1, f - 1, f == 1 ? 1 : 2);
        fx.engine.set(2, 1000 + f);
    }

    @Test
    void nilPointersAndPointersOutsideTheStackAreLeftAlone() {
        Fixture fx = copying(SMALL);
        fx.engine.call(F0);
        fx.engine.call(P);
        fx.engine.addr(0, 0, 0); // slot 1 stays nil
        fx.engine.call(MISS);
        assertEquals(0, fx.slot(1, 1));
        assertEquals(fx.view.slotAddress(0, 0), fx.slot(1, 0));
        assertEquals(1, fx.engine.stats().pointersAdjusted());
    }

    @Test
    void growthKeepsDoublingUntilTheFrameFits() {
        Fixture fx = copying(SMALL);
        fx.engine.call(F0);
        fx.clearEvents();
        fx.engine.call(BIG); // 808 bytes: 512 - 80 < 840, 1024 - 80 >= 840
        assertEquals(1024, stack(fx).size());
        assertEquals(1, fx.events(EngineEvent.Copy.class).size());
        assertEquals(stack(fx).hi() - 80 - 808, fx.view.frameAddress(1));
    }

    @Test
    void frame0TooBigForTheInitialStackGrowsItFirst() {
        Fixture fx = copying(SMALL);
        fx.engine.call(frame("f31", 31)); // 256 bytes + guard 32 > 256
        Region s = stack(fx);
        assertEquals(512, s.size());
        assertEquals(0, fx.events(EngineEvent.Copy.class).get(0).used());
        assertEquals(s.hi() - 256, fx.view.frameAddress(0));
    }

    @Test
    void overflowPrintsGosMessageAndStopsTheEngine() {
        Fixture fx = copying(SMALL.withMaxStack(1024));
        fx.engine.call(F0);
        fx.engine.call(BIG);
        StackOverflow so = assertThrows(StackOverflow.class, () -> fx.engine.call(BIG));
        assertEquals("stack overflow: goroutine stack exceeds 1024-byte limit", so.getMessage());
        assertEquals(1024, so.limit());
        assertEquals(2048, so.needed());
        assertEquals(new EngineEvent.Overflow(1024, 2048), fx.events.get(fx.events.size() - 1));
        assertEquals(2, fx.view.depth());
        assertEquals(1024, stack(fx).size());
        assertThrows(IllegalStateException.class, () -> fx.engine.call(F0));
        assertThrows(IllegalStateException.class, fx.engine::ret);
    }

    @Test
    void gcShrinksBelowAQuarterByHalfOncePerGcAndNeverBelowTheInitialSize() {
        Fixture fx = copying(SMALL);
        fx.engine.call(F0);
        fx.engine.call(BIG);
        fx.engine.ret();
        assertEquals(1024, stack(fx).size());
        Region old = stack(fx);
        fx.clearEvents();
        fx.engine.gc(); // used 80 < 256: halve once, although 80 < 1024/8 too
        Region half = stack(fx);
        assertEquals(512, half.size());
        assertEquals(List.of(new EngineEvent.Alloc(half), new EngineEvent.Copy(old, half, 80, 0, false),
                new EngineEvent.Free(old)), fx.events);
        fx.engine.gc(); // 80 < 128
        assertEquals(256, stack(fx).size());
        fx.engine.gc(); // 128 < initial 256
        assertEquals(256, stack(fx).size());
        Stats s = fx.engine.stats();
        assertEquals(2, s.shrinks());
        assertEquals(1, s.copies());
        assertEquals(80 + 80 + 80, s.bytesCopied());
    }

    /** frame 0 of {@code words0} words, grown to 1024 by a 40-word frame that then returns. */
    private static Fixture grownTo1024(EngineParams p, int words0) {
        Fixture fx = copying(p);
        fx.engine.call(frame("f", words0));
        fx.engine.call(frame("g", 40));
        fx.engine.ret();
        assertEquals(1024, stack(fx).size());
        return fx;
    }

    @Test
    void gcDoesNotShrinkAtExactlyAQuarter() {
        Fixture fx = grownTo1024(SMALL, 31); // used 256 == 1024 / 4
        fx.engine.gc();
        assertEquals(1024, stack(fx).size());
        assertEquals(0, fx.engine.stats().shrinks());
    }

    @Test
    void gcShrinksOneWordBelowAQuarter() {
        Fixture fx = grownTo1024(SMALL, 30); // used 248
        fx.engine.gc();
        assertEquals(512, stack(fx).size());
    }

    @Test
    void theShrinkSlackCountsAsUsed() {
        Fixture noShrink = grownTo1024(SMALL.withShrinkSlack(8), 30); // 248 + 8 = 256, not < 256
        noShrink.engine.gc();
        assertEquals(1024, stack(noShrink).size());
        Fixture shrink = grownTo1024(SMALL.withShrinkSlack(7), 30); // 255 < 256
        shrink.engine.gc();
        assertEquals(512, stack(shrink).size());
    }

    @Test
    void aShrinkAdjustsPointersToo() {
        Fixture fx = copying(SMALL);
        fx.engine.call(F0);
        fx.engine.set(2, 5);
        fx.engine.call(P);
        fx.engine.addr(0, 0, 1);
        fx.engine.addr(1, 0, 2);
        fx.engine.call(BIG);
        fx.engine.ret();
        fx.clearEvents();
        fx.engine.gc(); // used 112 < 256
        EngineEvent.Copy c = fx.events(EngineEvent.Copy.class).get(0);
        assertFalse(c.grow());
        assertEquals(2, c.adjusted());
        assertEquals(fx.view.slotAddress(0, 1), fx.slot(1, 0));
        assertEquals(5, fx.engine.load(1));
    }

    @Test
    void programsWithNomapLayoutsAreRefused() {
        CopyingEngine e = new CopyingEngine(SMALL);
        Program withNomap = new Program(List.of(frame("f", 1), nomap("c", 2)), List.of(new Op.Call(frame("f", 1))));
        Optional<String> why = e.refuse(withNomap);
        assertTrue(why.isPresent());
        assertTrue(why.get().contains("nomap layout(s): c"), why.get());
        Program plain = new Program(List.of(frame("f", 1)), List.of(new Op.Call(frame("f", 1))));
        assertEquals(Optional.empty(), e.refuse(plain));
        assertEquals(Optional.empty(), new SegmentedEngine(SMALL).refuse(withNomap));
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new CopyingEngine(SMALL.withInitialStack(0)));
        assertEquals("initialStack must be a positive multiple of 8: 0", assertThrows(IllegalArgumentException.class,
                () -> new CopyingEngine(SMALL.withInitialStack(0).withStackGuard(0))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CopyingEngine(SMALL.withInitialStack(100)));
        assertThrows(IllegalArgumentException.class, () -> new CopyingEngine(SMALL.withShrinkSlack(-1)));
    }

    /**
     * A guard above initialStack/2 + shrinkSlack is rejected: a 256-byte initial stack with a 200-byte guard
     * grows, and the next gc must halve it (used + slack < size/4) to where the top frame lies inside the
     * guard, breaking CPY-2. At the bound (128) a shrunk stack keeps its guard free.
     */
    @Test
    void aGuardAShrinkCouldReachIsRejected() {
        EngineParams p = new EngineParams(8192, false, 256, 200, 1_000_000_000L, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CopyingEngine(p));
        assertEquals("stackGuard 200 is more than initialStack/2 + shrinkSlack = 256/2 + 0: a stack halved at gc"
                + " (used + shrinkSlack < size/4) could leave its top frame inside the guard", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CopyingEngine(p.withStackGuard(136)));
        assertThrows(IllegalArgumentException.class, () -> new CopyingEngine(p.withShrinkSlack(64).withStackGuard(200)));
        assertEquals(128, new CopyingEngine(p.withStackGuard(128)).params().stackGuard());
        assertEquals(192, new CopyingEngine(p.withShrinkSlack(64).withStackGuard(192)).params().stackGuard());
    }

    @Test
    void aMillionFramesDeepAndBack() {
        Fixture fx = copying(Profile.GO1_4.params());
        Layout one = frame("one", 1);
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            fx.engine.call(one);
        }
        assertEquals(n, fx.view.depth());
        assertEquals(1 << 24, stack(fx).size());
        assertEquals(stack(fx).hi() - 16L * n, fx.view.frameAddress(n - 1));
        for (int i = 0; i < n - 1; i++) {
            fx.engine.ret();
        }
        fx.engine.gc();
        fx.engine.ret();
        Stats s = fx.engine.stats();
        assertEquals(13, s.copies()); // 2 KiB -> 16 MiB
        assertEquals((1L << 24) - 2048 - 13 * 512 + 16, s.bytesCopied()); // growths, then the shrink of frame 0
        assertEquals(1, s.shrinks());
        assertEquals((1L << 24) + (1L << 23), s.peakReserved());
        assertEquals(16L * n, s.peakUsed());
        assertEquals(1, fx.memory.liveRegionCount());
        assertEquals(1 << 23, stack(fx).size());
    }

    @Test
    void aPointerToTheLowestWordOfTheOldStackIsAdjusted() {
        // eight 32-byte frames fill the 256-byte stack exactly: frame 7 sits at lo
        Fixture c = new Fixture(new CopyingEngine(UNGUARDED));
        c.engine.call(MAIN);
        for (int i = 0; i < 7; i++) {
            c.engine.call(frame("g", 3, 1));
        }
        Region old = c.view.segments().get(0).region();
        assertEquals(old.lo(), c.view.frameAddress(7));
        c.engine.addr(1, 7, 0);
        c.engine.call(F);
        assertEquals(c.view.slotAddress(7, 0), c.slot(7, 1));
    }

    @Test
    void popDeferRemovesTheNewestRecord() {
        CopyingEngine e = new CopyingEngine(UNGUARDED) {
            @Override
            protected void runDefers(int frame) {
                popDefer();
            }
        };
        Fixture c = new Fixture(e);
        e.call(MAIN);
        e.call(F);
        e.addr(1, 0, 0);
        e.defer(1, 5);
        e.defer(1, 6);
        assertEquals(2, c.view.deferCount());
        e.ret();
        assertEquals(1, c.view.deferCount());
        assertEquals(5, c.view.defer(0).value());
        assertEquals(0, c.slot(0, 0), "popDefer does not run the store");
    }

    @Test
    void aStackGrowsToTheSizeWhereTheFrameFitsExactly() {
        // 32 bytes used of 256; a 480-byte frame fits a 512-byte stack exactly (512 - 32 = 480)
        Fixture c = new Fixture(new CopyingEngine(UNGUARDED));
        c.engine.call(MAIN);
        c.engine.call(frame("wide", 59));
        assertEquals(512, c.view.segments().get(0).region().size());
        Fixture h = new Fixture(new HybridEngine(UNGUARDED));
        h.engine.call(MAIN);
        h.engine.call(frame("wide", 56));
        // 24 + 32 bytes used of the 256-byte base; 456 bytes fit a 512-byte segment exactly
        assertEquals(512, h.view.segments().get(0).region().size());
    }

    @Test
    void anOverflowNamesTheFirstSizePastTheLimit() {
        CopyingEngine c = new CopyingEngine(UNGUARDED.withMaxStack(1024));
        c.start(new AddressSpace(), null);
        c.call(MAIN);
        StackOverflow so = assertThrows(StackOverflow.class, () -> c.call(frame("huge", 1250)));
        assertEquals(2048, so.needed());
        assertEquals(1024, so.limit());
        HybridEngine h = new HybridEngine(UNGUARDED.withMaxStack(1024));
        h.start(new AddressSpace(), null);
        h.call(MAIN);
        StackOverflow hs = assertThrows(StackOverflow.class, () -> h.call(frame("huge", 1250)));
        assertEquals(2048, hs.needed());
    }

    @Test
    void adjustpointerMovesExactlyThePointersIntoTheOldStack() {
        Fixture fx = copying(SMALL);
        fx.engine.call(F0);
        AbstractEngine engine = (AbstractEngine) fx.engine;
        Region old = fx.memory.allocate(64, "old");
        Region slots = fx.memory.allocate(64, "slots");
        long delta = 0x100000;
        long[] values = {old.lo(), old.hi() - 8, old.hi(), old.lo() - 8, 0};
        boolean[] moved = {true, true, false, false, false};
        for (int i = 0; i < values.length; i++) {
            long slot = slots.lo() + 8L * i;
            fx.memory.write(slot, values[i]);
            assertEquals(moved[i], engine.adjustpointer(slot, old, delta), "0x" + Long.toHexString(values[i]));
            assertEquals(values[i] + (moved[i] ? delta : 0), fx.memory.read(slot));
        }
    }
}

package dev.stackcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Forking and restoring the reference engines: a fork (or a restored engine) behaves exactly as the
 * original from then on, defer records, segment chains, caches and statistics included, and shares nothing
 * with it.
 */
class ForkTest {

    static final EngineParams SMALL = new EngineParams(256, true, 256, 0, 1_000_000_000L, 0);
    static final Layout MAIN = new Layout("main", 3, new int[] {1}, false);
    static final Layout F = new Layout("f", 3, new int[] {1}, false);

    /** frames with defer records through pointers to frame 0, deep enough to split or grow twice */
    static void deep(StackEngine e, int frames) {
        e.call(MAIN);
        e.set(0, 41);
        for (int i = 0; i < frames; i++) {
            e.call(F);
            e.addr(1, 0, 0);
            e.defer(1, i);
        }
    }

    /** what an engine shows: its view (frames, segments, defers, cache), its stats and its frames' words */
    static List<Object> state(StackEngine e, AddressSpace m) {
        StackView v = e.view();
        List<Object> out = new ArrayList<>();
        out.add(e.stats());
        out.add(v.segments());
        out.add(v.cachedSegment());
        for (int i = 0; i < v.deferCount(); i++) {
            out.add(v.defer(i));
        }
        for (int f = 0; f < v.depth(); f++) {
            out.add(v.frameAddress(f));
            for (int s = 0; s < 4; s++) {
                out.add(m.read(v.frameAddress(f) + 8L * s));
            }
        }
        return out;
    }

    static void check(Function<EngineParams, StackEngine> make) {
        StackEngine a = make.apply(SMALL);
        AddressSpace ma = new AddressSpace();
        a.start(ma, null);
        deep(a, 12);
        for (int i = 0; i < 5; i++) {
            a.ret();
        }
        AddressSpace mb = ma.copy();
        StackEngine b = ((Forkable) a).fork(mb, null);
        assertNotSame(a, b);
        assertEquals(state(a, ma), state(b, mb));
        // the same statements from here make the same states, and neither sees the other's
        for (StackEngine e : List.of(a, b)) {
            e.call(F);
            e.call(F);
            e.ret();
            e.gc();
            for (int i = 0; i < 7; i++) {
                e.ret();
            }
        }
        assertEquals(state(a, ma), state(b, mb));
        assertEquals(2, a.view().depth());
        // a fresh engine restored to the fork equals it, and runs on like it
        StackEngine c = make.apply(SMALL);
        AddressSpace mc = new AddressSpace();
        c.start(mc, null);
        c.call(MAIN); // defer records of other owners and values than b's
        c.call(F);
        c.call(F);
        c.addr(1, 0, 0);
        c.defer(1, 77);
        c.defer(1, 78);
        mc.copyFrom(mb);
        assertTrue(((Forkable) c).restore(b));
        assertEquals(state(b, mb), state(c, mc));
        for (StackEngine e : List.of(b, c)) {
            e.call(F);
            e.addr(1, 0, 0);
            e.defer(1, 99);
            e.ret();
            e.ret();
        }
        assertEquals(state(b, mb), state(c, mc));
    }

    @Test
    void copyingEnginesFork() {
        check(CopyingEngine::new);
    }

    @Test
    void segmentedEnginesFork() {
        check(SegmentedEngine::new);
    }

    @Test
    void hybridEnginesFork() {
        check(HybridEngine::new);
    }

    @Test
    void restoreTakesEqualParametersOfAnotherInstance() {
        EngineParams same = new EngineParams(256, true, 256, 0, 1_000_000_000L, 0);
        assertNotSame(SMALL, same);
        for (Function<EngineParams, StackEngine> make : List.<Function<EngineParams, StackEngine>>of(
                CopyingEngine::new, SegmentedEngine::new, HybridEngine::new)) {
            StackEngine a = make.apply(SMALL);
            AddressSpace ma = new AddressSpace();
            a.start(ma, null);
            deep(a, 4);
            StackEngine b = make.apply(same);
            AddressSpace mb = new AddressSpace();
            b.start(mb, null);
            mb.copyFrom(ma);
            assertTrue(((Forkable) b).restore(a), a.name());
            assertEquals(state(a, ma), state(b, mb), a.name());
        }
    }

    @Test
    void anEngineThatNeverStartedCannotFork() {
        for (AbstractEngine e : List.of(new CopyingEngine(SMALL), new SegmentedEngine(SMALL),
                new HybridEngine(SMALL))) {
            IllegalStateException x = assertThrows(IllegalStateException.class,
                    () -> e.fork(new AddressSpace(), null));
            assertEquals(e.name() + ": fork before start", x.getMessage());
        }
    }

    @Test
    void aForkReportsToItsOwnEvents() {
        SegmentedEngine a = new SegmentedEngine(SMALL);
        List<EngineEvent> original = new ArrayList<>();
        AddressSpace ma = new AddressSpace();
        a.start(ma, original::add);
        a.call(MAIN);
        AddressSpace mb = ma.copy();
        List<EngineEvent> forked = new ArrayList<>();
        StackEngine b = a.fork(mb, forked::add);
        int before = original.size();
        deep(b, 30); // deep enough to split
        assertEquals(before, original.size(), "the original's sink hears nothing of the fork");
        assertTrue(forked.stream().anyMatch(e -> e instanceof EngineEvent.Split), forked.toString());
    }

    @Test
    void restoreRefusesAnotherKindOfState() {
        CopyingEngine a = new CopyingEngine(SMALL);
        a.start(new AddressSpace(), null);
        CopyingEngine unstarted = new CopyingEngine(SMALL);
        assertFalse(a.restore(null));
        assertFalse(a.restore(new SegmentedEngine(SMALL)));
        SegmentedEngine started = new SegmentedEngine(SMALL);
        started.start(new AddressSpace(), null);
        assertFalse(a.restore(started), "from a started engine of another class");
        assertFalse(a.restore(unstarted), "from an engine that never started");
        assertFalse(unstarted.restore(a), "into an engine that never started");
        CopyingEngine other = new CopyingEngine(SMALL.withInitialStack(512));
        other.start(new AddressSpace(), null);
        assertFalse(a.restore(other), "other parameters");
        Forkable plain = (memory, events) -> null;
        assertFalse(plain.restore(a));
    }

    @Test
    void aSubclassSeesItsStack() {
        List<Region> seen = new ArrayList<>();
        CopyingEngine e = new CopyingEngine(SMALL) {
            @Override
            protected void shrinkstack() {
                seen.add(stack());
                super.shrinkstack();
            }
        };
        e.start(new AddressSpace(), null);
        e.call(MAIN);
        e.gc();
        assertEquals(List.of(e.view().segments().get(0).region()), seen);
    }
}

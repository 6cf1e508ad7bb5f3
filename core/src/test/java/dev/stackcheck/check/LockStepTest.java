package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.HybridEngine;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.Stats;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The lock-step state the model checker drives one statement at a time: lanes and their status, failures
 * per statement and at verify, skipping a lane, forking (by copy, or by replay for an engine that cannot be
 * copied) and restoring.
 */
class LockStepTest {

    static final EngineParams SMALL = FaultyEnginesTest.SMALL;
    static final Layout MAIN = new Layout("main", 3, new int[0], false);
    static final Layout F = new Layout("f", 3, new int[] {1}, false);

    static List<EngineSetup> reference() {
        return List.of(Fixtures.copying(SMALL), Fixtures.segmented(SMALL), Fixtures.hybrid(SMALL));
    }

    /** call main, set 0 41, then n frames f pointing at frame 0 */
    static List<Op> path(int n) {
        List<Op> ops = new ArrayList<>(List.of(new Op.Call(MAIN), new Op.Set(0, 41)));
        for (int i = 0; i < n; i++) {
            ops.add(new Op.Call(F));
            ops.add(new Op.Addr(1, 0, 0));
        }
        return ops;
    }

    static void run(LockStep s, List<Op> ops) {
        for (Op op : ops) {
            assertEquals(List.of(), s.step(op), op.toString());
        }
    }

    @Test
    void lanesRunInLockStep() {
        LockStep s = LockStep.start(reference());
        assertEquals(3, s.laneCount());
        assertEquals(List.of("copying", "segmented", "hybrid"), List.of(s.name(0), s.name(1), s.name(2)));
        assertEquals("hybrid", s.source(2).name());
        assertEquals(List.of(), s.startFailures());
        assertTrue(s.restorable());
        assertEquals(0, s.spec().depth());
        run(s, path(10));
        assertEquals(11, s.spec().depth());
        assertEquals(3, s.activeCount());
        for (int i = 0; i < 3; i++) {
            assertEquals(LockStep.Status.ACTIVE, s.status(i));
            assertEquals(11, s.view(i).depth());
            assertNotNull(s.engine(i));
            assertTrue(s.memory(i).liveRegionCount() >= 1);
        }
        assertEquals(List.of(), s.verify());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> s.step(new Op.Get(1)));
        assertEquals("illegal statement `get 1`: slot 1 of f holds a pointer: get observes only scalars",
                bad.getMessage());
        assertEquals(11, s.spec().depth(), "an illegal statement is not applied");
    }

    @Test
    void aRestoredStateForgetsTheSegmentsOfTheStateItReplaced() {
        LockStep s = LockStep.start(List.of(Fixtures.segmented(SMALL)));
        run(s, path(2));
        LockStep g = s.fork();
        List<Op> deeper = path(10).subList(path(2).size(), path(10).size());
        run(g, deeper); // splits: a second segment joins g's chain
        assertEquals(2, g.view(0).segments().size());
        g.restore(s);
        // the same split again: its segment has the number the forgotten one had, and is no cycle
        run(g, deeper);
        assertEquals(2, g.view(0).segments().size());
        assertEquals(List.of(), g.verify());
    }

    @Test
    void aForkGoesItsOwnWay() {
        LockStep s = LockStep.start(reference());
        run(s, path(6));
        LockStep f = s.fork();
        assertEquals(s.spec().depth(), f.spec().depth());
        run(f, path(0).subList(0, 0));
        run(f, List.of(new Op.Call(F), new Op.Call(F), new Op.Set(0, 5)));
        assertEquals(7, s.spec().depth());
        assertEquals(9, f.spec().depth());
        assertEquals(7, s.view(1).depth());
        assertEquals(9, f.view(1).depth());
        assertNotSame(s.engine(0), f.engine(0));
        assertNotSame(s.memory(0), f.memory(0));
        assertEquals(List.of(), f.verify());
        assertEquals(List.of(), s.verify());
        // restoring the first to the fork makes them equal again, storage reused
        s.restore(f);
        assertEquals(9, s.spec().depth());
        assertEquals(f.spec().depth(), s.spec().depth());
        assertEquals(9, s.view(2).depth());
        run(s, List.of(Op.Ret.INSTANCE, Op.Gc.INSTANCE));
        run(f, List.of(Op.Ret.INSTANCE, Op.Gc.INSTANCE));
        for (int i = 0; i < 3; i++) {
            assertEquals(f.engine(i).stats(), s.engine(i).stats(), s.name(i));
        }
        assertEquals(List.of(), s.verify());
        // and back to a state that had fewer frames
        LockStep g = s.fork();
        run(g, List.of(Op.Ret.INSTANCE, Op.Ret.INSTANCE, Op.Ret.INSTANCE));
        s.restore(g);
        assertEquals(g.spec().depth(), s.spec().depth());
        assertEquals(List.of(), s.verify());
    }

    @Test
    void restoreNeedsTheSameStartAndForkableEngines() {
        LockStep a = LockStep.start(reference());
        LockStep b = LockStep.start(List.of(Fixtures.copying(SMALL)));
        assertEquals("restore from a state of another start",
                assertThrows(IllegalArgumentException.class, () -> a.restore(b)).getMessage());
        List<EngineSetup> plain = List.of(new EngineSetup("t", () -> new Tampered(new CopyingEngine(SMALL))));
        LockStep p = LockStep.start(plain);
        assertFalse(p.restorable());
        LockStep q = p.fork();
        assertEquals("restore needs forkable engines; use fork()",
                assertThrows(IllegalStateException.class, () -> p.restore(q)).getMessage());
    }

    @Test
    void anEngineThatCannotBeCopiedIsReplayed() {
        List<EngineSetup> plain = List.of(new EngineSetup("t", () -> new Tampered(new SegmentedEngine(SMALL))),
                Fixtures.copying(SMALL));
        LockStep s = LockStep.start(plain);
        run(s, path(9));
        s.skip(1);
        run(s, List.of(Op.Gc.INSTANCE));
        LockStep r = s.fork();
        assertEquals(s.spec().depth(), r.spec().depth());
        assertEquals(10, r.spec().depth());
        assertEquals(LockStep.Status.SKIPPED, r.status(1));
        assertNull(r.engine(1));
        assertEquals(10, r.view(0).depth());
        assertEquals(s.engine(0).stats(), r.engine(0).stats());
        assertNotSame(s.engine(0), r.engine(0));
    }

    @Test
    void skippedLanesRunNothing() {
        LockStep s = LockStep.start(reference());
        run(s, path(2));
        s.skip(0);
        assertEquals(LockStep.Status.SKIPPED, s.status(0));
        assertNull(s.engine(0));
        assertNull(s.view(0));
        assertNull(s.memory(0));
        assertEquals(2, s.activeCount());
        s.skip(0);
        assertEquals(3, s.spec().depth(), "a skip is no statement");
        run(s, List.of(new Op.Call(F)));
        assertEquals(4, s.spec().depth());
        LockStep f = s.fork();
        assertEquals(LockStep.Status.SKIPPED, f.status(0));
        assertEquals(2, f.activeCount());
    }

    static final Layout NOMAP = new Layout("n", 3, new int[0], true);

    /** lane 0 segmented, lane 1 copying (it cannot run a frame without a pointer map), lane 2 a hybrid */
    static List<EngineSetup> mixed() {
        return List.of(Fixtures.segmented(SMALL), Fixtures.copying(SMALL), Fixtures.hybrid(SMALL));
    }

    /** call main, set, call n (no pointer map), set, then n frames f pointing at frame 0 */
    static List<Op> nomapPath(int n) {
        List<Op> ops = new ArrayList<>(List.of(new Op.Call(MAIN), new Op.Set(0, 41), new Op.Call(NOMAP),
                new Op.Set(1, 3)));
        for (int i = 0; i < n; i++) {
            ops.add(new Op.Call(F));
            ops.add(new Op.Addr(1, 0, 0));
        }
        return ops;
    }

    static void runAll(LockStep s, List<Op> ops) {
        for (Op op : ops) {
            s.step(op);
        }
    }

    @Test
    void restoreReusesWhatItOwnsAndSharesWhatNoLongerRuns() {
        LockStep start = LockStep.start(mixed());
        LockStep before = start.fork();
        LockStep s = start.fork();
        runAll(s, nomapPath(7));
        LockStep.Status dead = s.status(1);
        assertEquals(LockStep.Status.BROKEN, dead);
        assertEquals(LockStep.Status.ACTIVE, s.status(0));
        assertEquals(LockStep.Status.ACTIVE, s.status(2));
        // a state from start() and a fork own their lanes: restore copies into them
        StackEngine e0 = start.engine(0);
        AddressSpace m2 = start.memory(2);
        start.restore(s);
        assertSame(e0, start.engine(0));
        assertSame(m2, start.memory(2));
        assertNotSame(s.engine(0), start.engine(0));
        assertSame(s.engine(1), start.engine(1), "a lane that no longer runs is shared");
        assertEquals(s.spec().depth(), start.spec().depth());
        // the restored shadows (frame sizes, frames without a pointer map) are the other state's
        assertEquals(List.of(), start.verify());
        for (int i = 0; i < 7; i++) {
            assertEquals(List.of(), start.step(Op.Ret.INSTANCE));
        }
        assertEquals(2, start.activeCount());
        assertEquals(List.of(), start.verify());
        // a fork shares the broken lane; restoring it to a state where that lane runs forks it, and
        // leaves the lane it shared alone
        LockStep g = s.fork();
        assertSame(s.engine(1), g.engine(1));
        StackEngine g0 = g.engine(0);
        g.restore(before);
        assertSame(g0, g.engine(0));
        assertEquals(LockStep.Status.ACTIVE, g.status(1));
        assertEquals(dead, s.status(1));
        assertNotSame(s.engine(1), g.engine(1));
        // a skipped lane comes back by a fork
        g.skip(0);
        g.restore(s);
        assertEquals(LockStep.Status.ACTIVE, g.status(0));
        assertNotSame(s.engine(0), g.engine(0));
        assertEquals(List.of(), g.verify());
    }

    /**
     * A lane a state shares (one that no longer runs, shared by a fork) is never written through it: not when the
     * state skips it, nor when it restores to another state where that lane is shared too, then to one where it
     * runs again.
     */
    @Test
    void aSharedLaneIsNeverReusedInPlace() {
        LockStep start = LockStep.start(mixed());
        LockStep before = start.fork();
        LockStep s = start.fork();
        runAll(s, nomapPath(7));
        assertEquals(LockStep.Status.BROKEN, s.status(1));
        StackEngine dead = s.engine(1);
        int deadDepth = s.view(1).depth();
        LockStep g = s.fork();
        g.skip(1);
        g.restore(before);
        assertEquals(LockStep.Status.ACTIVE, g.status(1));
        LockStep h = s.fork();
        h.restore(s.fork());
        h.restore(before);
        assertEquals(LockStep.Status.ACTIVE, h.status(1));
        runAll(g, path(2));
        runAll(h, path(2));
        assertEquals(LockStep.Status.BROKEN, s.status(1));
        assertSame(dead, s.engine(1));
        assertEquals(deadDepth, s.view(1).depth(), "the broken lane's stack is as it broke");
        assertNotSame(dead, g.engine(1));
        assertNotSame(dead, h.engine(1));
        assertNotSame(g.engine(1), h.engine(1));
    }

    @Test
    void restoringFromAStateWithASkippedLaneSkipsIt() {
        LockStep start = LockStep.start(reference());
        LockStep a = start.fork();
        a.skip(0);
        run(a, path(1));
        LockStep b = start.fork();
        b.restore(a);
        assertEquals(List.of(LockStep.Status.SKIPPED, LockStep.Status.ACTIVE, LockStep.Status.ACTIVE),
                List.of(b.status(0), b.status(1), b.status(2)));
        assertEquals(null, b.engine(0));
        assertEquals(List.of(), b.verify());
    }

    /** a state whose first frames differ: the restored shadow of frames without a pointer map is the other's */
    @Test
    void restoreCopiesTheFramesWithoutAPointerMap() {
        Layout big = new Layout("big", 5, new int[0], false);
        LockStep p = LockStep.start(List.of(Fixtures.segmented(SMALL), Fixtures.hybrid(SMALL)));
        LockStep q = p.fork();
        run(p, List.of(new Op.Call(MAIN), new Op.Call(big), new Op.Call(NOMAP)));
        run(q, List.of(new Op.Call(MAIN), new Op.Call(NOMAP), new Op.Call(F)));
        p.restore(q);
        assertEquals(List.of(), p.verify());
    }

    /** lanes that are gone (skipped) take no part in a ret or a verify */
    @Test
    void aSkippedLaneTakesNoPartInARetOrAVerify() {
        LockStep s = LockStep.start(reference());
        run(s, path(1));
        s.skip(1);
        assertEquals(List.of(), s.step(Op.Ret.INSTANCE));
        assertEquals(List.of(), s.verify());
        assertEquals(1, s.spec().depth());
    }

    @Test
    void everyLaneThatBreaksInAStatementIsReported() {
        LockStep s = LockStep.start(List.of(new EngineSetup("a", breaksAt(2)), Fixtures.copying(SMALL),
                new EngineSetup("b", breaksAt(2))));
        s.step(new Op.Call(MAIN));
        List<LockStep.Failure> f = s.step(new Op.Set(0, 1));
        assertEquals(2, f.size(), f::toString);
        assertEquals(List.of(0, 2), List.of(f.get(0).lane(), f.get(1).lane()));
    }

    @Test
    void withStopAtTheFirstViolationOnlyTheFirstLaneThatBreaksIsReported() {
        LockStep s = LockStep.open(List.of(new EngineSetup("a", breaksAt(2)), Fixtures.copying(SMALL),
                new EngineSetup("b", breaksAt(2))), RunOptions.DEFAULT.withStopAtFirstViolation(true), false,
                (i, source, engine) -> true);
        s.step(new Op.Call(MAIN));
        List<LockStep.Failure> f = s.step(new Op.Set(0, 1));
        assertEquals(1, f.size(), f::toString);
        assertEquals(0, f.get(0).lane());
        assertEquals(LockStep.Status.ACTIVE, s.status(2), "lane b did not run the statement");
    }

    @Test
    void aLaneNotAdmittedIsSkippedFromTheStart() {
        LockStep s = LockStep.open(reference(), RunOptions.DEFAULT, false, (i, source, engine) -> i != 1);
        assertEquals(List.of(LockStep.Status.ACTIVE, LockStep.Status.SKIPPED, LockStep.Status.ACTIVE),
                List.of(s.status(0), s.status(1), s.status(2)));
        run(s, path(2));
        assertEquals(LockStep.Status.SKIPPED, s.status(1));
    }

    @Test
    void aSkipBeforeAnyStatementIsReplayed() {
        LockStep s = LockStep.start(List.of(new EngineSetup("t", () -> new Tampered(new CopyingEngine(SMALL))),
                Fixtures.copying(SMALL)));
        s.skip(0);
        run(s, path(1));
        LockStep r = s.fork();
        assertEquals(LockStep.Status.SKIPPED, r.status(0));
        assertEquals(2, r.view(1).depth());
    }

    /** Lane.restore answers false, leaving the caller to fork, for another engine, class or parameters */
    @Test
    void aLaneRestoresOnlyFromALaneOfTheSameEngine() {
        Spec spec = new Spec();
        EngineSetup copying = Fixtures.copying(SMALL);
        Lane a = lane(copying, spec);
        Lane b = lane(copying, spec);
        assertTrue(a.restore(b));
        assertFalse(a.restore(lane(Fixtures.copying(SMALL), spec)), "another source");
        assertFalse(lane(new EngineSetup("t", () -> new Tampered(new CopyingEngine(SMALL))), spec).restore(b),
                "an engine that cannot restore");
        EngineSetup either = new EngineSetup("either", new Supplier<>() {
            int n;

            @Override
            public StackEngine get() {
                return n++ == 0 ? new CopyingEngine(SMALL) : new SegmentedEngine(SMALL);
            }
        });
        assertFalse(lane(either, spec).restore(lane(either, spec)), "another class");
        EngineSetup sizes = new EngineSetup("sizes", new Supplier<>() {
            int n;

            @Override
            public StackEngine get() {
                return new CopyingEngine(n++ == 0 ? SMALL : SMALL.withMaxStack(1 << 20));
            }
        });
        assertFalse(lane(sizes, spec).restore(lane(sizes, spec)), "other parameters");
    }

    static Lane lane(EngineSetup source, Spec spec) {
        Lane l = new Lane(source, source.factory().get(), spec, LockStep.OPTIONS);
        l.start();
        return l;
    }

    /** breaks slot 2 of the top frame after statement {@code at} */
    static Supplier<StackEngine> breaksAt(int at) {
        return () -> LaneTest.after(new CopyingEngine(SMALL), at, t -> t.memory.write(
                LaneTest.slot(t, t.inner.view().depth() - 1, 2), 5));
    }

    @Test
    void failuresPerStatementAndAtVerify() {
        List<EngineSetup> engines = List.of(new EngineSetup("broken", breaksAt(4)), Fixtures.segmented(SMALL),
                new EngineSetup("stats", () -> new Tampered(new CopyingEngine(SMALL)) {
                    @Override
                    public Stats stats() {
                        Stats s = super.stats();
                        return n < 3 ? s : ValuesTest.bump(s, 1, 1);
                    }
                }));
        LockStep s = LockStep.start(engines);
        run(s, path(0));
        List<LockStep.Failure> third = s.step(new Op.Call(F));
        assertEquals(List.of(new LockStep.Failure(2, "stats", Invariant.STAT_1,
                "stats.returns = 1, but there were 0 ret statements run")), third);
        assertEquals(LockStep.Status.BROKEN, s.status(2));
        List<LockStep.Failure> fourth = s.step(new Op.Set(0, 1));
        assertEquals(1, fourth.size());
        assertEquals(0, fourth.get(0).lane());
        assertEquals(Invariant.REF_2, fourth.get(0).invariant());
        assertEquals(1, s.activeCount());
        assertEquals(List.of(), s.step(new Op.Set(0, 2)));
        assertEquals(List.of(), s.verify());
        // a slot broken where only the full check looks is found by verify
        LockStep deep = LockStep.start(List.of(new EngineSetup("deep", () -> LaneTest.after(new CopyingEngine(SMALL), 5,
                t -> t.memory.write(LaneTest.slot(t, 0, 2), 5)))));
        run(deep, path(2));
        List<LockStep.Failure> v = deep.verify();
        assertEquals(1, v.size());
        assertEquals(Invariant.REF_2, v.get(0).invariant());
        assertEquals(LockStep.Status.BROKEN, deep.status(0));
        assertEquals(List.of(), deep.verify());
    }

    /** the check before a wide frame's ret runs in lock step too (the model checker turns sweeps off) */
    @Test
    void aWideFrameIsCheckedWholeBeforeItReturns() {
        Layout big = new Layout("big", 20, new int[0], false);
        LockStep s = LockStep.start(List.of(Fixtures.segmented(SMALL), new EngineSetup("broken", () -> LaneTest.after(
                new CopyingEngine(SMALL), 3, t -> t.memory.write(LaneTest.slot(t, 1, 15), 3)))));
        run(s, List.of(new Op.Call(MAIN), new Op.Call(big), new Op.Call(F), new Op.Ret()));
        assertEquals(List.of(new LockStep.Failure(1, "broken", Invariant.REF_2,
                "frame 1 (big) slot 15 at 0x100b0 holds 3 (0x3), want 0")), s.step(new Op.Ret()));
        assertEquals(LockStep.Status.BROKEN, s.status(1));
        assertEquals(LockStep.Status.ACTIVE, s.status(0));
        assertEquals(List.of(), s.step(new Op.Ret()));
    }

    @Test
    void statisticsThatThrowAreACrash() {
        LockStep s = LockStep.start(List.of(new EngineSetup("t", () -> new Tampered(new CopyingEngine(SMALL)) {
            @Override
            public Stats stats() {
                throw new IllegalStateException("no stats");
            }
        })));
        List<LockStep.Failure> f = s.step(new Op.Call(MAIN));
        assertEquals(Invariant.ENG_1, f.get(0).invariant());
        assertTrue(f.get(0).message().startsWith("engine crashed in its stats: java.lang.IllegalStateException: no stats"),
                f.get(0).message());
    }

    @Test
    void enginesThatFailToBeMadeOrStarted() {
        List<EngineSetup> engines = List.of(new EngineSetup("unmade", () -> {
            throw new IllegalStateException("no engine");
        }), new EngineSetup("unstarted", () -> new CopyingEngine(SMALL) {
            @Override
            protected void createStack() {
                throw new IllegalStateException("no stack");
            }
        }), Fixtures.hybrid(SMALL));
        LockStep s = LockStep.start(engines);
        List<LockStep.Failure> f = s.startFailures();
        assertEquals(2, f.size());
        assertEquals(0, f.get(0).lane());
        assertEquals("unmade", f.get(0).engine());
        assertEquals(Invariant.ENG_1, f.get(0).invariant());
        assertTrue(f.get(0).message().startsWith("engine crashed in its construction: java.lang.IllegalStateException:"
                + " no engine"), f.get(0).message());
        assertEquals(1, f.get(1).lane());
        assertTrue(f.get(1).message().startsWith("engine crashed in start: java.lang.IllegalStateException: no stack"),
                f.get(1).message());
        assertEquals(LockStep.Status.BROKEN, s.status(0));
        assertEquals(LockStep.Status.BROKEN, s.status(1));
        assertEquals(LockStep.Status.ACTIVE, s.status(2));
        assertEquals(1, s.activeCount());
        assertNull(s.engine(0));
        run(s, path(3));
        s.skip(1);
        assertEquals(LockStep.Status.BROKEN, s.status(1), "a lane that never started stays broken");
        assertTrue(s.restorable());
        LockStep g = s.fork();
        assertEquals(LockStep.Status.BROKEN, g.status(0));
        assertEquals(4, g.spec().depth());
    }

    @Test
    void anOverflowedLaneRunsNoMore() {
        List<EngineSetup> engines = List.of(Fixtures.copying(SMALL.withMaxStack(256)), Fixtures.segmented(SMALL));
        LockStep s = LockStep.start(engines);
        List<Op> ops = path(8);
        for (Op op : ops) {
            assertEquals(List.of(), s.step(op));
        }
        assertEquals(LockStep.Status.OVERFLOWED, s.status(0));
        assertEquals(LockStep.Status.ACTIVE, s.status(1));
        assertEquals(1, s.activeCount());
        LockStep f = s.fork();
        assertEquals(LockStep.Status.OVERFLOWED, f.status(0));
        assertEquals(List.of(), f.verify());
        LockStep r = LockStep.start(engines);
        r.restore(f);
        assertEquals(LockStep.Status.OVERFLOWED, r.status(0));
        assertArrayEquals(new int[] {s.spec().depth()}, new int[] {r.spec().depth()});
    }
}

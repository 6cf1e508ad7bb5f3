package dev.stackcheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.LockStep;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.faults.Fault;
import dev.stackcheck.faults.FaultCatalogue;
import dev.stackcheck.program.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Forking and restoring a combined state ({@link LockStep#fork}, {@link LockStep#restore}) give exactly
 * the state that replaying the program from a fresh start gives, and leave the original untouched.
 */
class ForkTest {

    private static List<EngineSetup> engines() {
        List<EngineSetup> out = new ArrayList<>(ExploreConfig.engines(Engines.providers()));
        for (String id : List.of("copy-adjusts-top-frame-only", "lessstack-returns-to-wrong-segment",
                "hybrid-copies-part-of-segment")) {
            Fault f = FaultCatalogue.byId(id);
            out.add(new EngineSetup(id, () -> f.factory().apply(Profile.EXPLORE.params())));
        }
        return out;
    }

    /** An engine that cannot fork: the lock step replays it. */
    private static EngineSetup unforkable() {
        return new EngineSetup("plain", () -> {
            StackEngine e = Engines.provider("segmented").create(Profile.EXPLORE.params());
            return new Delegate(e);
        });
    }

    private static LockStep replay(List<EngineSetup> engines, List<Op> ops) {
        LockStep s = LockStep.start(engines);
        for (Op op : ops) {
            skipRefusing(s, op);
            s.step(op);
        }
        return s;
    }

    private static void skipRefusing(LockStep s, Op op) {
        if (op instanceof Op.Call c && c.layout().nomap()) {
            for (int i = 0; i < s.laneCount(); i++) {
                if (s.name(i).equals("copying") && s.status(i) == LockStep.Status.ACTIVE) {
                    s.skip(i);
                }
            }
        }
    }

    @Test
    void forksAndRestoresEqualReplays() {
        List<EngineSetup> engines = engines();
        Alphabet a = ExploreConfig.standardAlphabet(12);
        Fingerprinter fp = new Fingerprinter(a);
        Random random = new Random(7);
        int[] buf = new int[a.maxLegal()];
        int compared = 0;
        for (int walk = 0; walk < 40; walk++) {
            LockStep forked = LockStep.start(engines);
            LockStep restored = LockStep.start(engines).fork();
            List<Op> ops = new ArrayList<>();
            for (int step = 0; step < 12; step++) {
                int n = a.legal(forked.spec(), buf);
                if (n == 0) {
                    break;
                }
                Op op = a.op(buf[random.nextInt(n)]);
                long before = fp.of(forked);
                LockStep next = forked.fork();
                skipRefusing(next, op);
                next.step(op);
                assertEquals(before, fp.of(forked), "a fork leaves its original untouched");
                LockStep scratch = restored.fork();
                scratch.restore(forked);
                skipRefusing(scratch, op);
                scratch.step(op);
                ops.add(op);
                forked = next;
                restored = scratch;
                long want = fp.of(replay(engines, ops));
                assertEquals(want, fp.of(forked), "fork after " + ops);
                assertEquals(want, fp.of(restored), "restore after " + ops);
                for (int i = 0; i < forked.laneCount(); i++) {
                    assertEquals(forked.status(i), restored.status(i));
                }
                compared++;
            }
        }
        assertTrue(compared > 200);
    }

    @Test
    void anEngineThatCannotForkIsReplayed() {
        List<EngineSetup> engines = List.of(unforkable());
        LockStep s = LockStep.start(engines);
        assertTrue(!s.restorable());
        Alphabet a = ExploreConfig.standardAlphabet(6);
        Fingerprinter fp = new Fingerprinter(a);
        List<Op> ops = List.of(new Op.Call(a.layouts().get(0)), new Op.Call(a.layouts().get(1)),
                new Op.Set(1, 1), new Op.Ret());
        for (Op op : ops) {
            s.step(op);
        }
        LockStep f = s.fork();
        assertEquals(fp.of(s), fp.of(f));
        f.step(new Op.Ret());
        assertNotEquals(fp.of(s), fp.of(f));
    }

    /** Wraps an engine so that it is not {@link dev.stackcheck.engine.Forkable}. */
    private record Delegate(StackEngine e) implements StackEngine {
        @Override
        public String name() {
            return "plain";
        }

        @Override
        public dev.stackcheck.engine.EngineParams params() {
            return e.params();
        }

        @Override
        public dev.stackcheck.engine.StackKind kind() {
            return e.kind();
        }

        @Override
        public void start(dev.stackcheck.memory.AddressSpace memory, dev.stackcheck.engine.EngineEvents events) {
            e.start(memory, events);
        }

        @Override
        public void call(dev.stackcheck.program.Layout layout) {
            e.call(layout);
        }

        @Override
        public void ret() {
            e.ret();
        }

        @Override
        public void set(int slot, long value) {
            e.set(slot, value);
        }

        @Override
        public long get(int slot) {
            return e.get(slot);
        }

        @Override
        public void addr(int slot, int frame, int target) {
            e.addr(slot, frame, target);
        }

        @Override
        public void store(int slot, long value) {
            e.store(slot, value);
        }

        @Override
        public long load(int slot) {
            return e.load(slot);
        }

        @Override
        public void defer(int slot, long value) {
            e.defer(slot, value);
        }

        @Override
        public void gc() {
            e.gc();
        }

        @Override
        public dev.stackcheck.engine.StackView view() {
            return e.view();
        }

        @Override
        public dev.stackcheck.engine.Stats stats() {
            return e.stats();
        }
    }
}

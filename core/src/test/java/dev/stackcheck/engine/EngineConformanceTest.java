package dev.stackcheck.engine;

import static dev.stackcheck.engine.Fixture.frame;
import static dev.stackcheck.engine.Fixture.nomap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.spec.Spec;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each reference engine, with small segments and stacks so that splits, copies and shrinks are frequent,
 * runs seeded random legal programs in lock step with the specification. After every statement the
 * engine's memory must abstract to the specification's state (every scalar and every pointer, every
 * defer record), observations must agree, and the engine must hold exactly the regions it reports; at
 * the end of each run the statistics must agree with the events.
 */
class EngineConformanceTest {

    static final EngineParams SMALL = new EngineParams(256, false, 256, 32, 1_000_000_000L, 0);

    static Stream<Arguments> engines() {
        return Stream.of(
                Arguments.of("segmented", (Supplier<StackEngine>) () -> new SegmentedEngine(SMALL), true),
                Arguments.of("segmented+cache",
                        (Supplier<StackEngine>) () -> new SegmentedEngine(SMALL.withSegmentCache(true)), true),
                Arguments.of("copying", (Supplier<StackEngine>) () -> new CopyingEngine(SMALL), false),
                Arguments.of("copying+slack",
                        (Supplier<StackEngine>) () -> new CopyingEngine(SMALL.withShrinkSlack(40)), false),
                Arguments.of("hybrid", (Supplier<StackEngine>) () -> new HybridEngine(SMALL), true),
                Arguments.of("hybrid+cache",
                        (Supplier<StackEngine>) () -> new HybridEngine(SMALL.withSegmentCache(true)), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void randomProgramsRefineTheSpecification(String label, Supplier<StackEngine> make, boolean nomapAllowed) {
        List<Layout> layouts = nomapAllowed
                ? List.of(frame("a", 1), frame("b", 3, 0), frame("c", 6, 1, 4), frame("big", 40, 0, 7), nomap("n", 4))
                : List.of(frame("a", 1), frame("b", 3, 0), frame("c", 6, 1, 4), frame("big", 40, 0, 7));
        long seen = 0;
        for (long seed = 1; seed <= 40; seed++) {
            seen += run(make.get(), layouts, new Random(seed), label + " seed " + seed);
        }
        assertTrue(seen > 0, "the runs moved or split the stack at least once");
    }

    /** Runs one random program; returns the number of splits and copies it caused. */
    private static long run(StackEngine engine, List<Layout> layouts, Random rnd, String what) {
        Fixture fx = new Fixture(engine);
        Spec spec = new Spec();
        step(fx, spec, new Op.Call(layouts.get(rnd.nextInt(layouts.size()))), what);
        for (int i = 0; i < 400; i++) {
            Op op = randomOp(spec, layouts, rnd);
            if (op != null) {
                step(fx, spec, op, what + " step " + i + " " + op);
            }
        }
        while (spec.depth() > 0) {
            step(fx, spec, Op.Ret.INSTANCE, what + " unwinding");
        }
        checkStatsAgreeWithEvents(fx, what);
        Stats s = engine.stats();
        return s.splits() + s.copies() + s.shrinks();
    }

    private static Op randomOp(Spec spec, List<Layout> layouts, Random rnd) {
        int top = spec.depth() - 1;
        Layout l = spec.layout(top);
        for (int tries = 0; tries < 20; tries++) {
            int k = rnd.nextInt(100);
            int slot = rnd.nextInt(l.words());
            Op op;
            if (k < 22) {
                op = spec.depth() < 40 ? new Op.Call(layouts.get(rnd.nextInt(layouts.size()))) : Op.Ret.INSTANCE;
            } else if (k < 40) {
                op = top > 0 ? Op.Ret.INSTANCE : new Op.Gc();
            } else if (k < 50) {
                op = new Op.Set(slot, rnd.nextInt(1000) + 1);
            } else if (k < 58) {
                op = new Op.Get(slot);
            } else if (k < 73) {
                int f = rnd.nextInt(top + 1);
                op = new Op.Addr(slot, f, rnd.nextInt(spec.layout(f).words()));
            } else if (k < 80) {
                op = new Op.Store(slot, rnd.nextInt(1000) + 1);
            } else if (k < 86) {
                op = new Op.Load(slot);
            } else if (k < 92) {
                op = new Op.Defer(slot, rnd.nextInt(1000) + 1);
            } else {
                op = Op.Gc.INSTANCE;
            }
            if (spec.whyIllegal(op) == null) {
                return op;
            }
        }
        return null;
    }

    private static void step(Fixture fx, Spec spec, Op op, String what) {
        spec.apply(op);
        StackEngine e = fx.engine;
        if (op instanceof Op.Call c) {
            e.call(c.layout());
        } else if (op instanceof Op.Ret) {
            e.ret();
        } else if (op instanceof Op.Set s) {
            e.set(s.slot(), s.value());
        } else if (op instanceof Op.Get g) {
            assertEquals(spec.observation(), e.get(g.slot()), what);
        } else if (op instanceof Op.Addr a) {
            e.addr(a.slot(), a.frame(), a.target());
        } else if (op instanceof Op.Store s) {
            e.store(s.slot(), s.value());
        } else if (op instanceof Op.Load ld) {
            assertEquals(spec.observation(), e.load(ld.slot()), what);
        } else if (op instanceof Op.Defer d) {
            e.defer(d.slot(), d.value());
        } else {
            e.gc();
        }
        checkState(fx, spec, what);
    }

    private static void checkState(Fixture fx, Spec spec, String what) {
        StackView v = fx.view;
        assertEquals(spec.depth(), v.depth(), what);
        for (int f = 0; f < spec.depth(); f++) {
            Layout l = spec.layout(f);
            assertEquals(l, v.layout(f), what);
            for (int s = 0; s < l.words(); s++) {
                long expected = spec.holdsRef(f, s) ? v.slotAddress(spec.refFrame(f, s), spec.refSlot(f, s))
                        : spec.scalar(f, s);
                long actual = fx.slot(f, s);
                if (actual != expected) {
                    assertEquals(expected, actual, what + ": frame " + f + " slot " + s);
                }
            }
        }
        assertEquals(spec.deferCount(), v.deferCount(), what);
        for (int i = 0; i < spec.deferCount(); i++) {
            Spec.Deferred d = spec.defer(i);
            StackView.DeferRecord r = v.defer(i);
            assertEquals(d.owner(), r.frame(), what);
            assertEquals(v.slotAddress(d.target().frame(), d.target().slot()), r.pointer(), what);
            assertEquals(d.value(), r.value(), what);
        }
        long held = v.cachedSegment() == null ? 0 : v.cachedSegment().size();
        for (StackView.StackSegment seg : v.segments()) {
            held += seg.region().size();
        }
        assertEquals(fx.memory.liveBytes(), held, what + ": regions held = regions reported");
        assertEquals(held, ((AbstractEngine) fx.engine).reservedBytes(), what);
        if (v.depth() == 1) {
            assertEquals(1, v.segments().size(), what + ": only the base region with frame 0 alone");
        }
    }

    private static void checkStatsAgreeWithEvents(Fixture fx, String what) {
        Stats s = fx.engine.stats();
        List<EngineEvent.Split> splits = fx.events(EngineEvent.Split.class);
        List<EngineEvent.Copy> copies = fx.events(EngineEvent.Copy.class);
        assertEquals(splits.size(), s.splits(), what);
        assertEquals(splits.stream().filter(EngineEvent.Split::reused).count(), s.cacheHits(), what);
        assertEquals(fx.events(EngineEvent.Lessstack.class).size(), s.lessstack(), what);
        assertEquals(fx.events(EngineEvent.Alloc.class).size(), s.segmentAllocs(), what);
        assertEquals(fx.events(EngineEvent.Free.class).size(), s.segmentFrees(), what);
        assertEquals(copies.stream().filter(EngineEvent.Copy::grow).count(), s.copies(), what);
        assertEquals(copies.stream().filter(c -> !c.grow()).count(), s.shrinks(), what);
        assertEquals(copies.stream().mapToLong(EngineEvent.Copy::used).sum(), s.bytesCopied(), what);
        assertEquals(copies.stream().mapToLong(EngineEvent.Copy::adjusted).sum(), s.pointersAdjusted(), what);
        assertNull(fx.events.stream().filter(e -> e instanceof EngineEvent.Overflow).findFirst().orElse(null), what);
    }
}

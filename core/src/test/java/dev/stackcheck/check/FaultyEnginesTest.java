package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.Code;
import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.HybridEngine;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.Stats;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Program;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deliberately wrong engines, each a reference engine with one mechanism broken: every invariant of the
 * catalogue is shown to catch at least one of them, while the unbroken engine passes the same program.
 */
class FaultyEnginesTest {

    /** small sizes: a few frames split a segment or grow a stack */
    static final EngineParams SMALL = new EngineParams(256, false, 256, 0, 1_000_000_000L, 0);

    /** a pointer to frame 0 and a defer in every frame, 30 deep, then back with a gc after every ret */
    static final String GENERAL = String.join("\n",
            "frame main words=3",
            "frame f words=3 ptrs=1",
            "call main",
            "set 0 41",
            "repeat 30 {",
            "  call f",
            "  set 0 7",
            "  addr 1 0.0",
            "  defer 1 5",
            "  load 1",
            "  get 0",
            "}",
            "gc",
            "repeat 30 {",
            "  ret",
            "  gc",
            "}",
            "get 0",
            "ret",
            "");

    /** a frame bigger than a 256-byte segment */
    static final String BIG = String.join("\n",
            "frame main words=3",
            "frame huge words=40",
            "call main",
            "call huge",
            "set 39 1",
            "ret",
            "ret",
            "");

    /** a frame without a pointer map at the bottom of a growing stack */
    static final String NOMAP = String.join("\n",
            "frame c words=2 nomap",
            "frame f words=3 ptrs=1",
            "call c",
            "set 0 3",
            "repeat 30 {",
            "  call f",
            "  addr 1 0.0",
            "}",
            "repeat 30 {",
            "  ret",
            "}",
            "ret",
            "");

    /** frame 0 defers a store into itself, then the goroutine ends */
    static final String GOEXIT = String.join("\n",
            "frame main words=2 ptrs=0",
            "call main",
            "addr 0 0.1",
            "defer 0 5",
            "ret",
            "");

    record Case(String name, Invariant expected, String program, Supplier<StackEngine> faulty,
                Supplier<StackEngine> reference) {
        @Override
        public String toString() {
            return expected.id() + " " + name;
        }
    }

    static Supplier<StackEngine> seg() {
        return () -> new SegmentedEngine(SMALL);
    }

    static Supplier<StackEngine> copy() {
        return () -> new CopyingEngine(SMALL);
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("get returns a wrong value", Invariant.REF_1, GENERAL, () -> new CopyingEngine(SMALL) {
            @Override
            public long get(int slot) {
                long v = super.get(slot);
                return v == 7 ? 8 : v;
            }
        }, copy()));
        c.add(new Case("a new frame is not zeroed", Invariant.REF_2, GENERAL, () -> new SegmentedEngine(SMALL) {
            @Override
            public void call(Layout layout) {
                super.call(layout);
                if (depth() == 3) {
                    memory().write(view().slotAddress(2, 2), 99);
                }
            }
        }, seg()));
        c.add(new Case("copystack adjusts only the top frame", Invariant.PTR_1, GENERAL, () -> new CopyingEngine(SMALL) {
            @Override
            protected long adjustframe(int frame, Region old, long delta) {
                return frame == depth() - 1 ? super.adjustframe(frame, old, delta) : 0;
            }
        }, copy()));
        c.add(new Case("copystack forgets the defer records", Invariant.PTR_2, GENERAL, () -> new CopyingEngine(SMALL) {
            @Override
            protected long adjustdefers(Region old, long delta) {
                return 0;
            }
        }, copy()));
        c.add(new Case("the final ret runs frame 0's defers but keeps their records", Invariant.PTR_2, GOEXIT,
                () -> new SegmentedEngine(SMALL) {
                    @Override
                    protected void runDefers(int frame) {
                        if (frame > 0) {
                            super.runDefers(frame);
                            return;
                        }
                        for (int i = view().deferCount() - 1; i >= 0; i--) {
                            memory().write(view().defer(i).pointer(), view().defer(i).value());
                        }
                    }
                }, seg()));
        c.add(new Case("morestack squeezes a big frame into a normal segment", Invariant.MEM_1, BIG,
                () -> new SegmentedEngine(SMALL) {
                    @Override
                    protected long morestack(Layout layout) {
                        long sp = super.morestack(new Layout("small", 1, new int[0], false));
                        return sp + 16 - layout.frameBytes();
                    }
                }, seg()));
        c.add(new Case("set writes a misaligned word", Invariant.MEM_2, GENERAL, () -> new SegmentedEngine(SMALL) {
            @Override
            public void set(int slot, long value) {
                if (value == 7) {
                    memory().write(view().slotAddress(depth() - 1, slot) + 4, value);
                } else {
                    super.set(slot, value);
                }
            }
        }, seg()));
        c.add(new Case("the record links to the wrong previous segment", Invariant.SEG_1, GENERAL,
                () -> new SegmentedEngine(SMALL) {
                    @Override
                    protected void writeRecord(Region seg, long prevLo, long savedSp) {
                        super.writeRecord(seg, prevLo + 8, savedSp);
                    }
                }, seg()));
        c.add(new Case("lessstack would skip a segment (record names the base)", Invariant.SEG_1, GENERAL,
                () -> new SegmentedEngine(SMALL) {
                    long baseLo;

                    @Override
                    protected void writeRecord(Region seg, long prevLo, long savedSp) {
                        if (baseLo == 0) {
                            baseLo = prevLo;
                        }
                        super.writeRecord(seg, baseLo, savedSp);
                    }
                }, seg()));
        c.add(new Case("the record saves the wrong stack pointer", Invariant.SEG_2, GENERAL,
                () -> new SegmentedEngine(SMALL) {
                    @Override
                    protected void writeRecord(Region seg, long prevLo, long savedSp) {
                        super.writeRecord(seg, prevLo, savedSp + 8);
                    }
                }, seg()));
        c.add(new Case("lessstack resumes the caller at the wrong place", Invariant.SEG_2, GENERAL,
                () -> new SegmentedEngine(SMALL) {
                    @Override
                    protected void lessstack(int frame) {
                        super.lessstack(frame);
                        setSp(frame - 1, sp(frame - 1) - 8);
                    }
                }, seg()));
        c.add(new Case("a split frame returns to its caller, not into lessstack", Invariant.SEG_3, GENERAL,
                () -> new SegmentedEngine(SMALL) {
                    @Override
                    protected long returnAddress(int frame) {
                        return frame == 0 ? Code.GOEXIT_PC : Code.RETURN_PC;
                    }
                }, seg()));
        c.add(new Case("the first frame of a segment returns without lessstack", Invariant.SEG_3, GENERAL,
                () -> new SegmentedEngine(SMALL) {
                    @Override
                    protected void popped(int frame, long sp, Layout layout) {
                    }
                }, seg()));
        c.add(new Case("morestack leaves a gap below the record", Invariant.SEG_4, GENERAL,
                () -> new SegmentedEngine(SMALL) {
                    @Override
                    protected long morestack(Layout layout) {
                        return super.morestack(layout) - 8;
                    }
                }, seg()));
        c.add(new Case("frame 0 is not at the top of the stack", Invariant.CPY_1, GENERAL,
                () -> new CopyingEngine(SMALL) {
                    @Override
                    protected long place(Layout layout) {
                        return depth() == 0 ? super.place(layout) - 8 : super.place(layout);
                    }
                }, copy()));
        c.add(new Case("the engine ignores its stack guard", Invariant.CPY_2, GENERAL,
                () -> new CopyingEngine(SMALL) {
                    @Override
                    public EngineParams params() {
                        return SMALL.withStackGuard(64);
                    }
                }, copy()));
        c.add(new Case("shrinkstack never shrinks", Invariant.CPY_3, GENERAL, () -> new CopyingEngine(SMALL) {
            @Override
            protected void shrinkstack() {
            }
        }, copy()));
        c.add(new Case("shrinkstack ignores the slack", Invariant.CPY_3, GENERAL, () -> new CopyingEngine(SMALL) {
            @Override
            public EngineParams params() {
                return SMALL.withShrinkSlack(1000);
            }
        }, copy()));
        c.add(new Case("a hybrid splits although its top segment could be copied", Invariant.CPY_2, GENERAL,
                () -> new HybridEngine(SMALL) {
                    @Override
                    protected long grow(Layout layout, long spTop) {
                        return depth() == 0 ? super.grow(layout, spTop) : morestack(layout);
                    }
                }, () -> new HybridEngine(SMALL)));
        c.add(new Case("a hybrid never shrinks its top segment", Invariant.CPY_3, GENERAL,
                () -> new HybridEngine(SMALL) {
                    @Override
                    protected void shrinkstack() {
                    }
                }, () -> new HybridEngine(SMALL)));
        c.add(new Case("overflow one byte early", Invariant.CPY_4, GENERAL,
                () -> new CopyingEngine(SMALL.withMaxStack(1023)) {
                    @Override
                    public EngineParams params() {
                        return SMALL.withMaxStack(1024);
                    }
                }, () -> new CopyingEngine(SMALL.withMaxStack(1024))));
        c.add(new Case("a copying engine moves a frame without a pointer map", Invariant.HYB_1, NOMAP,
                () -> new CopyingEngine(SMALL) {
                    @Override
                    public Optional<String> refuse(Program program) {
                        return Optional.empty();
                    }
                }, () -> new SegmentedEngine(SMALL)));
        c.add(new Case("a hybrid copies a top segment that holds a frame without a pointer map", Invariant.HYB_1, NOMAP,
                () -> new HybridEngine(SMALL) {
                    @Override
                    protected long grow(Layout layout, long spTop) {
                        if (depth() == 0) {
                            return super.grow(layout, spTop);
                        }
                        long used = topSegment().hi() - spTop;
                        long size = topSegment().size() * 2;
                        while (size - used < layout.frameBytes()) {
                            size *= 2;
                        }
                        Region neu = moveTopSegment(size, used, true);
                        return neu.hi() - used - layout.frameBytes();
                    }
                }, () -> new HybridEngine(SMALL)));
        c.add(new Case("a hybrid's top-segment copy forgets the defer records", Invariant.PTR_2, GENERAL,
                () -> new HybridEngine(SMALL) {
                    @Override
                    protected long adjustdefers(Region old, long delta) {
                        return 0;
                    }
                }, () -> new HybridEngine(SMALL)));
        c.add(new Case("the cache is kept but not reported", Invariant.LEAK_1, GENERAL,
                () -> new SegmentedEngine(SMALL.withSegmentCache(true)) {
                    @Override
                    protected Region cached() {
                        return null;
                    }
                }, () -> new SegmentedEngine(SMALL.withSegmentCache(true))));
        c.add(new Case("the engine allocates a region it never frees", Invariant.LEAK_1, GENERAL,
                () -> new CopyingEngine(SMALL) {
                    @Override
                    protected void createStack() {
                        super.createStack();
                        memory().allocate(64, "leak");
                    }
                }, copy()));
        c.add(new Case("stats count a call too many", Invariant.STAT_1, GENERAL, () -> new SegmentedEngine(SMALL) {
            @Override
            public Stats stats() {
                Stats s = super.stats();
                return new Stats(s.calls() + 1, s.returns(), s.splits(), s.lessstack(), s.segmentAllocs(),
                        s.segmentFrees(), s.cacheHits(), s.copies(), s.shrinks(), s.bytesCopied(),
                        s.pointersAdjusted(), s.peakReserved(), s.peakUsed());
            }
        }, seg()));
        c.add(new Case("gc crashes", Invariant.ENG_1, GENERAL, () -> new CopyingEngine(SMALL) {
            @Override
            public void gc() {
                throw new IllegalStateException("boom");
            }
        }, copy()));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void faultIsCaughtAndReferencePasses(Case c) {
        Program p = Fixtures.parse(c.program());
        RunResult ok = Runner.run(p, List.of(new EngineSetup("reference", c.reference())), RunOptions.DEFAULT);
        assertEquals("ok", ok.verdict(), () -> ok.violations().get(0).explain());

        RunResult r = Runner.run(p, List.of(new EngineSetup("faulty", c.faulty())), RunOptions.DEFAULT);
        assertEquals("violation", r.verdict());
        assertEquals(1, r.violations().size());
        Violation v = r.violations().get(0);
        assertEquals(c.expected(), v.invariant(), v::explain);
        assertEquals("faulty", v.engine());
        assertFalse(v.message().isBlank());
        assertTrue(r.engine("faulty").broken());
        assertFalse(r.completed());
        if (v.statement() >= 0) {
            assertEquals(p.position(v.statement()), v.pos());
            assertEquals(dev.stackcheck.program.Printer.statement(p.statement(v.statement())), v.statementText());
            assertFalse(v.before().isEmpty(), v::explain);
            assertFalse(v.after().isEmpty(), v::explain);
        } else {
            assertFalse(v.after().isEmpty(), v::explain);
        }
    }

    @Test
    void deferRecordsLeftAfterTheFinalRetAreCaughtAtThatRet() {
        Case keeps = cases().filter(c -> c.program().equals(GOEXIT)).findFirst().orElseThrow();
        Program p = Fixtures.parse(GOEXIT);
        Violation v = Runner.run(p, List.of(new EngineSetup("faulty", keeps.faulty())), RunOptions.DEFAULT)
                .violations().get(0);
        assertEquals(Invariant.PTR_2, v.invariant());
        assertEquals("ret", v.statementText());
        assertEquals(3, v.step());
        assertTrue(v.message().contains("keeps 1 defer records, the specification 0"), v.message());
    }

    /**
     * Every invariant catches a wrong engine: one of the cases here, or a fault of the catalogue (which
     * FaultCatalogueTest shows breaking its invariant on its minimal program while the reference passes).
     */
    @Test
    void everyInvariantIsShownToCatchAFault() {
        Set<Invariant> caught = EnumSet.noneOf(Invariant.class);
        cases().forEach(c -> caught.add(c.expected()));
        dev.stackcheck.faults.FaultCatalogue.all().forEach(f -> caught.add(Invariant.byId(f.invariant())));
        assertEquals(EnumSet.allOf(Invariant.class), caught);
    }

    @Test
    void withoutStoppingOtherEnginesRunOn() {
        Program p = Fixtures.parse(GENERAL);
        Case bad = cases().filter(c -> c.expected() == Invariant.PTR_1).findFirst().orElseThrow();
        RunResult r = Runner.run(p, List.of(new EngineSetup("faulty", bad.faulty()),
                Fixtures.segmented(SMALL), Fixtures.copying(SMALL)), RunOptions.DEFAULT.withStopAtFirstViolation(false));
        assertEquals(1, r.violations().size());
        assertTrue(r.completed());
        assertTrue(r.engine("faulty").broken());
        assertFalse(r.engine("segmented").broken());
        assertEquals(r.steps(), r.engine("segmented").statements());
        assertTrue(r.engine("faulty").statements() < r.steps());
    }

    @Test
    void theDiagramsShowTheStaleDeferPointer() {
        Program p = Fixtures.parse(GENERAL);
        Case bad = cases().filter(c -> c.expected() == Invariant.PTR_2).findFirst().orElseThrow();
        Violation v = Runner.run(p, List.of(new EngineSetup("faulty", bad.faulty())), RunOptions.DEFAULT)
                .violations().get(0);
        assertEquals("call f", v.statementText());
        assertTrue(v.message().contains("in freed stack"), v.message());
        assertTrue(v.before().contains("defer records"), v.before());
        assertTrue(v.after().contains("-> freed stack #"), v.after());
        assertNotEquals(v.before(), v.after());
    }
}

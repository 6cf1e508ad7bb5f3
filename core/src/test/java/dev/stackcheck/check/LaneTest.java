package dev.stackcheck.check;

import static dev.stackcheck.check.Tampered.check;
import static dev.stackcheck.check.Tampered.passes;
import static dev.stackcheck.check.Tampered.violation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.Code;
import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineEvent;
import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.HybridEngine;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.engine.Stats;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lane's own checks, one at a time: which check runs after which statement (local checks after a
 * plain statement, the segment and copy checks after a structural one, a full check at the first call and
 * at the end), each caught at the statement that broke it; and what the lane counts.
 */
class LaneTest {

    static final EngineParams SMALL = FaultyEnginesTest.SMALL;

    /**
     * Three frames, no structural event on a 256-byte stack. Statements (0-based steps): 0 call main, 1 set,
     * 2 call f, 3 set, 4 addr, 5 defer, 6 store, 7 load, 8 get, 9 call f, 10 set, 11 addr, 12 defer, 13 ret
     * (frame 2: its deferred store writes frame 0), 14 gc, 15 ret (frame 1), 16 get, 17 ret.
     */
    static final String LOCAL = String.join("\n",
            "frame main words=3",
            "frame f words=3 ptrs=1",
            "call main",
            "set 0 41",
            "call f",
            "set 0 7",
            "addr 1 0.0",
            "defer 1 5",
            "store 1 9",
            "load 1",
            "get 0",
            "call f",
            "set 0 8",
            "addr 1 0.0",
            "defer 1 6",
            "ret",
            "gc",
            "ret",
            "get 0",
            "ret",
            "");

    static CopyingEngine copy() {
        return new CopyingEngine(SMALL);
    }

    static Tampered after(StackEngine inner, int at, java.util.function.Consumer<Tampered> what) {
        return new Tampered(inner) {
            @Override
            void after(int n) {
                if (n == at) {
                    what.accept(this);
                }
            }
        };
    }

    static long slot(Tampered t, int frame, int slot) {
        return t.inner.view().slotAddress(frame, slot);
    }

    static long returnWord(Tampered t, int frame) {
        StackView v = t.inner.view();
        return v.frameAddress(frame) + 8L * v.layout(frame).words();
    }

    @Test
    void referencePasses() {
        passes(LOCAL, copy());
        passes(LOCAL, new SegmentedEngine(SMALL));
        passes(LOCAL, new HybridEngine(SMALL));
    }

    @Test
    void moreFramesThanTheSpecification() {
        check("REF-2 @3 the engine has 3 frames after `set 0 7`, the specification 2", violation(LOCAL, new Tampered(copy()) {
            @Override
            StackView view(StackView real, int n) {
                return n != 4 ? real : new Edit(real) {
                    @Override
                    public int depth() {
                        return real.depth() + 1;
                    }
                };
            }
        }));
    }

    @Test
    void aCallPushesAnotherLayout() {
        check("REF-2 @2 frame 1 has layout main, the specification f", violation(LOCAL, new Tampered(copy()) {
            @Override
            StackView view(StackView real, int n) {
                return n != 3 ? real : new Edit(real) {
                    @Override
                    public Layout layout(int frame) {
                        return real.layout(0);
                    }
                };
            }
        }));
    }

    @Test
    void aNewFrameIsNotZeroed() {
        check("REF-2 @9 frame 2 (f) slot 2 at 0x100b0 holds 99 (0x63), want 0", violation(LOCAL, after(copy(), 10, t -> t.memory.write(slot(t, 2, 2), 99))));
    }

    @Test
    void aNewFrameReturnsElsewhere() {
        check("SEG-3 @2 frame 1 (f) at 0x100c0 returns into GOEXIT_PC, want RETURN_PC", violation(LOCAL, after(copy(), 3, t -> t.memory.write(returnWord(t, 1), Code.GOEXIT_PC))));
    }

    @Test
    void setWritesAnotherValue() {
        check("REF-2 @3 frame 1 (f) slot 0 at 0x100c0 holds 8 (0x8), want 7", violation(LOCAL, after(copy(), 4, t -> t.memory.write(slot(t, 1, 0), 8))));
    }

    @Test
    void addrWritesAnotherAddress() {
        check("PTR-1 @4 frame 1 (f) slot 1 at 0x100c8 holds 0x100e8 (in stack #0), want 0x100e0 = &frame 0 slot 0", violation(LOCAL, after(copy(), 5, t -> t.memory.write(slot(t, 1, 1), slot(t, 0, 1)))));
    }

    @Test
    void storeMissesItsTarget() {
        check("REF-2 @6 frame 0 (main) slot 0 at 0x100e0 holds 41 (0x29), want 9", violation(LOCAL, after(copy(), 7, t -> t.memory.write(slot(t, 0, 0), 41))));
    }

    @Test
    void deferKeepsAnotherValue() {
        check("PTR-2 @5 defer record 0 of frame 1 stores 6, want 5", violation(LOCAL, new Tampered(copy()) {
            @Override
            StackView view(StackView real, int n) {
                return n != 6 ? real : new Edit(real) {
                    @Override
                    public DeferRecord defer(int i) {
                        DeferRecord d = real.defer(i);
                        return new DeferRecord(d.frame(), d.pointer(), d.value() + 1);
                    }
                };
            }
        }));
    }

    @Test
    void getWindowSeesABrokenSlot() {
        check("REF-2 @8 frame 1 (f) slot 2 at 0x100d0 holds 3 (0x3), want 0", violation(LOCAL, after(copy(), 9, t -> t.memory.write(slot(t, 1, 2), 3))));
    }

    @Test
    void loadWindowSeesABrokenSlot() {
        check("REF-2 @7 frame 1 (f) slot 2 at 0x100d0 holds 3 (0x3), want 0", violation(LOCAL, after(copy(), 8, t -> t.memory.write(slot(t, 1, 2), 3))));
    }

    @Test
    void retMovesTheFrameBelowCopying() {
        check("CPY-1 @13 frame 1 moved from 0x100c0 to 0x100b8 when the frame above it returned", violation(LOCAL, moving(copy(), 14, 1, -8)));
    }

    @Test
    void retMovesTheFrameBelowSegmented() {
        check("SEG-4 @13 frame 1 moved from 0x100a8 to 0x100a0 when the frame above it returned", violation(LOCAL, moving(new SegmentedEngine(SMALL), 14, 1, -8)));
    }

    static Tampered moving(StackEngine inner, int at, int frame, long by) {
        return new Tampered(inner) {
            @Override
            StackView view(StackView real, int n) {
                return n < at ? real : new Edit(real) {
                    @Override
                    public long frameAddress(int f) {
                        return real.frameAddress(f) + (f == frame ? by : 0);
                    }
                };
            }
        };
    }

    @Test
    void retLeavesABrokenSlotOnTop() {
        check("REF-2 @13 frame 1 (f) slot 2 at 0x100d0 holds 3 (0x3), want 0", violation(LOCAL, after(copy(), 14, t -> t.memory.write(slot(t, 1, 2), 3))));
    }

    @Test
    void retRunsTheDeferredStoreWrong() {
        check("REF-2 @13 frame 0 (main) slot 0 at 0x100e0 holds 9 (0x9), want 6", violation(LOCAL, after(copy(), 14, t -> t.memory.write(slot(t, 0, 0), 9))));
    }

    @Test
    void retLeavesAWrongDeferRecord() {
        check("PTR-2 @13 defer record 0 of frame 1 stores 7, want 5", violation(LOCAL, new Tampered(copy()) {
            @Override
            StackView view(StackView real, int n) {
                return n != 14 ? real : new Edit(real) {
                    @Override
                    public DeferRecord defer(int i) {
                        DeferRecord d = real.defer(i);
                        return new DeferRecord(d.frame(), d.pointer(), 7);
                    }
                };
            }
        }));
    }

    @Test
    void retLeavesTheTopReturningElsewhere() {
        check("SEG-3 @13 frame 1 (f) at 0x100c0 returns into GOEXIT_PC, want RETURN_PC", violation(LOCAL, after(copy(), 14, t -> t.memory.write(returnWord(t, 1), Code.GOEXIT_PC))));
    }

    @Test
    void aSplitDuringASet() {
        check("SEG-1 @1 a split during `set 0 41`: only a call splits, once", violation(LOCAL, after(new SegmentedEngine(SMALL), 2,
                t -> t.emit(new EngineEvent.Split(t.inner.view().segments().get(0).region(), 0, false, false)))));
    }

    @Test
    void aLessstackDuringASet() {
        check("SEG-1 @1 lessstack during `set 0 41`: only a ret of a segment's first frame goes through lessstack, once", violation(LOCAL, after(new SegmentedEngine(SMALL), 2,
                t -> t.emit(new EngineEvent.Lessstack(t.inner.view().segments().get(0).region(), false)))));
    }

    static Tampered twice(StackEngine inner, Class<?> type) {
        return new Tampered(inner) {
            @Override
            void event(EngineEvent e, int n, EngineEvents out) {
                out.event(e);
                if (type.isInstance(e)) {
                    out.event(e);
                }
            }
        };
    }

    @Test
    void twoSplitsInOneCall() {
        check("SEG-1 @14 a split during `call f` (the second in one call): only a call splits, once", violation(SegmentCheckTest.SPLIT, twice(new SegmentedEngine(SMALL), EngineEvent.Split.class)));
    }

    @Test
    void twoLessstacksInOneRet() {
        check("SEG-1 @25 lessstack during `ret` (the second in one ret): only a ret of a segment's first frame goes through lessstack, once", violation(SegmentCheckTest.SPLIT, twice(new SegmentedEngine(SMALL), EngineEvent.Lessstack.class)));
    }

    @Test
    void theFirstFrameOfASegmentLosesItsLessstackReturn() {
        // frame 8 returns (statement 24): frame 7, the first of the split segment, is on top again
        check("SEG-3 @23 frame 7 (f) at 0x120c8 returns into RETURN_PC, want LESSSTACK_PC (it is the first frame of a split segment)", violation(SegmentCheckTest.SPLIT, after(new SegmentedEngine(SMALL), 24,
                t -> t.memory.write(returnWord(t, 7), Code.RETURN_PC))));
    }

    @Test
    void aFrameBelowASegmentReturnsIntoLessstack() {
        // frame 7 returns through lessstack (statement 26): frame 6 is on top again
        check("SEG-3 @25 frame 6 (f) at 0x10008 returns into LESSSTACK_PC, want RETURN_PC (it is not the first frame of a split segment)", violation(SegmentCheckTest.SPLIT, after(new SegmentedEngine(SMALL), 26,
                t -> t.memory.write(returnWord(t, 6), Code.LESSSTACK_PC))));
    }

    @Test
    void theEndSeesMoreFrames() {
        check("REF-2 @21 the engine has 9 frames at the end, the specification 10", violation(SegmentCheckTest.OPEN, new Tampered(new SegmentedEngine(SMALL)) {
            int views;

            @Override
            StackView view(StackView real, int n) {
                return n != 21 || ++views < 2 ? real : new Edit(real) {
                    @Override
                    public int depth() {
                        return real.depth() - 1;
                    }
                };
            }
        }));
    }

    @Test
    void theEndSeesAnotherLayout() {
        check("REF-2 @21 frame 2 has layout main, the specification f", violation(SegmentCheckTest.OPEN, new Tampered(new SegmentedEngine(SMALL)) {
            @Override
            StackView view(StackView real, int n) {
                return n != 21 ? real : new Edit(real) {
                    @Override
                    public Layout layout(int frame) {
                        return frame == 2 ? real.layout(0) : real.layout(frame);
                    }
                };
            }
        }));
    }

    /** a check that fails at start is reported as itself (CPY-2 here), not as a crash of the engine's start */
    @Test
    void aCheckThatFailsAtStartIsReportedAsItself() {
        Violation v = violation(LOCAL, CopyCheckTest.claiming(SMALL.withInitialStack(512)));
        check("CPY-2 @0 the new stack is 256 bytes, want initialStack = 512", v);
        assertEquals(-1, v.statement());
    }

    /**
     * Without sweeps, a slot of a frame wider than 16 slots broken while the frame is not on top (step 2,
     * under frame 2) is missed by the 8-slot window after the ret onto it (slots 0..7), and the frame has
     * returned before the end: the check before its ret (step 4) finds it.
     */
    static final String WIDE = "frame main words=3\nframe big words=20\nframe f words=3\ncall main\ncall big\n"
            + "call f\nret\nret\nret\n";

    @Test
    void aWideFrameIsCheckedWholeBeforeItReturns() {
        check("REF-2 @4 frame 1 (big) slot 15 at 0x100b0 holds 3 (0x3), want 0",
                violation(WIDE, after(copy(), 3, t -> t.memory.write(slot(t, 1, 15), 3))));
        check("REF-2 @4 frame 1 (big) slot 15 at 0x10098 holds 3 (0x3), want 0",
                violation(WIDE, after(new SegmentedEngine(SMALL), 3, t -> t.memory.write(slot(t, 1, 15), 3))));
        // a slot the window reaches is found there, at the ret onto the frame
        check("REF-2 @3 frame 1 (big) slot 5 at 0x10060 holds 3 (0x3), want 0",
                violation(WIDE, after(copy(), 3, t -> t.memory.write(slot(t, 1, 5), 3))));
    }

    /**
     * The amortised sweep: every statement earns 16 units; a full check runs once the credit covers its cost,
     * live words (slots plus return word of every frame) + 4 per frame + 4 per defer record + 16 per region.
     * Frames of 51 and 53 words: 104 + 8 + 16 = 128, paid by the 8th statement after the first call's full
     * check (step 7), which finds the slot broken at step 2.
     */
    @Test
    void theSweepRunsWhenTheCreditCoversTheStack() {
        String p = "frame main words=50\nframe f words=52\ncall main\ncall f\nset 0 1\n" + "get 0\n".repeat(20)
                + "ret\nret\n";
        check("REF-2 @8 frame 0 (main) slot 2 at 0x14278 holds 3 (0x3), want 0", violation(p, after(copy(), 3, t -> t.memory.write(slot(t, 0, 2), 3)),
                RunOptions.DEFAULT.withDiagrams(false)));
    }

    /** 51 + 50 live words + 8 + 4 for the defer record + 16 = 129: the 9th statement (step 8) pays for it */
    @Test
    void theSweepCountsFramesAndDeferRecords() {
        String p = "frame main words=50\nframe f words=49 ptrs=0\ncall main\ncall f\naddr 0 0.1\ndefer 0 5\nset 1 1\n"
                + "get 1\n".repeat(20) + "ret\nret\n";
        check("REF-2 @9 frame 0 (main) slot 2 at 0x14278 holds 3 (0x3), want 0", violation(p, after(copy(), 5, t -> t.memory.write(slot(t, 0, 2), 3)),
                RunOptions.DEFAULT.withDiagrams(false)));
    }

    // ---- what the lane counts and records

    static EngineResult only(String program, StackEngine engine, RunOptions options) {
        RunResult r = Runner.run(Fixtures.parse(program), List.of(new EngineSetup("t", () -> engine)), options);
        return r.engines().get(0);
    }

    static final RunOptions QUIET = RunOptions.DEFAULT.withDiagrams(false);

    @Test
    void coverageOfASegmentedRun() {
        EngineResult e = only(FaultyEnginesTest.GENERAL, new SegmentedEngine(SMALL), QUIET);
        assertEquals("Coverage[split=4, lessstack=4, cacheHit=0, grow=0, shrink=0, hybridFallback=0, deferAdjusted=0,"
                + " bigFrame=0, overflow=0, alloc=5, free=4, bytesCopied=0, pointersAdjusted=0]", e.coverage().toString());
    }

    @Test
    void coverageOfABigFrame() {
        EngineResult e = only(FaultyEnginesTest.BIG, new SegmentedEngine(SMALL), QUIET);
        assertEquals("Coverage[split=1, lessstack=1, cacheHit=0, grow=0, shrink=0, hybridFallback=0, deferAdjusted=0,"
                + " bigFrame=1, overflow=0, alloc=2, free=1, bytesCopied=0, pointersAdjusted=0]", e.coverage().toString());
    }

    @Test
    void coverageOfACopyingRun() {
        EngineResult e = only(FaultyEnginesTest.GENERAL, copy(), QUIET);
        assertEquals("Coverage[split=0, lessstack=0, cacheHit=0, grow=2, shrink=2, hybridFallback=0, deferAdjusted=4,"
                + " bigFrame=0, overflow=0, alloc=5, free=4, bytesCopied=1088, pointersAdjusted=60]", e.coverage().toString());
    }

    @Test
    void coverageOfAHybridWithANomapFrame() {
        EngineResult e = only(FaultyEnginesTest.NOMAP, new HybridEngine(SMALL), QUIET);
        assertEquals("Coverage[split=1, lessstack=1, cacheHit=0, grow=2, shrink=0, hybridFallback=1, deferAdjusted=0,"
                + " bigFrame=0, overflow=0, alloc=4, free=3, bytesCopied=752, pointersAdjusted=0]", e.coverage().toString());
    }

    /** a hot split: frame 7 is called and returns three times across the segment boundary */
    @Test
    void coverageOfACachedHotSplit() {
        String hot = "frame main words=3\nframe f words=3 ptrs=1\ncall main\nrepeat 6 {\n call f\n}\n"
                + "repeat 3 {\n call f\n ret\n}\nrepeat 6 {\n ret\n}\nret\n";
        EngineResult e = only(hot, new SegmentedEngine(SMALL.withSegmentCache(true)), QUIET);
        assertEquals("Coverage[split=3, lessstack=3, cacheHit=2, grow=0, shrink=0, hybridFallback=0, deferAdjusted=0,"
                + " bigFrame=0, overflow=0, alloc=2, free=0, bytesCopied=0, pointersAdjusted=0]", e.coverage().toString());
    }

    @Test
    void observationsAndStatementsAreRecorded() {
        RunResult r = Runner.run(Fixtures.parse(LOCAL), List.of(Fixtures.copying(SMALL)), QUIET);
        EngineResult e = r.engines().get(0);
        assertArrayEquals(new long[] {9, 7, 5}, r.expected());
        assertArrayEquals(r.expected(), e.observations());
        assertEquals(18, e.statements());
        assertEquals(18, r.steps());
        EngineResult quiet = only(LOCAL, copy(), QUIET.withRecordObservations(false));
        assertEquals(0, quiet.observationCount());
        assertEquals(18, quiet.statements());
    }

    @Test
    void anOverflowStopsTheCountAtTheStatementThatOverflowed() {
        EngineResult e = only(CopyCheckTest.GROW, new CopyingEngine(SMALL.withMaxStack(256)), QUIET);
        assertEquals(17, e.statements());
        assertEquals("stack overflow: goroutine stack exceeds 256-byte limit", e.overflow());
        assertFalse(e.broken());
        assertEquals(1, e.coverage().overflow());
    }

    @Test
    void statisticsAreCheckedAfterAnOverflowToo() {
        Violation v = violation(CopyCheckTest.GROW, new Tampered(new CopyingEngine(SMALL.withMaxStack(256))) {
            @Override
            public Stats stats() {
                Stats s = super.stats();
                return new Stats(s.calls(), s.returns() + 1, s.splits(), s.lessstack(), s.segmentAllocs(),
                        s.segmentFrees(), s.cacheHits(), s.copies(), s.shrinks(), s.bytesCopied(),
                        s.pointersAdjusted(), s.peakReserved(), s.peakUsed());
            }
        });
        check("STAT-1 @17 stats.returns = 1, but there were 0 ret statements run", v);
    }

    /** an engine of another kind: no layout is assumed, so frames may move and return words are its own */
    static Tampered otherKind(StackEngine inner) {
        return new Tampered(inner) {
            @Override
            public StackKind kind() {
                return StackKind.OTHER;
            }
        };
    }

    @Test
    void anEngineOfAnotherKindMayMoveFramesAndKeepItsOwnReturnWords() {
        passes(CopyCheckTest.GROW, otherKind(copy()));
        Tampered scribbles = new Tampered(copy()) {
            @Override
            public StackKind kind() {
                return StackKind.OTHER;
            }

            @Override
            void after(int n) {
                StackView v = inner.view();
                for (int f = 0; f < v.depth(); f++) {
                    memory.write(v.frameAddress(f) + 8L * v.layout(f).words(), 0x77);
                }
            }
        };
        passes(CopyCheckTest.GROW, scribbles);
    }

    @Test
    void anEngineOfAnotherKindIsCheckedAtTheEndAtItsCurrentAddresses() {
        EngineResult e = only(SegmentCheckTest.OPEN.replace("gc\n", "gc\nset 0 2\n"),
                otherKind(new HybridEngine(SMALL)), QUIET);
        assertFalse(e.broken());
        check("REF-2 @21 frame 3 (f) slot 0 at 0x12180 holds 5 (0x5), want 0", violation(SegmentCheckTest.OPEN,
                new Tampered(copy()) {
            @Override
            public StackKind kind() {
                return StackKind.OTHER;
            }

            @Override
            void after(int n) {
                if (n == 21) {
                    memory.write(inner.view().slotAddress(3, 0), 5);
                }
            }
        }));
    }

    @Test
    void noStatistics() {
        Tampered t = new Tampered(copy()) {
            @Override
            public Stats stats() {
                return null;
            }
        };
        RunResult r = Runner.run(Fixtures.parse(LOCAL), List.of(new EngineSetup("t", () -> t)), QUIET);
        assertEquals(Stats.ZERO, r.engines().get(0).stats());
        assertEquals("STAT-1 the engine reports no statistics (null)", r.violations().get(0).id() + " "
                + r.violations().get(0).message());
    }

    @Test
    void statisticsThatThrow() {
        Tampered t = new Tampered(copy()) {
            @Override
            public Stats stats() {
                throw new IllegalStateException("no stats");
            }
        };
        RunResult r = Runner.run(Fixtures.parse(LOCAL), List.of(new EngineSetup("t", () -> t)), QUIET);
        assertEquals(Stats.ZERO, r.engines().get(0).stats());
        assertEquals(Invariant.ENG_1, r.violations().get(0).invariant());
    }

    @Test
    void aCrashSaysWhereWhenItCan() {
        Violation with = violation(LOCAL, new Tampered(copy()) {
            @Override
            public void gc() {
                throw new IllegalStateException("boom");
            }
        });
        assertTrue(with.message().startsWith("engine crashed in the statement: java.lang.IllegalStateException: boom"
                + " at dev.stackcheck.check.LaneTest$"), with.message());
        Violation without = violation(LOCAL, new Tampered(copy()) {
            @Override
            public void gc() {
                throw new RuntimeException("boom", null, false, false) {
                };
            }
        });
        assertTrue(without.message().startsWith("engine crashed in the statement: "), without.message());
        assertTrue(without.message().endsWith(": boom"), without.message());
    }

    /** what an address in a message is: nil, in a live region, in a freed one, or unmapped */
    @Test
    void whereAnAddressIs() {
        String[] got = new String[4];
        long[] links = {0, 0, 0, 0x999_0000L};
        for (int k = 0; k < 4; k++) {
            int kind = k;
            Violation v = violation(SegmentCheckTest.SPLIT, new Tampered(new SegmentedEngine(SMALL)) {
                @Override
                void after(int n) {
                    if (n == 15) {
                        StackView view = inner.view();
                        long rec = view.segments().get(1).record();
                        long link = kind == 0 ? 0 : kind == 1 ? view.segments().get(1).region().lo()
                                : kind == 2 ? freed() : links[3];
                        memory.write(rec, link);
                    }
                }

                long freed() {
                    Region r = memory.allocate(64, "junk");
                    memory.free(r);
                    return r.lo();
                }
            });
            got[k] = v.message();
        }
        assertEquals(List.of(
                "segment 1's record at 0x120e8 links to 0x0 (nil), want the previous segment's lo 0x10000",
                "segment 1's record at 0x120e8 links to 0x12000 (in segment #1), want the previous segment's lo 0x10000",
                "segment 1's record at 0x120e8 links to 0x14000 (in freed junk #2), want the previous segment's lo 0x10000",
                "segment 1's record at 0x120e8 links to 0x9990000 (unmapped), want the previous segment's lo 0x10000"),
                List.of(got));
    }
}

package dev.stackcheck.check;

import static dev.stackcheck.check.LaneTest.after;
import static dev.stackcheck.check.LaneTest.copy;
import static dev.stackcheck.check.LaneTest.slot;
import static dev.stackcheck.check.Tampered.check;
import static dev.stackcheck.check.Tampered.passes;
import static dev.stackcheck.check.Tampered.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.HybridEngine;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.program.Cursor;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Program;
import dev.stackcheck.spec.Spec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which statement finds a broken slot of the top frame: a frame of up to 16 slots is checked whole, a wider
 * one at the statement's own slot (set, addr, get, load, the store's target) and in a rotating window of 8
 * slots; the amortised sweep runs when its credit covers the live stack; and the frame a violation names
 * (the focus of its diagrams).
 */
class LaneWindowTest {

    /**
     * A 20-slot frame: steps 0 call, 1 set 1 (window 0..7), 2 addr 10 -> slot 12 (window 8..15), then the
     * statement under test at step 3 (window 16..19, 0..3), then gets of slots 1, 2, 3 (windows 4..11,
     * 12..19, 0..7) and the ret.
     */
    static String wide(String statement) {
        return "frame big words=20 ptrs=10\ncall big\nset 1 1\naddr 10 0.12\n" + statement
                + "\nget 1\nget 2\nget 3\nret\n";
    }

    @Test
    void theStatementsOwnSlotIsCheckedOutsideTheWindow() {
        check("REF-2 @3 frame 0 (big) slot 5 at 0x10080 holds 3 (0x3), want 4", violation(wide("set 5 4"), after(copy(), 4, t -> t.memory.write(slot(t, 0, 5), 3))));
        check("PTR-1 @3 frame 0 (big) slot 10 at 0x100a8 holds 0x100b8 (in stack #0), want 0x100c0 = &frame 0 slot 13", violation(wide("addr 10 0.13"), after(copy(), 4, t -> t.memory.write(slot(t, 0, 10),
                slot(t, 0, 12)))));
        check("REF-2 @3 frame 0 (big) slot 5 at 0x10080 holds 3 (0x3), want 0", violation(wide("get 5"), after(copy(), 4, t -> t.memory.write(slot(t, 0, 5), 3))));
        check("PTR-1 @3 frame 0 (big) slot 10 at 0x100a8 holds 0x100c0 (in stack #0), want 0x100b8 = &frame 0 slot 12", violation(wide("load 10"), after(copy(), 4, t -> t.memory.write(slot(t, 0, 10),
                slot(t, 0, 13)))));
        // a store's target in the top frame itself
        check("REF-2 @3 frame 0 (big) slot 12 at 0x100b8 holds 8 (0x8), want 9", violation(wide("store 10 9"), after(copy(), 4, t -> t.memory.write(slot(t, 0, 12), 8))));
        // slot 0 (the statement's slot at the window's far side)
        check("REF-2 @2 frame 0 (big) slot 0 at 0x10058 holds 3 (0x3), want 7", violation("frame big words=20\ncall big\nset 5 1\nset 0 7\nget 1\nret\n",
                after(copy(), 3, t -> t.memory.write(slot(t, 0, 0), 3))));
    }

    @Test
    void theWindowIsEightSlotsWide() {
        // step 2's window is 8..15: slot 16 is found by step 3's (16..19, 0..3)
        check("REF-2 @3 frame 0 (big) slot 16 at 0x100d8 holds 3 (0x3), want 0", violation("frame big words=20\ncall big\nset 5 1\nset 6 7\nget 1\nret\n",
                after(copy(), 3, t -> t.memory.write(slot(t, 0, 16), 3))));
    }

    @Test
    void aFrameOfSixteenSlotsIsCheckedWhole() {
        check("REF-2 @1 frame 0 (m) slot 12 at 0x100d8 holds 3 (0x3), want 0", violation("frame m words=16\ncall m\nset 0 1\nget 0\nget 0\n",
                after(copy(), 2, t -> t.memory.write(slot(t, 0, 12), 3))));
    }

    /**
     * The sweep's price after a ret: frame a's 59 slots + return word, 4 for the frame, 16 for the region:
     * 80, paid at step 4 (16 per statement since the full check of the first call); frame b's words and
     * entry are gone with its ret.
     */
    @Test
    void aRetLowersTheSweepsPrice() {
        check("REF-2 @4 frame 0 (a) slot 30 at 0x12110 holds 3 (0x3), want 0", violation("frame a words=59\nframe b words=3\ncall a\ncall b\nret\nget 0\nget 0\nget 0\nget 0\n",
                after(copy(), 2, t -> t.memory.write(slot(t, 0, 30), 3)), RunOptions.DEFAULT.withDiagrams(false)));
    }

    /**
     * The sweep's price counts 16 per segment: main (3 slots) in the base segment, big (51) split into a
     * second: 4 + 52 live words, 8 for the frames, 32 for the segments = 96, paid at step 5.
     */
    @Test
    void theSweepsPriceCountsEverySegment() {
        check("REF-2 @5 frame 0 (main) slot 1 at 0x100d0 holds 3 (0x3), want 0", violation("frame main words=3\nframe big words=51\ncall main\ncall big\n" + "get 0\n".repeat(8),
                after(new dev.stackcheck.engine.SegmentedEngine(LaneTest.SMALL), 2,
                        t -> t.memory.write(slot(t, 0, 1), 3)), RunOptions.DEFAULT.withDiagrams(false)));
    }

    /**
     * An engine of another kind: the full check reads its frame addresses afresh; a frame without a pointer
     * map must stay where the first call put it (HYB-1, found by the end's full check); a block read that
     * faults is checked again slot by slot, so a wrong slot before the unmapped one is reported first.
     */
    @Test
    void anEngineOfAnotherKind() {
        Tampered.passes("frame m words=2 nomap\ncall m\nset 0 1\n", LaneTest.otherKind(new dev.stackcheck.engine.SegmentedEngine(LaneTest.SMALL)));
        check("HYB-1 @3 frame 0 (m, no pointer map) moved from 0x100d0 to 0x10090: its pointers cannot be adjusted", violation("frame m words=2 nomap\ncall m\nset 0 0\nget 0\n", new Tampered(
                new dev.stackcheck.engine.SegmentedEngine(LaneTest.SMALL)) {
            @Override
            public dev.stackcheck.engine.StackKind kind() {
                return dev.stackcheck.engine.StackKind.OTHER;
            }

            @Override
            StackView view(StackView real, int n) {
                return n < 2 ? real : new Edit(real) {
                    @Override
                    public long frameAddress(int f) {
                        return real.frameAddress(f) - 64;
                    }
                };
            }
        }));
        check("REF-2 @0 frame 0 (main) slot 1 at 0x100f8 holds 4096 (0x1000), want 0", violation("frame main words=3\ncall main\nset 0 0\n", new Tampered(copy()) {
            @Override
            public dev.stackcheck.engine.StackKind kind() {
                return dev.stackcheck.engine.StackKind.OTHER;
            }

            @Override
            StackView view(StackView real, int n) {
                return new Edit(real) {
                    @Override
                    public long frameAddress(int f) {
                        return real.frameAddress(f) + 16;
                    }
                };
            }
        }));
    }

    /**
     * A structural event that is not a copy (a stray Alloc of a contiguous stack) calls for no full check: a
     * slot of frame 0 broken at that call (step 2) is found when frame 0 is on top again (step 15).
     */
    @Test
    void onlyACopyCallsForAFullCheckOfAContiguousStack() {
        check("REF-2 @15 frame 0 (main) slot 1 at 0x100e8 holds 3 (0x3), want 0", violation(LaneTest.LOCAL, after(copy(), 3, t -> {
            t.emit(new dev.stackcheck.engine.EngineEvent.Alloc(CopyCheckTest.stackOf(t)));
            t.memory.write(slot(t, 0, 1), 3);
        })));
    }

    /**
     * A split does not check the frames without a pointer map (only a copy can move them): frame 0 moved
     * by the split's statement is found by the end's full check, not at the split.
     */
    @Test
    void aSplitDoesNotCheckTheFramesWithoutAPointerMap() {
        String p = "frame m words=2 nomap\nframe f words=3\ncall m\n" + "call f\n".repeat(9) + "set 0 1\n";
        check("SEG-4 @11 the first frame 0 of segment 0 sits at 0x100c0, want just below the record at 0x100e8: 0x100d0", violation(p, new Tampered(new dev.stackcheck.engine.SegmentedEngine(LaneTest.SMALL)) {
            @Override
            StackView view(StackView real, int n) {
                return real.segments().size() < 2 ? real : new Edit(real) {
                    @Override
                    public long frameAddress(int f) {
                        return real.frameAddress(f) - (f == 0 ? 16 : 0);
                    }
                };
            }
        }));
    }

    /**
     * A hybrid's copy of its top segment checks the defer records of the frames it copied, not those of
     * older frames: a record of frame 0 broken from the copy on (during the calls, steps 4..23) is found by the first ret's check of the newest record.
     */
    @Test
    void aHybridCopyChecksTheDeferRecordsOfTheFramesItCopied() {
        String p = "frame main words=3 ptrs=1\nframe n words=3 nomap\nframe f words=3\ncall main\naddr 1 0.0\n"
                + "defer 1 5\ncall n\n" + "call f\n".repeat(20) + "ret\n".repeat(21) + "ret\n";
        check("PTR-2 @24 defer record 0 of frame 0 stores 6, want 5", violation(p, new Tampered(new dev.stackcheck.engine.HybridEngine(LaneTest.SMALL)) {
            boolean copied;

            @Override
            void event(dev.stackcheck.engine.EngineEvent e, int n, dev.stackcheck.engine.EngineEvents out) {
                copied |= e instanceof dev.stackcheck.engine.EngineEvent.Copy;
                out.event(e);
            }

            @Override
            StackView view(StackView real, int n) {
                return !copied ? real : new Edit(real) {
                    @Override
                    public DeferRecord defer(int i) {
                        DeferRecord d = real.defer(i);
                        return new DeferRecord(d.frame(), d.pointer(), d.value() + 1);
                    }
                };
            }
        }));
    }

    /** a ret with no frame (before the first call, or after the last ret) is the program's error */
    @Test
    void aRetWithoutAFrameIsAProgramError() {
        for (String p : new String[] {"frame m words=20\nret\n", "frame m words=20\ncall m\nret\nret\n"}) {
            assertThrows(ProgramRuleError.class, () -> Runner.run(Fixtures.parse(p),
                    java.util.List.of(new EngineSetup("t", LaneTest::copy)), RunOptions.DEFAULT));
        }
    }

    /** a frame address outside every region: the check's read faults (MEM-1), not the statement */
    @Test
    void aFaultWhileReadingTheStack() {
        check("MEM-1 @1 UNMAPPED fault in reading the stack through the engine's view: access to unmapped address 0x200e0",
                violation("frame main words=3\ncall main\nset 0 0\n", new Tampered(copy()) {
            @Override
            StackView view(StackView real, int n) {
                return n < 2 ? real : new Edit(real) {
                    @Override
                    public long frameAddress(int f) {
                        return real.frameAddress(f) + 0x10000;
                    }
                };
            }
        }));
    }

    /** the defer record of frame 0 stays in the base segment when a hybrid copies its top segment */
    @Test
    void aHybridCopyOfTheTopSegmentMovesNoOlderDeferRecord() {
        String p = "frame main words=3 ptrs=1\nframe n words=3 nomap\nframe f words=3\ncall main\naddr 1 0.0\n"
                + "defer 1 5\ncall n\n" + "call f\n".repeat(20) + "ret\n".repeat(21) + "ret\n";
        EngineResult e = LaneTest.only(p, new dev.stackcheck.engine.HybridEngine(LaneTest.SMALL), LaneTest.QUIET);
        assertEquals(false, e.broken());
        assertEquals(true, e.coverage().grow() > 0);
        assertEquals(0, e.coverage().deferAdjusted());
    }

    @Test
    void aCopyCountsTheDeferRecordItMoved() {
        String p = "frame main words=3\nframe f words=3 ptrs=1\ncall main\ncall f\naddr 1 0.0\ndefer 1 5\n"
                + "call f\n".repeat(7) + "ret\n".repeat(8) + "ret\n";
        EngineResult e = LaneTest.only(p, copy(), LaneTest.QUIET);
        assertEquals(1, e.coverage().grow());
        assertEquals(1, e.coverage().deferAdjusted());
    }

    @Test
    void onlyStatementsAreDispatched() {
        Program p = Fixtures.parse("frame m words=1\ncall m\nrepeat 2 {\nset 0 1\n}\n");
        Op repeat = p.body().get(1);
        assertEquals("not a statement: " + repeat, assertThrows(IllegalArgumentException.class,
                () -> Lane.dispatch(copy(), repeat)).getMessage());
    }

    // ---- the frame a violation names

    /** Runs the program on one lane directly and returns what broke. */
    static Broken broken(String program, StackEngine engine) {
        Program p = Fixtures.parse(program);
        Spec spec = new Spec();
        Lane lane = new Lane(new EngineSetup("t", () -> engine), engine, spec, RunOptions.DEFAULT.withSweepCredit(0));
        lane.start();
        Cursor c = p.cursor();
        while (c.hasNext()) {
            Op op = c.next();
            int depth = spec.depth();
            if (op instanceof Op.Ret) {
                lane.beforeRet();
            }
            spec.apply(op);
            try {
                lane.step(op, depth);
            } catch (Broken b) {
                return b;
            }
        }
        return fail("nothing broke");
    }

    @Test
    void aViolationNamesTheTopFrame() {
        Broken wrongGet = broken(LaneTest.LOCAL, new Tampered(copy()) {
            @Override
            public long get(int slot) {
                return super.get(slot) + 1;
            }
        });
        assertEquals(Invariant.REF_1, wrongGet.invariant);
        assertEquals(1, wrongGet.frame);
        Broken extraFrame = broken(LaneTest.LOCAL, new Tampered(copy()) {
            @Override
            StackView view(StackView real, int n) {
                return n != 4 ? real : new Edit(real) {
                    @Override
                    public int depth() {
                        return real.depth() + 1;
                    }
                };
            }
        });
        assertEquals(Invariant.REF_2, extraFrame.invariant);
        assertEquals(1, extraFrame.frame);
    }

    static final EngineParams SMALL = FaultyEnginesTest.SMALL;

    // ---- slots and records as the view reports them

    /** a 40-word frame: after each statement its slot and a window of 8 slots that moves on are checked */
    static final String WIDE = "frame w words=40\ncall w\n" + "set 35 7\n" + "get 35\n".repeat(8) + "ret\n";

    @Test
    void aWideFrameIsCheckedThroughItsWindow() {
        check("REF-2 @3 frame 0 (w) slot 20 at 0x10158 holds 1 (0x1), want 0", violation(WIDE, LaneTest.after(new CopyingEngine(SMALL.withInitialStack(512)), 2,
                t -> t.memory.write(LaneTest.slot(t, 0, 20), 1))));
        check("REF-2 @1 frame 0 (w) slot 35 at 0x101d0 holds 8 (0x8), want 7", violation(WIDE, LaneTest.after(new CopyingEngine(SMALL.withInitialStack(512)), 2,
                t -> t.memory.write(LaneTest.slot(t, 0, 35), 8))));
    }

    @Test
    void aSixteenWordFrameIsCheckedWhole() {
        String p = "frame w words=16\ncall w\nset 0 7\nget 0\nret\n";
        check("REF-2 @2 frame 0 (w) slot 15 at 0x100f0 holds 1 (0x1), want 0", violation(p, LaneTest.after(new CopyingEngine(SMALL), 3,
                t -> t.memory.write(LaneTest.slot(t, 0, 15), 1))));
    }
}

package dev.stackcheck.check;

import static dev.stackcheck.check.LaneTest.after;
import static dev.stackcheck.check.LaneTest.copy;
import static dev.stackcheck.check.LaneTest.slot;
import static dev.stackcheck.check.Tampered.check;
import static dev.stackcheck.check.Tampered.violation;

import dev.stackcheck.engine.StackView;
import dev.stackcheck.program.Layout;
import org.junit.jupiter.api.Test;

/**
 * The block compare of {@link FrameCheck#slots}: a block of words is compared with the specification's
 * scalars at once, and only the slots it cannot vouch for (references, and scalars that differ) are
 * checked one by one. A slot the compare passes must really hold the specification's value: a pointer
 * slot that an engine nils (its word then equals the 0 the specification keeps as the scalar of a
 * reference slot) is still a broken pointer, and a wrong slot after a reference, or in a later block of
 * a wide frame, is still found; a sweep that reads a run of adjacent frames at once finds a slot broken
 * in any of them. Sweeps are off unless a test turns them on: the top frame's checks and the check before
 * a ret find the others.
 */
class SlotBlockTest {

    @Test
    void aPointerSlotNilledByTheEngineIsCaughtInASmallFrame() {
        check("PTR-1 @2 frame 0 (f) slot 1 at 0x100e8 holds 0x0 (nil), want 0x100e0 = &frame 0 slot 0",
                violation("frame f words=3 ptrs=1\ncall f\nset 0 5\naddr 1 0.0\nget 0\nret\n",
                after(copy(), 3, t -> t.memory.write(slot(t, 0, 1), 0))));
    }

    /**
     * A wide frame (300 slots: blocks 0..255 and 256..299) whose pointer slot 280 the engine nils at the
     * call of frame 1 (step 3): the check of the whole frame before its ret (step 7) finds it.
     */
    @Test
    void aPointerSlotNilledByTheEngineIsCaughtInASecondBlock() {
        check("PTR-1 @7 frame 0 (big) slot 280 at 0x12f58 holds 0x0 (nil), want 0x126b0 = &frame 0 slot 3",
                violation(WIDE, after(copy(), 4, t -> t.memory.write(slot(t, 0, 280), 0))));
    }

    /** A wrong scalar past the reference in slot 280: the compare goes on after a reference that checks out. */
    @Test
    void aWrongSlotAfterAReferenceIsCaught() {
        check("REF-2 @7 frame 0 (big) slot 290 at 0x12fa8 holds 7 (0x7), want 0",
                violation(WIDE, after(copy(), 4, t -> t.memory.write(slot(t, 0, 290), 7))));
    }

    /** Slots broken in both blocks, before and after the reference: the first in slot order is reported. */
    @Test
    void theFirstWrongSlotIsReported() {
        check("REF-2 @7 frame 0 (big) slot 200 at 0x12cd8 holds 9 (0x9), want 0", violation(WIDE, after(copy(), 4, t -> {
            t.memory.write(slot(t, 0, 290), 7);
            t.memory.write(slot(t, 0, 280), 0);
            t.memory.write(slot(t, 0, 200), 9);
        })));
    }

    /**
     * The window of a wide top frame read as a block that wraps: step 3's window of the 20-slot frame is
     * slots 16..19, then 0..3; slot 2, broken during step 2 (whose window is 8..15), is found at
     * step 3, not three statements later by the window 0..7.
     */
    @Test
    void theWindowThatWrapsIsCheckedOnBothSides() {
        check("REF-2 @3 frame 0 (big) slot 2 at 0x10068 holds 3 (0x3), want 0",
                violation(LaneWindowTest.wide("get 1"), after(copy(), 3, t -> t.memory.write(slot(t, 0, 2), 3))));
    }

    /**
     * A sweep reads the slots of adjacent frames in one block ({@link FrameCheck#placedFrames}): a slot of
     * frame 2 (below the top, no statement touches it) broken during step 5 is found by the sweep of step 7
     * (without sweeps, only the end's full check would find it), at its own address.
     */
    @Test
    void theSweepFindsABrokenSlotInARunOfFrames() {
        check("REF-2 @7 frame 2 (b) slot 1 at 0x100b8 holds 5 (0x5), want 0",
                violation(RUN, after(copy(), 6, t -> t.memory.write(slot(t, 2, 1), 5)), SWEEPS));
    }

    /** Broken slots in frames 0 (its pointer, nilled) and 2 of one block: the sweep reports frame 0's first. */
    @Test
    void theSweepReportsTheOldestFrameFirst() {
        check("PTR-1 @7 frame 0 (a) slot 2 at 0x100f0 holds 0x0 (nil), want 0x100e0 = &frame 0 slot 0",
                violation(RUN, after(copy(), 6, t -> {
            t.memory.write(slot(t, 2, 0), 5);
            t.memory.write(slot(t, 0, 2), 0);
        }), SWEEPS));
    }

    /**
     * A frame wider than a block (300 slots) below the top is checked on its own by the full check at the
     * end of the run ({@link FrameCheck#placedFrames}): its slot 3, broken while frame 1 runs, is found
     * there (no statement touches it and the frame never returns).
     */
    @Test
    void theEndOfRunCheckFindsABrokenSlotInAFrameWiderThanABlock() {
        check("REF-2 @5 frame 0 (big) slot 3 at 0x126b0 holds 9 (0x9), want 4",
                violation(WIDE_BELOW, after(copy(), 4, t -> t.memory.write(slot(t, 0, 3), 9))));
    }

    /**
     * The same wide frame's layout, reported under another name at the last statement only: the end-of-run
     * check compares it before the frame's slots.
     */
    @Test
    void theEndOfRunCheckComparesTheLayoutOfAFrameWiderThanABlock() {
        check("REF-2 @5 frame 0 has layout other, the specification big",
                violation(WIDE_BELOW, new Tampered(copy()) {
            @Override
            StackView view(StackView real, int n) {
                return n != 5 ? real : new Edit(real) {
                    @Override
                    public Layout layout(int frame) {
                        Layout l = real.layout(frame);
                        return frame != 0 ? l : new Layout("other", l.words(), new int[0], l.nomap());
                    }
                };
            }
        }));
    }

    /**
     * Ten adjacent 30-slot frames (300 slots) make a run longer than a block: the full check at the end
     * reads it in two blocks and finds a slot broken in the oldest frame.
     */
    @Test
    void aRunOfFramesLongerThanABlockIsReadInBlocks() {
        check("REF-2 @11 frame 0 (m) slot 1 at 0x18f10 holds 5 (0x5), want 0",
                violation(TEN, after(copy(), 10, t -> t.memory.write(slot(t, 0, 1), 5))));
    }

    /** frame 0: 300 slots, slot 3 set to 4; frame 1 (2 slots) runs gets above it and never returns */
    private static final String WIDE_BELOW = "frame big words=300\nframe s words=2\ncall big\nset 3 4\ncall s\n"
            + "get 0\n".repeat(2);

    /** ten 30-slot frames, then a get on the top one */
    private static final String TEN = "frame m words=30\n" + "call m\n".repeat(10) + "get 0\n";

    /** frame 0 (3 slots, slot 2 points at slot 0), then four 2-slot frames, then gets on the top one */
    private static final String RUN = "frame a words=3 ptrs=2\nframe b words=2\ncall a\nset 0 1\naddr 2 0.0\n"
            + "call b\n".repeat(4) + "get 0\n".repeat(12);

    private static final RunOptions SWEEPS = RunOptions.DEFAULT.withDiagrams(false);

    /** frame 0: 300 slots, slot 280 points at slot 3; frame 1 (2 slots) runs above it, then both return */
    private static final String WIDE = "frame big words=300 ptrs=280\nframe s words=2\ncall big\naddr 280 0.3\n"
            + "set 3 4\ncall s\nset 0 1\nret\nget 3\nret\n";
}

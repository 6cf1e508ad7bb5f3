package dev.stackcheck.check;

import dev.stackcheck.engine.StackView;
import dev.stackcheck.memory.MemoryFault;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Printer;
import dev.stackcheck.spec.Ref;
import dev.stackcheck.spec.Spec;
import java.util.List;

/**
 * Refinement, slot by slot: the engine's frames, read from its memory at the addresses its view gives,
 * hold the specification's values (REF-2), its pointers hold exactly the addresses of the specification's
 * targets (PTR-1), its defer records are the specification's (PTR-2), and its observations are the
 * specification's (REF-1).
 *
 * <p>A scalar slot must equal the specification's scalar; a slot holding a reference must equal
 * {@code view.slotAddress(refFrame, refSlot)}; a nil pointer slot must hold 0.
 *
 * <p>Slots are read from memory a block at a time and compared with the specification's scalars at once
 * ({@link Spec#firstUnequal}); only a slot that holds a reference or differs is checked on its own. The
 * outcome is always that of checking every slot one by one, in slot order: the same first broken slot, the
 * same message. Every slot a check names is read and compared; none is skipped.
 */
final class FrameCheck {

    /** frames with at most this many slots are checked whole after every statement on them */
    static final int SMALL_FRAME = 16;
    /** slots of a larger top frame checked per statement, in a rotating window */
    static final int WINDOW = 8;

    /** words read from memory per block when a whole frame is checked */
    private static final int BLOCK = 256;

    private final Lane lane;
    private final long[] buffer = new long[BLOCK];

    FrameCheck(Lane lane) {
        this.lane = lane;
    }

    /** REF-1: a get or load returned what the specification observed. */
    void observation(Op op, long got) {
        if (!(op instanceof Op.Get) && !(op instanceof Op.Load)) {
            return;
        }
        Spec model = lane.spec();
        if (got != model.observation()) {
            throw new Broken(Invariant.REF_1, model.depth() - 1, "`" + Printer.statement(op) + "` observed " + got
                    + " (" + Hex.of(got) + "), the specification observes " + model.observation());
        }
    }

    /** REF-2: the engine's frame has the specification's layout. */
    void layout(int f) {
        Layout want = lane.spec().layout(f);
        Layout got = lane.view().layout(f);
        if (want != got && !want.equals(got)) { // engines hand back the program's own layout: equal at once
            throw new Broken(Invariant.REF_2, f, "frame " + f + " has layout " + (got == null ? "null" : got.name())
                    + ", the specification " + want.name());
        }
    }

    /** One slot, at the address the view gives. */
    void slot(int f, int s) {
        slot(f, s, lane.view().frameAddress(f));
    }

    void slot(int f, int s, long sp) {
        check(f, s, sp, lane.memory().read(sp + 8L * s));
    }

    /** Slot {@code s} of frame {@code f} (at {@code sp}) holds {@code got}: is that the specification's value? */
    private void check(int f, int s, long sp, long got) {
        Spec model = lane.spec();
        if (model.holdsRef(f, s)) {
            int tf = model.refFrame(f, s);
            int ts = model.refSlot(f, s);
            long want = lane.view().slotAddress(tf, ts);
            if (got != want) {
                throw new Broken(Invariant.PTR_1, f, describe(f, s, sp) + " holds " + Hex.of(got) + " ("
                        + lane.whereIs(got) + "), want " + Hex.of(want) + " = &frame " + tf + " slot " + ts);
            }
        } else {
            long want = model.scalar(f, s);
            if (got != want) {
                Layout l = model.layout(f);
                if (l.isPointerSlot(s)) {
                    throw new Broken(Invariant.PTR_1, f, describe(f, s, sp) + " is a nil pointer slot but holds "
                            + Hex.of(got) + " (" + lane.whereIs(got) + "), want 0");
                }
                throw new Broken(Invariant.REF_2, f, describe(f, s, sp) + " holds " + got + " (" + Hex.of(got)
                        + "), want " + want);
            }
        }
    }

    /**
     * Slots {@code [from, to)} of frame f at {@code sp}, in slot order: as many {@link #slot} calls, with the
     * same outcome, but read from memory a block at a time. A block whose read faults is checked again slot
     * by slot, so a wrong slot before the faulting one is still reported first.
     */
    void slots(int f, int from, int to, long sp) {
        long[] got = buffer;
        for (int s = from; s < to; s += got.length) {
            int n = Math.min(got.length, to - s);
            try {
                lane.memory().read(sp + 8L * s, got, n);
            } catch (MemoryFault fault) {
                for (int i = 0; i < n; i++) {
                    slot(f, s + i, sp);
                }
                throw fault; // not reached: the slot reads fault as the block read did
            }
            checkBlock(f, s, s + n, sp, got, s);
        }
    }

    /**
     * {@link #layout} then {@link #frame} for every frame, in frame order, of a stack whose placement a check
     * has just verified (every frame inside its segment or stack, just below the frame above it there, at
     * its {@link Lane#verifiedAddr}): the same checks with the same outcome, but the slots of a run of
     * adjacent frames that fits a block are read from memory at once. Such a read cannot fault: adjacent
     * frames lie in one region (regions never touch), inside it.
     */
    void placedFrames(int depth) {
        Spec model = lane.spec();
        int f = 0;
        while (f < depth) {
            long end = lane.verifiedAddr(f) + 8L * model.layout(f).words(); // the end of frame f's slots
            long lo = lane.verifiedAddr(f);
            int g = f + 1;
            while (g < depth && lane.verifiedAddr(g) + model.layout(g).frameBytes() == lo
                    && end - lane.verifiedAddr(g) <= 8L * BLOCK) {
                lo = lane.verifiedAddr(g++);
            }
            if (end - lo > 8L * BLOCK) { // frame f alone is wider than a block
                layout(f);
                frame(f++);
                continue;
            }
            lane.memory().read(lo, buffer, (int) ((end - lo) >>> 3));
            for (; f < g; f++) {
                layout(f);
                long sp = lane.verifiedAddr(f);
                checkBlock(f, 0, model.layout(f).words(), sp, buffer, -(int) ((sp - lo) >>> 3));
            }
        }
    }

    /**
     * Slots {@code [from, to)} of frame f, whose words {@code got[from - base, to - base)} hold: as many
     * {@link #check} calls in slot order, with the same outcome. Only the slots the specification cannot
     * vouch for at once ({@link Spec#firstUnequal}: a reference, or a scalar that differs) are checked one by
     * one; a slot passed over holds exactly the specification's scalar, so its check would pass and change
     * nothing.
     */
    private void checkBlock(int f, int from, int to, long sp, long[] got, int base) {
        Spec model = lane.spec();
        int s = model.firstUnequal(f, from, to, got, base);
        while (s < to) {
            check(f, s, sp, got[s - base]);
            s = model.firstUnequal(f, s + 1, to, got, base);
        }
    }

    private String describe(int f, int s, long sp) {
        return "frame " + f + " (" + lane.spec().layout(f).name() + ") slot " + s + " at " + Hex.of(sp + 8L * s);
    }

    /** Every slot of frame f. */
    void frame(int f) {
        slots(f, 0, lane.spec().layout(f).words(), lane.view().frameAddress(f));
    }

    /**
     * The top frame after a statement on it: whole when small, else the statement's slot and a window of
     * {@link #WINDOW} slots that moves on every statement (so a large frame is covered over time at a
     * constant cost per statement).
     */
    void topWindow(int top, int opSlot) {
        int words = lane.spec().layout(top).words();
        long sp = lane.view().frameAddress(top);
        if (words <= SMALL_FRAME) {
            slots(top, 0, words, sp);
            return;
        }
        if (opSlot >= 0) {
            slot(top, opSlot, sp);
        }
        int start = Math.floorMod(lane.window(), words);
        // slots start .. start + WINDOW - 1 (mod words), in that order: words > WINDOW, so at most one wrap
        int end = Math.min(words, start + WINDOW);
        slots(top, start, end, sp);
        slots(top, 0, start + WINDOW - end, sp);
        lane.moveWindow(start + WINDOW);
    }

    /** The slots below the top frame that the statement wrote (stores and deferred stores). */
    void touched() {
        List<Ref> touched = lane.spec().touched();
        for (int i = 0; i < touched.size(); i++) {
            Ref r = touched.get(i);
            slot(r.frame(), r.slot());
        }
    }

    /** PTR-2 after a defer or a ret: the record count, and the newest record. */
    void deferTail() {
        int n = count();
        if (n > 0) {
            defer(n - 1);
        }
    }

    /** PTR-2 for every record (after the final ret: the count, which must be 0). */
    void allDefers() {
        int n = count();
        for (int i = 0; i < n; i++) {
            defer(i);
        }
    }

    /**
     * PTR-2 for the records owned by frames at or above {@code firstFrame}: the newest records, since
     * owners never decrease along the list (a frame's records go when it returns).
     */
    void defersFrom(int firstFrame) {
        int n = count();
        Spec model = lane.spec();
        for (int i = n - 1; i >= 0 && model.defer(i).owner() >= firstFrame; i--) {
            defer(i);
        }
    }

    private int count() {
        int want = lane.spec().deferCount();
        int got = lane.view().deferCount();
        if (got != want) {
            throw new Broken(Invariant.PTR_2, -1, "the engine keeps " + got + " defer records, the specification "
                    + want);
        }
        return want;
    }

    private void defer(int i) {
        Spec.Deferred want = lane.spec().defer(i);
        StackView.DeferRecord got = lane.view().defer(i);
        Ref t = want.target();
        if (got == null) {
            throw new Broken(Invariant.PTR_2, want.owner(), "defer record " + i + " is null");
        }
        if (got.frame() != want.owner()) {
            throw new Broken(Invariant.PTR_2, want.owner(), "defer record " + i + " belongs to frame " + got.frame()
                    + ", want frame " + want.owner());
        }
        if (got.value() != want.value()) {
            throw new Broken(Invariant.PTR_2, want.owner(), "defer record " + i + " of frame " + want.owner()
                    + " stores " + got.value() + ", want " + want.value());
        }
        long addr = lane.view().slotAddress(t.frame(), t.slot());
        if (got.pointer() != addr) {
            throw new Broken(Invariant.PTR_2, t.frame(), "defer record " + i + " of frame " + want.owner()
                    + " points at " + Hex.of(got.pointer()) + " (" + lane.whereIs(got.pointer()) + "), want "
                    + Hex.of(addr) + " = &frame " + t.frame() + " slot " + t.slot());
        }
    }
}

package dev.stackcheck.check;

import dev.stackcheck.engine.Code;
import dev.stackcheck.engine.EngineEvent;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackOverflow;
import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Printer;
import java.util.List;

/**
 * A copying (contiguous) stack: CPY-1 (one region, no record, frame 0 at the very top, frames adjacent,
 * frames move only in a copy), CPY-2 (Go's growth policy), CPY-3 (Go's shrink policy), CPY-4 (overflow
 * exactly past maxStack, with Go's message).
 *
 * <p>Growth, as newstack computes it: {@code used = hi - sp} before the call, {@code need = frameBytes +
 * guard}; the stack grows iff {@code size - used < need}, to {@code size * 2^k} for the smallest k >= 1
 * with {@code newsize - used >= need}; that size past maxStack is a stack overflow. Shrink, as
 * shrinkstack: at gc, iff {@code used + shrinkSlack < size/4} and {@code size/2 >= initialStack}, to
 * exactly {@code size/2}.
 */
final class CopyCheck {

    private final Lane lane;
    /** the stack region as last verified */
    private Region stack;

    CopyCheck(Lane lane) {
        this.lane = lane;
    }

    /** Makes this shadow equal to {@code o}'s (another lane's). */
    void copyFrom(CopyCheck o) {
        stack = o.stack;
    }

    /**
     * CPY-2 and CPY-3 for a hybrid (Go 1.3), whose top segment is copied: at a call that did not fit it
     * copies when every frame in the top segment has a pointer map (else splits, with a HybridFallback),
     * to {@code size * 2^k} for the smallest k >= 1 with {@code newsize - used >= frameBytes + guard}
     * ({@code used = hi - sp} counts the record); at gc it halves the top segment iff
     * {@code used + shrinkSlack < size/4}, the half is at least {@code segmentSize} and no frame in it
     * lacks a pointer map. Uses the state before the statement (the shadow chain).
     */
    void hybridAfterStatement(Op op, int depthBefore, Region top, int topFirst) {
        EngineParams p = lane.params();
        int topFrame = lane.spec().depth() - 1; // the new frame at a call, else the top frame
        boolean split = false;
        boolean fallback = false;
        int shrinks = 0;
        EngineEvent.Copy growCopy = null;
        for (EngineEvent e : lane.events()) {
            if (e instanceof EngineEvent.Split) {
                split = true;
            } else if (e instanceof EngineEvent.HybridFallback) {
                fallback = true;
            } else if (e instanceof EngineEvent.Copy c) {
                if (c.grow()) {
                    growCopy = c;
                } else {
                    shrinks++;
                }
            }
        }
        boolean nomapOnTop = lane.nomapFrames().youngest() >= topFirst;
        if (op instanceof Op.Call call) { // (Lane checks a hybrid's policy only from depth 1 on)
            long used = top.hi() - lane.verifiedAddr(depthBefore - 1);
            long need = call.layout().frameBytes() + p.stackGuard();
            if (split && !fallback) {
                throw new Broken(Invariant.CPY_2, topFrame, "the hybrid split for frame " + topFrame
                        + " without a HybridFallback: a hybrid splits only when its top segment holds a frame"
                        + " without a pointer map, else it copies");
            }
            if (fallback && !nomapOnTop) {
                throw new Broken(Invariant.CPY_2, topFrame, "the hybrid fell back to a split, but every frame in"
                        + " its top segment (frames " + topFirst + "..) has a pointer map: it must copy");
            }
            if (growCopy != null) {
                long size = top.size();
                if (size - used >= need) {
                    throw new Broken(Invariant.CPY_2, topFrame, "the hybrid copied its " + size + "-byte top segment"
                            + " although frame " + topFrame + " (" + call.layout().frameBytes() + " bytes + guard "
                            + p.stackGuard() + ") fit: " + used + " bytes used");
                }
                long want = grownSize(size, used, need);
                if (growCopy.to().size() != want) {
                    throw new Broken(Invariant.CPY_2, topFrame, "the hybrid grew its top segment " + size + " -> "
                            + growCopy.to().size() + " bytes with " + used + " used for a "
                            + call.layout().frameBytes() + "-byte frame (guard " + p.stackGuard() + "), want " + want);
                }
                if (growCopy.used() != used) {
                    throw new Broken(Invariant.CPY_2, topFrame, "the top-segment copy moved " + growCopy.used()
                            + " bytes, but " + used + " bytes were in use");
                }
            }
        } else if (growCopy != null) {
            throw new Broken(Invariant.CPY_2, topFrame, "the top segment grew during `" + Printer.statement(op)
                    + "`: only a call grows it");
        }
        if (shrinks > 0 && !(op instanceof Op.Gc)) {
            throw new Broken(Invariant.CPY_3, topFrame, "the top segment shrank during `" + Printer.statement(op)
                    + "`: only gc shrinks it");
        }
        if (op instanceof Op.Gc) {
            long size = top.size();
            long used = top.hi() - lane.verifiedAddr(topFrame);
            long half = (size / 2) & -8L;
            boolean must = half >= p.segmentSize() && used + p.shrinkSlack() < size / 4 && !nomapOnTop;
            if (shrinks > 1) {
                throw new Broken(Invariant.CPY_3, topFrame, "the top segment shrank twice in one gc");
            }
            if (must != (shrinks == 1)) {
                throw new Broken(Invariant.CPY_3, topFrame, "gc " + (must ? "kept" : "shrank") + " the " + size
                        + "-byte top segment with " + used + " bytes used (slack " + p.shrinkSlack() + ", segment size "
                        + p.segmentSize() + (nomapOnTop ? ", a frame without a pointer map in it" : "")
                        + "): it shrinks iff used + slack < size/4 = " + size / 4 + ", size/2 >= segmentSize and"
                        + " every frame in it has a pointer map");
            }
            for (EngineEvent e : lane.events()) {
                if (e instanceof EngineEvent.Copy c && c.to().size() != half) { // (a growth at gc broke above)
                    throw new Broken(Invariant.CPY_3, topFrame, "the top segment shrank " + size + " -> "
                            + c.to().size() + " bytes, want exactly " + half);
                }
            }
        }
    }

    /** Records the stack the engine made at start (before any frame), the base of the growth policy. */
    void started() {
        List<StackSegment> segs = lane.view().segments();
        if (segs.size() != 1) {
            throw new Broken(Invariant.CPY_1, -1, "a copying stack is one region, but after start the view lists "
                    + segs.size());
        }
        stack = segs.get(0).region();
        if (stack.size() != lane.params().initialStack()) {
            throw new Broken(Invariant.CPY_2, -1, "the new stack is " + stack.size() + " bytes, want initialStack = "
                    + lane.params().initialStack());
        }
    }

    /** CPY-1/CPY-2 for a call without events: the new frame sits just below its caller, above lo + guard. */
    void placeCall(int top, long a) {
        long fb = lane.spec().layout(top).frameBytes();
        long below = lane.verifiedAddr(top - 1);
        if (a + fb != below) {
            throw new Broken(Invariant.CPY_1, top, "frame " + top + " (" + fb + " bytes) at " + Hex.of(a)
                    + " is not adjacent to frame " + (top - 1) + " at " + Hex.of(below) + ": want " + Hex.of(below - fb));
        }
        long floor = stack.lo() + lane.params().stackGuard();
        if (a < floor) {
            throw new Broken(Invariant.CPY_2, top, "frame " + top + " at " + Hex.of(a) + " lies below lo + guard = "
                    + Hex.of(floor) + " of the " + stack.size() + "-byte stack " + SegmentCheck.span(stack)
                    + ": the stack should have grown");
        }
    }

    /**
     * The copies of one statement (or their absence at a gc), against the policy, using the state before
     * the statement: the stack region and the old top frame's address.
     */
    void afterStatement(Op op, int depthBefore) {
        int grows = 0;
        int shrinks = 0;
        List<EngineEvent> events = lane.events();
        int top = lane.spec().depth() - 1;
        for (int i = 0; i < events.size(); i++) {
            if (!(events.get(i) instanceof EngineEvent.Copy c)) {
                continue;
            }
            if (c.grow()) {
                if (!(op instanceof Op.Call call)) {
                    throw new Broken(Invariant.CPY_2, top, "the stack grew during `" + Printer.statement(op)
                            + "`: only a call grows it");
                }
                if (++grows > 1) {
                    throw new Broken(Invariant.CPY_2, top, "the stack grew twice in one call: newstack doubles until"
                            + " the frame fits, then copies once");
                }
                grow(c, call.layout(), depthBefore);
            } else {
                if (!(op instanceof Op.Gc)) {
                    throw new Broken(Invariant.CPY_3, top, "the stack shrank during `" + Printer.statement(op)
                            + "`: only gc shrinks it");
                }
                if (++shrinks > 1) {
                    throw new Broken(Invariant.CPY_3, top, "the stack shrank twice in one gc");
                }
                shrink(c, top);
            }
            stack = c.to();
        }
        if (op instanceof Op.Gc && shrinks == 0) {
            gcWithoutShrink(top);
        }
    }

    private long used(int depthBefore) {
        return depthBefore == 0 ? 0 : stack.hi() - lane.verifiedAddr(depthBefore - 1);
    }

    /** The size newstack picks: double, and keep doubling until the frame and the guard fit. */
    static long grownSize(long size, long used, long need) {
        long s = size; // (the frame does not fit at size: every caller checked)
        do {
            s *= 2;
        } while (s - used < need && s < Long.MAX_VALUE / 4);
        return s;
    }

    private void grow(EngineEvent.Copy c, Layout layout, int depthBefore) {
        EngineParams p = lane.params();
        int top = depthBefore;
        if (!c.from().equals(stack)) {
            throw new Broken(Invariant.CPY_1, top, "grew by copying " + SegmentCheck.span(c.from())
                    + ", but the stack was " + SegmentCheck.span(stack));
        }
        long size = stack.size();
        long used = used(depthBefore);
        long need = layout.frameBytes() + p.stackGuard();
        if (size - used >= need) {
            throw new Broken(Invariant.CPY_2, top, "grew the " + size + "-byte stack although frame " + top + " ("
                    + layout.frameBytes() + " bytes + guard " + p.stackGuard() + ") fit: " + used + " bytes used");
        }
        long to = c.to().size();
        long want = grownSize(size, used, need);
        if (to > p.maxStack()) {
            throw new Broken(Invariant.CPY_4, top, "grew the stack to " + to + " bytes, past the " + p.maxStack()
                    + "-byte limit: that is a stack overflow");
        }
        if (want > p.maxStack()) {
            throw new Broken(Invariant.CPY_4, top, "frame " + top + " needs a " + want + "-byte stack, past the "
                    + p.maxStack() + "-byte limit, but the engine grew to " + to + " instead of overflowing");
        }
        if (to != want) {
            throw new Broken(Invariant.CPY_2, top, "grew " + size + " -> " + to + " bytes with " + used + " used for a "
                    + layout.frameBytes() + "-byte frame (guard " + p.stackGuard() + "), want " + want
                    + ": the smallest power-of-two multiple with newsize - used >= frame + guard");
        }
        if (c.used() != used) {
            throw new Broken(Invariant.CPY_2, top, "the growth copy moved " + c.used() + " bytes, but " + used
                    + " bytes were in use");
        }
        if (lane.memory().isLive(c.from())) {
            throw new Broken(Invariant.LEAK_1, top, "the copy left the old stack " + SegmentCheck.span(c.from())
                    + " live");
        }
    }

    private void shrink(EngineEvent.Copy c, int top) {
        EngineParams p = lane.params();
        if (!c.from().equals(stack)) {
            throw new Broken(Invariant.CPY_1, top, "shrank by copying " + SegmentCheck.span(c.from())
                    + ", but the stack was " + SegmentCheck.span(stack));
        }
        long size = stack.size();
        long used = stack.hi() - lane.verifiedAddr(top);
        if (!(used + p.shrinkSlack() < size / 4 && size / 2 >= p.initialStack())) {
            throw new Broken(Invariant.CPY_3, top, "shrank the " + size + "-byte stack with " + used + " bytes used"
                    + " (slack " + p.shrinkSlack() + ", initial " + p.initialStack() + "): it shrinks only when used"
                    + " + slack < size/4 = " + size / 4 + " and size/2 >= initial");
        }
        if (c.to().size() != size / 2) {
            throw new Broken(Invariant.CPY_3, top, "shrank " + size + " -> " + c.to().size() + " bytes, want exactly "
                    + size / 2 + ": a shrink halves");
        }
        if (c.used() != used) {
            throw new Broken(Invariant.CPY_3, top, "the shrinking copy moved " + c.used() + " bytes, but " + used
                    + " bytes were in use");
        }
        if (lane.memory().isLive(c.from())) {
            throw new Broken(Invariant.LEAK_1, top, "the copy left the old stack " + SegmentCheck.span(c.from())
                    + " live");
        }
    }

    /** CPY-3 at a gc that did not shrink: it must not have had to. */
    void gcWithoutShrink(int top) {
        EngineParams p = lane.params();
        long size = stack.size();
        long used = stack.hi() - lane.verifiedAddr(top);
        if (used + p.shrinkSlack() < size / 4 && size / 2 >= p.initialStack()) {
            throw new Broken(Invariant.CPY_3, top, "gc kept the " + size + "-byte stack with " + used + " bytes used"
                    + " (slack " + p.shrinkSlack() + "): used + slack < size/4 = " + size / 4 + " and size/2 >= initial "
                    + p.initialStack() + ", so it must shrink to " + size / 2);
        }
    }

    /** CPY-4 when a statement threw StackOverflow: only a call past the limit may, with Go's message. */
    void overflow(Op op, int depthBefore, StackOverflow so) {
        EngineParams p = lane.params();
        int top = lane.spec().depth() - 1;
        if (!(op instanceof Op.Call call)) {
            throw new Broken(Invariant.CPY_4, top, "stack overflow during `" + Printer.statement(op)
                    + "`: only a call can overflow");
        }
        long fb = call.layout().frameBytes();
        // (started() recorded the stack before any statement)
        long size = stack.size();
        long used = used(depthBefore);
        long need = fb + p.stackGuard();
        if (size - used >= need) {
            throw new Broken(Invariant.CPY_4, top, "stack overflow at a call whose frame (" + fb + " bytes + guard "
                    + p.stackGuard() + ") fits in the " + size + "-byte stack with " + used + " bytes used");
        }
        long want = grownSize(size, used, need);
        if (want <= p.maxStack()) {
            throw new Broken(Invariant.CPY_4, top, "stack overflow at a call that needs a " + want
                    + "-byte stack, within the " + p.maxStack() + "-byte limit");
        }
        String message = "stack overflow: goroutine stack exceeds " + p.maxStack() + "-byte limit";
        if (!message.equals(so.getMessage())) {
            throw new Broken(Invariant.CPY_4, top, "the overflow says \"" + so.getMessage() + "\", Go says \""
                    + message + "\"");
        }
    }

    /** CPY-1, CPY-2 and SEG-3 over the whole stack; records every frame's address. */
    void full(boolean motionAllowed) {
        List<StackSegment> segs = lane.view().segments();
        EngineParams p = lane.params();
        int depth = lane.spec().depth();
        if (segs.size() != 1) {
            throw new Broken(Invariant.CPY_1, -1, "a copying stack is one region, but the view lists " + segs.size());
        }
        StackSegment s = segs.get(0);
        Region r = s.region();
        if (s.hasRecord()) {
            throw new Broken(Invariant.CPY_1, -1, "a copying stack keeps no record, but the view has one at "
                    + Hex.of(s.record()));
        }
        if (s.firstFrame() != 0 || s.endFrame() != depth) {
            throw new Broken(Invariant.CPY_1, -1, "the stack holds frames [" + s.firstFrame() + ", " + s.endFrame()
                    + "), want [0, " + depth + ")");
        }
        if (!lane.memory().isLive(r)) {
            throw new Broken(Invariant.CPY_1, -1, "the stack " + SegmentCheck.span(r) + " is freed memory");
        }
        if (!r.equals(stack)) { // (started() recorded the stack)
            throw new Broken(Invariant.CPY_1, -1, "the stack is " + SegmentCheck.span(r) + ", but it was "
                    + SegmentCheck.span(stack) + " and no copy was reported");
        }
        stack = r;
        long size = r.size();
        if (size > p.maxStack()) {
            throw new Broken(Invariant.CPY_4, -1, "the stack is " + size + " bytes, past the " + p.maxStack()
                    + "-byte limit");
        }
        long q = size / p.initialStack();
        if (size % p.initialStack() != 0 || Long.bitCount(q) != 1) {
            throw new Broken(Invariant.CPY_2, -1, "the stack is " + size + " bytes, not initialStack ("
                    + p.initialStack() + ") times a power of two");
        }
        long above = r.hi();
        long floor = r.lo() + p.stackGuard();
        for (int f = 0; f < depth; f++) {
            long fb = lane.spec().layout(f).frameBytes();
            long a = lane.view().frameAddress(f);
            if (a + fb != above) {
                throw new Broken(Invariant.CPY_1, f, f == 0
                        ? "frame 0 sits at " + Hex.of(a) + ", want the very top of the stack: hi - " + fb + " = "
                                + Hex.of(above - fb)
                        : "frame " + f + " (" + fb + " bytes) at " + Hex.of(a) + " is not adjacent to frame " + (f - 1)
                                + " at " + Hex.of(above) + ": want " + Hex.of(above - fb));
            }
            if (a < floor) {
                throw new Broken(Invariant.CPY_2, f, "frame " + f + " at " + Hex.of(a) + " lies below lo + guard = "
                        + Hex.of(floor) + " of the " + size + "-byte stack");
            }
            if (!motionAllowed && lane.verifiedAddr(f) != a) {
                throw new Broken(Invariant.CPY_1, f, "frame " + f + " moved from " + Hex.of(lane.verifiedAddr(f)) + " to "
                        + Hex.of(a) + " with no copy");
            }
            lane.verifyAddr(f, a);
            long want = f == 0 ? Code.GOEXIT_PC : Code.RETURN_PC;
            long got = lane.memory().read(a + 8L * lane.spec().layout(f).words());
            if (got != want) {
                throw new Broken(Invariant.SEG_3, f, "frame " + f + " (" + lane.spec().layout(f).name() + ") at "
                        + Hex.of(a) + " returns into " + Hex.code(got) + ", want " + Hex.code(want));
            }
            above = a;
        }
    }
}

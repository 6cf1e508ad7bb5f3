package dev.stackcheck.check;

import dev.stackcheck.engine.EngineEvent;
import dev.stackcheck.program.Layout;
import dev.stackcheck.spec.Spec;

/**
 * PTR-3, adjusted counts: a copy (growth or shrink) adjusts exactly the pointers the specification places in
 * the moved span, frames {@code [first, depth)}: every reference held in a pointer slot of a moved frame that
 * targets a moved frame, and every defer record whose target is a moved frame. Pointers into frames that did
 * not move (older segments of a hybrid) and nil pointer slots are not adjusted; a copying stack moves every
 * frame ({@code first = 0}).
 *
 * <p>The count is taken from the specification, never from the engine, so an engine whose events and
 * statistics agree with each other (STAT-1) but not with its stack is caught here. The specification's
 * state after the statement serves: a growth copy at a call moved the frames below the new one, whose slots
 * are all nil, and a shrink at gc changes no frame.
 */
final class AdjustCountCheck {

    private AdjustCountCheck() {
    }

    /** The pointers a copy of frames {@code [first, depth)} adjusts, by the specification. */
    static long expected(Spec model, int first) {
        long n = 0;
        int depth = model.depth();
        for (int f = first; f < depth; f++) {
            Layout l = model.layout(f);
            for (int i = 0; i < l.pointerCount(); i++) {
                int s = l.pointer(i);
                if (model.holdsRef(f, s) && model.refFrame(f, s) >= first) {
                    n++;
                }
            }
        }
        for (int i = 0; i < model.deferCount(); i++) {
            if (model.defer(i).target().frame() >= first) {
                n++;
            }
        }
        return n;
    }

    /** PTR-3 for the Copy events of a statement, on a lane whose moved span starts at frame {@code first}. */
    static void afterStatement(Lane lane, int first, int top) {
        for (int i = 0; i < lane.events().size(); i++) {
            if (lane.events().get(i) instanceof EngineEvent.Copy c) {
                check(lane, c, first, top);
            }
        }
    }

    private static void check(Lane lane, EngineEvent.Copy c, int first, int top) {
        long want = expected(lane.spec(), first);
        if (c.adjusted() != want) {
            throw new Broken(Invariant.PTR_3, top, "the " + (c.grow() ? "growth copy" : "shrink") + " "
                    + SegmentCheck.span(c.from()) + " -> " + SegmentCheck.span(c.to()) + " reports " + c.adjusted()
                    + " pointers adjusted, but the specification places " + want + " in the moved frames ["
                    + first + ", " + lane.spec().depth() + ") (reference slots pointing into them, and defer records)");
        }
    }
}

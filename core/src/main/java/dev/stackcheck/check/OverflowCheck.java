package dev.stackcheck.check;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Printer;

/**
 * OVF-1, overflow claims: an engine may stop with a stack overflow only at a call whose stack, under the
 * rules of the engine's kind, needs more than its limit; and a segmented or hybrid chain never grows past
 * the limit. (For a copying engine in lock step CPY-4 is this rule, with Go's message.)
 *
 * <p>What a call needs, by kind, from the checker's verified shadow of the stack before the call:
 * <ul>
 *   <li>segmented: nothing when the frame fits in the top segment; else the chain plus the new segment:
 *       the cached one when it is reused (SEG-5), else {@code max(segmentSize, frame + record + guard)};
 *       frame 0 that does not fit the base needs a base of that size alone;</li>
 *   <li>hybrid: as segmented when a frame without a pointer map is in the top segment; else the chain with
 *       its top segment grown as CPY-2 says;</li>
 *   <li>other (an engine that lays its stack out its own way): the frames as SPEC.md lays them out, plus the
 *       guard: the least any stack needs.</li>
 * </ul>
 * An outside engine, which shows no memory, is judged by {@link #outsideBound}: the most its kind could need.
 */
final class OverflowCheck {

    private OverflowCheck() {
    }

    /** OVF-1 when a lane's engine threw StackOverflow at {@code op}. */
    static void claim(Lane lane, Op op, int depthBefore) {
        int top = lane.spec().depth() - 1;
        if (!(op instanceof Op.Call call)) {
            throw new Broken(Invariant.OVF_1, top, "stack overflow during `" + Printer.statement(op)
                    + "`: only a call can overflow");
        }
        EngineParams p = lane.params();
        long fb = call.layout().frameBytes();
        long need = lane.segments() != null ? segmentedNeed(lane, fb, depthBefore) : otherNeed(lane, fb, depthBefore);
        if (need <= p.maxStack()) {
            throw new Broken(Invariant.OVF_1, top, "stack overflow at a call of a " + fb + "-byte frame that needs "
                    + (need == 0 ? "no growth: it fits" : "a " + need + "-byte stack") + ", within the "
                    + p.maxStack() + "-byte limit (" + lane.kind().name().toLowerCase(java.util.Locale.ROOT) + " rules)");
        }
    }

    /** The stack a segmented or hybrid call needs, 0 when the frame fits in the top segment. */
    private static long segmentedNeed(Lane lane, long fb, int depthBefore) {
        EngineParams p = lane.params();
        SegmentCheck s = lane.segments();
        long seg = SegmentPolicyCheck.segmentBytesFor(fb, p);
        // before the first call the shadow holds no segment yet: the engine's base, segmentSize bytes, record only
        boolean known = s.length() > 0;
        long topSize = known ? s.topRegion().size() : p.segmentSize();
        long used = depthBefore == 0 ? StackSegment.RECORD_BYTES : s.topRegion().hi() - lane.verifiedAddr(depthBefore - 1);
        long chain = known ? s.chainBytes() : p.segmentSize();
        if (topSize - used - fb >= p.stackGuard()) {
            return 0;
        }
        if (lane.kind() == StackKind.HYBRID && (depthBefore == 0 || lane.nomapFrames().youngest() < s.topFirst())) {
            return chain - topSize + CopyCheck.grownSize(topSize, used, fb + p.stackGuard());
        }
        // frame 0 gets a base of its own: before the first call the shadow holds no segment (chainBytes() is 0)
        // and no cached one
        Region cache = s.cache();
        boolean reuse = p.segmentCache() && cache != null && cache.size() >= seg;
        return s.chainBytes() + (reuse ? cache.size() : Math.max(p.segmentSize(), seg));
    }

    /** The least stack any engine needs for the live frames and the new one, as SPEC.md lays them out. */
    private static long otherNeed(Lane lane, long fb, int depthBefore) {
        long used = 0;
        for (int f = 0; f < depthBefore; f++) {
            used += lane.spec().layout(f).frameBytes();
        }
        return used + fb + lane.params().stackGuard();
    }

    /** OVF-1 after a split or copy: the chain's segments (the cache excluded) stay within the limit. */
    static void chainWithinLimit(Lane lane, long chainBytes, int top) {
        if (chainBytes > lane.params().maxStack()) {
            throw new Broken(Invariant.OVF_1, top, "the segment chain holds " + chainBytes + " bytes, past the "
                    + lane.params().maxStack() + "-byte limit: the call that grew it should have overflowed");
        }
    }

    /**
     * The most stack a call could need in an engine of {@code kind} that shows no memory, with {@code used}
     * bytes of frames live (as SPEC.md lays them out) and {@code frames} of them: copying, exactly the
     * smallest {@code initialStack * 2^k} holding them, the new frame and the guard (CPY-2 leaves no choice);
     * segmented, every frame in a segment of its own; hybrid and other, every frame in a segment of its own
     * that may have doubled once past what it holds.
     *
     * @param perFrame for every live frame and the new one, {@code frame + record + guard} summed as
     *                 {@code max(segmentSize, that)} (segmented) or {@code max(segmentSize, 2 * that)} (others)
     */
    static long outsideBound(StackKind kind, EngineParams p, long used, long fb, long perFrame) {
        if (kind == StackKind.COPYING) {
            long s = p.initialStack();
            while (s < used + fb + p.stackGuard() && s < Long.MAX_VALUE / 4) {
                s *= 2;
            }
            return s;
        }
        return perFrame;
    }

    /** A frame's share of {@link #outsideBound}'s {@code perFrame} sum in an engine of {@code kind}. */
    static long perFrame(StackKind kind, EngineParams p, long fb) {
        long seg = SegmentPolicyCheck.segmentBytesFor(fb, p);
        return Math.max(p.segmentSize(), kind == StackKind.SEGMENTED ? seg : 2 * seg);
    }
}

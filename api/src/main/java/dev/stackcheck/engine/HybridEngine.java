package dev.stackcheck.engine;

import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;

/**
 * Go 1.3's stacks: segments, but the top segment is copied when it can be.
 *
 * <p>Everything is as in {@link SegmentedEngine} (layout, records, lessstack, cache), except what happens
 * when a frame does not fit: if every frame in the top segment has a pointer map, the top segment is
 * copied to a segment twice its size (doubling again until {@code newsize - used >= frameBytes +
 * stackGuard}, where {@code used = hi - sp} counts the record), its record moving with it at the top;
 * pointers into the old top segment are adjusted in its frames and in the defer records, pointers into
 * older segments stay as they are (Go 1.3's {@code copystack} of the top segment). Otherwise it splits,
 * reporting {@link EngineEvent.HybridFallback} with the youngest frame lacking a map.
 *
 * <p>Invariant (HYB-1): a frame without a pointer map never moves; frames in segments below the top never
 * move.
 *
 * <p>At gc the top segment is halved when {@code used + shrinkSlack < size/4}, the half is at least
 * {@code segmentSize} (Go 1.3's floor, FixedStack, is its segment size) and it holds no frame without a
 * pointer map; at most once per gc. The halved segment keeps the guard free because the parameters must have
 * {@code stackGuard <= segmentSize/2 + shrinkSlack} (the constructor rejects others).
 */
public class HybridEngine extends SegmentedEngine {

    public HybridEngine(EngineParams params) {
        super(params);
        requireGuardAboveShrink("segmentSize", params.segmentSize(), "a top segment");
    }

    @Override
    public String name() {
        return "hybrid";
    }

    @Override
    public StackKind kind() {
        return StackKind.HYBRID;
    }

    @Override
    protected long grow(Layout layout, long spTop) {
        if (!copyableTopSegment()) {
            emit(new EngineEvent.HybridFallback(youngestNomapInTopSegment()));
            return morestack(layout);
        }
        Region old = topSegment();
        long used = old.hi() - spTop;
        long newsize = growsize(old.size(), used, need(layout.frameBytes()));
        requireWithinLimit(chainBytes() - old.size() + newsize);
        Region neu = moveTopSegment(newsize, used, true);
        return neu.hi() - used - layout.frameBytes();
    }

    @Override
    protected long shrinkFloor() {
        return params.segmentSize();
    }

    @Override
    protected void shrinkstack() {
        Region top = topSegment();
        long used = top.hi() - topOfStack();
        if (shouldShrink(top.size(), used) && copyableTopSegment()) {
            moveTopSegment((top.size() / 2) & -8L, used, false);
        }
    }

    /**
     * Go 1.3's copyabletopsegment: true when every frame in the top segment has a pointer map, so the
     * segment may be copied (grown or shrunk); false sends growth to a split.
     */
    protected boolean copyableTopSegment() {
        return youngestNomapInTopSegment() < 0;
    }

    /** Copies the top segment (its record and frames) to a new segment of {@code newsize} bytes ({@link #movestack}). */
    protected Region moveTopSegment(long newsize, long used, boolean grow) {
        return movestack(topSegment(), newsize, used, topSegmentFirstFrame(), grow);
    }

    @Override
    protected void installMoved(Region neu) {
        replaceTopSegment(neu);
    }
}

package dev.stackcheck.engine;

/**
 * The sizes an engine runs with. Each engine uses the parameters that apply to it.
 *
 * @param segmentSize  bytes of a normal segment (segmented, hybrid); a bigger frame gets a bigger one
 * @param segmentCache keep one freed segment for the next split (GCC's split stacks do)
 * @param initialStack bytes of a new contiguous stack (copying); the floor for shrinking
 * @param stackGuard   bytes that must stay free below the lowest frame (Go's stack guard); a frame
 *                     fits when {@code sp - frameBytes >= lo + stackGuard}; a shrink must keep it free, so the
 *                     copying engine takes at most {@code initialStack/2 + shrinkSlack} and the hybrid at most
 *                     {@code segmentSize/2 + shrinkSlack}
 * @param maxStack     the largest stack allowed; past it is a stack overflow
 * @param shrinkSlack  a stack shrinks at gc when {@code used + shrinkSlack < size / 4} (0 before Go 1.5ish)
 */
public record EngineParams(long segmentSize, boolean segmentCache, long initialStack, long stackGuard,
                           long maxStack, long shrinkSlack) {

    /**
     * The defaults (specs/PROTOCOL.md §1.3): 8 KiB segments, no cache, 2 KiB initial stack, no guard, 1e9-byte
     * limit, no shrink slack.
     */
    public static final EngineParams DEFAULT = new EngineParams(8192, false, 2048, 0, 1_000_000_000L, 0);

    public EngineParams withSegmentSize(long v) {
        return new EngineParams(v, segmentCache, initialStack, stackGuard, maxStack, shrinkSlack);
    }

    public EngineParams withSegmentCache(boolean v) {
        return new EngineParams(segmentSize, v, initialStack, stackGuard, maxStack, shrinkSlack);
    }

    public EngineParams withInitialStack(long v) {
        return new EngineParams(segmentSize, segmentCache, v, stackGuard, maxStack, shrinkSlack);
    }

    public EngineParams withStackGuard(long v) {
        return new EngineParams(segmentSize, segmentCache, initialStack, v, maxStack, shrinkSlack);
    }

    public EngineParams withMaxStack(long v) {
        return new EngineParams(segmentSize, segmentCache, initialStack, stackGuard, v, shrinkSlack);
    }

    public EngineParams withShrinkSlack(long v) {
        return new EngineParams(segmentSize, segmentCache, initialStack, stackGuard, maxStack, v);
    }
}

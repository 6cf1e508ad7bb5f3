package dev.stackcheck.engine;

/**
 * An engine's statistics. {@code copies} counts growth copies and {@code shrinks} shrinking copies;
 * {@code bytesCopied} counts both. Peaks are in bytes: reserved is what the engine holds in regions
 * (the cache included), used is what its live frames and records take.
 */
public record Stats(long calls, long returns, long splits, long lessstack, long segmentAllocs,
                    long segmentFrees, long cacheHits, long copies, long shrinks, long bytesCopied,
                    long pointersAdjusted, long peakReserved, long peakUsed) {

    public static final Stats ZERO = new Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}

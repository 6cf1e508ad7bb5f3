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

    /** The value of a statistic an engine (one in another process) did not report: shown as not reported. */
    public static final long NOT_REPORTED = -1;

    /** Every statistic by its name in the JSON contract, in the contract's order. */
    public java.util.Map<String, Long> asMap() {
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("calls", calls);
        m.put("returns", returns);
        m.put("splits", splits);
        m.put("lessstack", lessstack);
        m.put("segmentAllocs", segmentAllocs);
        m.put("segmentFrees", segmentFrees);
        m.put("cacheHits", cacheHits);
        m.put("copies", copies);
        m.put("shrinks", shrinks);
        m.put("bytesCopied", bytesCopied);
        m.put("pointersAdjusted", pointersAdjusted);
        m.put("peakReserved", peakReserved);
        m.put("peakUsed", peakUsed);
        return m;
    }
}

package dev.stackcheck.engine;

/**
 * What the suite counts of an engine's {@link EngineEvent events}, one index per count: the statistics of
 * the reference engines, the checker's own count of the events it saw (STAT-1 compares the two), the
 * coverage of a run and of a session, and the reports all read these counts, each counted once by
 * {@link Counters#count}.
 */
public enum Counter {
    /** morestack splits (Split events) */
    SPLIT("split"),
    /** returns through lessstack (Lessstack events) */
    LESSSTACK("lessstack"),
    /** splits that reused the cached segment */
    CACHE_HIT("cacheHit"),
    /** growth copies (Copy events with grow) */
    GROW("grow"),
    /** shrinking copies (Copy events without grow) */
    SHRINK("shrink"),
    /** hybrid splits forced by a frame without a pointer map (HybridFallback events) */
    HYBRID_FALLBACK("hybridFallback"),
    /**
     * copies after which a defer record pointed into the new stack (its pointer was adjusted): counted by
     * the checker, which sees the records, not from the event alone
     */
    DEFER_ADJUSTED("deferAdjusted"),
    /** splits for a frame larger than a normal segment */
    BIG_FRAME("bigFrame"),
    /** stack overflows (Overflow events) */
    OVERFLOW("overflow"),
    /** regions allocated (Alloc events) */
    ALLOC("alloc"),
    /** regions freed (Free events) */
    FREE("free"),
    /** used bytes the Copy events moved */
    BYTES_COPIED("bytesCopied"),
    /** pointers the Copy events adjusted */
    POINTERS_ADJUSTED("pointersAdjusted");

    private final String key;

    Counter(String key) {
        this.key = key;
    }

    /** The count's name in JSON and in reports. */
    public String key() {
        return key;
    }
}

package dev.stackcheck.check;

/**
 * What one engine did while it ran a program, counted from its events: how much of the interesting
 * machinery a run exercised.
 *
 * @param split          morestack splits (Split events)
 * @param lessstack      returns through lessstack (Lessstack events)
 * @param cacheHit       splits that reused the cached segment
 * @param grow           growth copies (Copy events with grow)
 * @param shrink         shrinking copies (Copy events without grow)
 * @param hybridFallback hybrid splits forced by a frame without a pointer map
 * @param deferAdjusted  copies after which a defer record pointed into the new stack (its pointer was adjusted)
 * @param bigFrame       splits for a frame larger than a normal segment
 * @param overflow       stack overflows (Overflow events)
 * @param alloc          regions allocated (Alloc events)
 * @param free           regions freed (Free events)
 */
public record Coverage(long split, long lessstack, long cacheHit, long grow, long shrink, long hybridFallback,
                       long deferAdjusted, long bigFrame, long overflow, long alloc, long free) {

    public static final Coverage ZERO = new Coverage(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** The sum of two coverages (for totals over engines or runs). */
    public Coverage plus(Coverage o) {
        return new Coverage(split + o.split, lessstack + o.lessstack, cacheHit + o.cacheHit, grow + o.grow,
                shrink + o.shrink, hybridFallback + o.hybridFallback, deferAdjusted + o.deferAdjusted,
                bigFrame + o.bigFrame, overflow + o.overflow, alloc + o.alloc, free + o.free);
    }
}

package dev.stackcheck.engine;

import dev.stackcheck.memory.Region;

/**
 * A structural event of a stack engine. The checker runs its full checks after a statement that
 * produced any of these, and the coverage statistics count them.
 */
public sealed interface EngineEvent {

    /** morestack: a frame did not fit, a new segment now holds it ({@code reused}: taken from the cache). */
    record Split(Region segment, int frame, boolean reused, boolean bigFrame) implements EngineEvent {}

    /** the first frame of a segment returned into lessstack; the segment was freed or kept in the cache. */
    record Lessstack(Region segment, boolean cached) implements EngineEvent {}

    /** a segment or stack region was allocated. */
    record Alloc(Region region) implements EngineEvent {}

    /** a segment or stack region was freed. */
    record Free(Region region) implements EngineEvent {}

    /**
     * The stack (or, for a hybrid, its top segment) was copied from {@code from} to {@code to};
     * {@code used} bytes moved, {@code adjusted} pointers were rewritten. {@code grow} is false for a shrink.
     */
    record Copy(Region from, Region to, long used, long adjusted, boolean grow) implements EngineEvent {}

    /** a hybrid engine split (rather than copied) because a frame without a pointer map was in the top segment. */
    record HybridFallback(int nomapFrame) implements EngineEvent {}

    /** the stack would pass its limit; the statement threw {@link StackOverflow}. */
    record Overflow(long limit, long needed) implements EngineEvent {}
}

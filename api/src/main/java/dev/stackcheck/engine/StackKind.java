package dev.stackcheck.engine;

/** The shape of an engine's stack; it selects which invariants of the catalogue apply. */
public enum StackKind {
    /** a chain of segments linked by stack-info records; frames never move */
    SEGMENTED,
    /** one contiguous stack that is copied to grow and to shrink */
    COPYING,
    /** segments whose top one is copied when all its frames have pointer maps */
    HYBRID,
    /** one block fixed when the thread starts (a C thread's stack): no growth; it overflows when the live frames pass it */
    FIXED,
    /** anything else: only the general invariants (refinement, pointers, memory) apply */
    OTHER
}

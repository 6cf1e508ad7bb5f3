package dev.stackcheck.gen;

/**
 * What the generator may do next. Most moves are one statement; {@link #HOT_SPLIT}, {@link #DIVE} and
 * {@link #UNWIND} are {@code repeat} blocks aimed at the edges of growable stacks. The order is the
 * order of simplicity: a shrunk choice of move falls to the first one allowed.
 */
public enum Move {
    /** {@code set S V} on the top frame */
    SET,
    /** {@code get S} of a scalar slot */
    GET,
    /** {@code call L}, the layout biased to just fit or just miss the current segment or stack */
    CALL,
    /** {@code ret} of a frame other than frame 0 */
    RET,
    /** {@code addr S F.T}: a pointer to the same frame, the caller, frame 0 or any older frame */
    ADDR,
    /** {@code store S V} through a pointer */
    STORE,
    /** {@code load S} through a pointer */
    LOAD,
    /** {@code defer S V} through a pointer: a record outside the stack that growth must keep valid */
    DEFER,
    /** {@code gc}: a safe point where a copying stack may shrink */
    GC,
    /** {@code repeat N { call L ... ret }}: a call and return across a boundary in a loop */
    HOT_SPLIT,
    /** {@code repeat N { call L ... }}: a deep dive, sized to fill a segment, a stack or the limit */
    DIVE,
    /** {@code repeat N { ret }}, then often {@code gc}: deep returns */
    UNWIND
}

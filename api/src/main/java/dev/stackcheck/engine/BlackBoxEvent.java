package dev.stackcheck.engine;

/**
 * A structural event reported by a {@link BlackBoxEngine}. Sizes and addresses are in bytes; a field
 * the engine did not report is {@link #UNKNOWN}. For a copy, {@code old*} describe the stack before it
 * and {@code new*} after it, each as {@code [lo, sp, hi)} like Go's {@code copystack} line; {@code used}
 * is {@code hi - sp}, the bytes copied.
 *
 * @param kind    what happened
 * @param oldSize the stack's size before a copy or shrink; a split's segment size in {@code newSize}
 * @param newSize the size after it
 * @param used    bytes in use (copied)
 * @param oldLo   lowest address of the old stack
 * @param oldSp   stack pointer in the old stack
 * @param oldHi   end of the old stack
 * @param newLo   lowest address of the new stack
 * @param newSp   stack pointer in the new stack
 * @param newHi   end of the new stack
 * @param stack   which stack (a goroutine), "" when the engine has one
 * @param step    the statement during which it happened (0-based count of statements run before it), or
 *                {@link #UNKNOWN}
 * @param origin  where it was read, for messages: "stdout line 12", "stderr line 345", "line 7"
 */
public record BlackBoxEvent(Kind kind, long oldSize, long newSize, long used, long oldLo, long oldSp, long oldHi,
                            long newLo, long newSp, long newHi, String stack, long step, String origin) {

    /** A field the engine did not report. */
    public static final long UNKNOWN = -1;

    /** The kinds of event, with their names in the protocol. */
    public enum Kind {
        /** a growth copy: the stack moved to a bigger one */
        COPY("copy"),
        /** a shrinking copy: the stack moved to a smaller one */
        SHRINK("shrink"),
        /** morestack allocated (or reused) a segment */
        SPLIT("split"),
        /** a segment's first frame returned through lessstack */
        LESSSTACK("lessstack"),
        /** a stack or segment region was allocated */
        ALLOC("alloc"),
        /** a stack or segment region was freed */
        FREE("free");

        private final String protocolName;

        Kind(String protocolName) {
            this.protocolName = protocolName;
        }

        /** The name in the protocol's {@code "event"} field. */
        public String protocolName() {
            return protocolName;
        }

        /** The kind called {@code name} in the protocol, or null. */
        public static Kind byProtocolName(String name) {
            for (Kind k : values()) {
                if (k.protocolName.equals(name)) {
                    return k;
                }
            }
            return null;
        }
    }

    public BlackBoxEvent {
        stack = stack == null ? "" : stack;
        origin = origin == null ? "" : origin;
    }

    /** A copy (growth or shrink) with its sizes only. */
    public static BlackBoxEvent copy(Kind kind, long oldSize, long newSize, long used, String origin) {
        return new BlackBoxEvent(kind, oldSize, newSize, used, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN,
                "", UNKNOWN, origin);
    }

    /** True when {@code v} was reported. */
    public static boolean known(long v) {
        return v != UNKNOWN;
    }

    /** The used bytes: {@link #used} when reported, else {@code oldHi - oldSp} when both are, else UNKNOWN. */
    public long usedBytes() {
        if (known(used)) {
            return used;
        }
        return known(oldHi) && known(oldSp) ? oldHi - oldSp : UNKNOWN;
    }

    /** The same event marked as one of stack {@code s}. */
    public BlackBoxEvent withStack(String s) {
        return new BlackBoxEvent(kind, oldSize, newSize, used, oldLo, oldSp, oldHi, newLo, newSp, newHi, s, step,
                origin);
    }
}

package dev.stackcheck.program;

import java.util.List;

/**
 * One statement of a program. The meaning of each is given in specs/SPEC.md; the text form in
 * {@link Printer}. A {@link Repeat} holds its body once, however many times it runs.
 */
public sealed interface Op {

    /** {@code call NAME}: push a frame of the layout, every slot 0. */
    record Call(Layout layout) implements Op {}

    /** {@code ret}: run the top frame's deferred stores, last first, then pop it. */
    record Ret() implements Op {
        public static final Ret INSTANCE = new Ret();
    }

    /** {@code set S V}: top frame slot S := V. */
    record Set(int slot, long value) implements Op {}

    /** {@code get S}: observe top frame scalar slot S. */
    record Get(int slot) implements Op {}

    /** {@code addr S F.T}: top frame pointer slot S := address of slot T of frame F. */
    record Addr(int slot, int frame, int target) implements Op {}

    /** {@code store S V}: write V where the pointer in top frame slot S points. */
    record Store(int slot, long value) implements Op {}

    /** {@code load S}: observe the value where the pointer in top frame slot S points. */
    record Load(int slot) implements Op {}

    /** {@code defer S V}: record a store of V through the pointer now in slot S, run at the frame's ret. */
    record Defer(int slot, long value) implements Op {}

    /** {@code gc}: a garbage-collection safe point; an engine may shrink its stack here. */
    record Gc() implements Op {
        public static final Gc INSTANCE = new Gc();
    }

    /** {@code repeat N { ... }}: the body N times (N >= 1). */
    record Repeat(long count, List<Op> body) implements Op {
        public Repeat {
            body = List.copyOf(body);
        }
    }
}

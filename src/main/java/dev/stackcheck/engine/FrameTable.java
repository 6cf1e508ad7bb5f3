package dev.stackcheck.engine;

import dev.stackcheck.program.Layout;
import java.util.Arrays;
import java.util.Objects;

/**
 * The engine's frame table: the address and layout of each live frame, bottom first, in growable arrays
 * (no per-frame objects, no recursion), so a million frames cost two arrays.
 *
 * <p>Invariant: entries {@code [0, depth)} are the live frames; frame contents are never kept here, only
 * in the address space.
 */
final class FrameTable {
    private long[] sp = new long[64];
    private Layout[] layout = new Layout[64];
    private int depth;

    int depth() {
        return depth;
    }

    long sp(int frame) {
        Objects.checkIndex(frame, depth);
        return sp[frame];
    }

    Layout layout(int frame) {
        Objects.checkIndex(frame, depth);
        return layout[frame];
    }

    void setSp(int frame, long address) {
        Objects.checkIndex(frame, depth);
        sp[frame] = address;
    }

    /** Moves the recorded address of frames {@code [from, depth)} by {@code delta}. */
    void shift(int from, long delta) {
        for (int f = from; f < depth; f++) {
            sp[f] += delta;
        }
    }

    void push(long address, Layout l) {
        if (depth == sp.length) {
            int n = depth * 2;
            sp = Arrays.copyOf(sp, n);
            layout = Arrays.copyOf(layout, n);
        }
        sp[depth] = address;
        layout[depth] = l;
        depth++;
    }

    void pop() {
        if (depth == 0) {
            throw new IllegalStateException("no frame to pop");
        }
        depth--;
        layout[depth] = null;
    }
}

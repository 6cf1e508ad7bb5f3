package dev.stackcheck.engine;

import dev.stackcheck.program.Layout;
import java.util.Arrays;
import java.util.Objects;

/**
 * The engine's frame table: the address and layout of each live frame, bottom first, in growable arrays
 * (no per-frame objects, no recursion), so a million frames cost two arrays.
 *
 * <p>Invariant: entries {@code [0, depth)} are the live frames; frame contents are never kept here, only
 * in the address space. {@code nomapAtOrBelow[f]} is the youngest frame in {@code [0, f]} whose layout has
 * no pointer map, or -1: kept at each push, so the youngest such frame is found without a scan.
 */
final class FrameTable {
    private long[] sp;
    private Layout[] layout;
    private int[] nomapAtOrBelow;
    private int depth;

    FrameTable() {
        this(64);
    }

    private FrameTable(int capacity) {
        sp = new long[capacity];
        layout = new Layout[capacity];
        nomapAtOrBelow = new int[capacity];
    }

    /** An independent copy. */
    FrameTable copy() {
        FrameTable c = new FrameTable(Math.max(8, depth * 2));
        System.arraycopy(sp, 0, c.sp, 0, depth);
        System.arraycopy(layout, 0, c.layout, 0, depth);
        System.arraycopy(nomapAtOrBelow, 0, c.nomapAtOrBelow, 0, depth);
        c.depth = depth;
        return c;
    }

    /** Makes this table equal to {@code o}, reusing its arrays when they are big enough. */
    void copyFrom(FrameTable o) {
        if (sp.length < o.depth) {
            sp = new long[o.sp.length];
            layout = new Layout[o.sp.length];
            nomapAtOrBelow = new int[o.sp.length];
        }
        System.arraycopy(o.sp, 0, sp, 0, o.depth);
        System.arraycopy(o.layout, 0, layout, 0, o.depth);
        System.arraycopy(o.nomapAtOrBelow, 0, nomapAtOrBelow, 0, o.depth);
        for (int f = o.depth; f < depth; f++) {
            layout[f] = null;
        }
        depth = o.depth;
    }

    int depth() {
        return depth;
    }

    /** The youngest live frame at or below {@code frame} without a pointer map, or -1. */
    int youngestNomapAtOrBelow(int frame) {
        Objects.checkIndex(frame, depth);
        return nomapAtOrBelow[frame];
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
            nomapAtOrBelow = Arrays.copyOf(nomapAtOrBelow, n);
        }
        sp[depth] = address;
        layout[depth] = l;
        nomapAtOrBelow[depth] = l.nomap() ? depth : depth > 0 ? nomapAtOrBelow[depth - 1] : -1;
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

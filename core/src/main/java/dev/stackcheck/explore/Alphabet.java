package dev.stackcheck.explore;

import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements the explorer may take: every statement built from a few frame layouts and a few
 * values, numbered so that a path is an array of small integers.
 *
 * <p>Invariant: {@link #legal} lists, in a fixed order, exactly the statements of the alphabet that the
 * specification allows in the given state ({@code spec.whyIllegal(op) == null}), each by its number; the
 * number of a statement never changes, and {@link #op(int)} gives it back. Addresses of frames go up to
 * {@code maxFrames - 1}, so the alphabet covers every program of at most {@code maxFrames} statements.
 */
public final class Alphabet {

    private final List<Layout> layouts;
    /** the same layouts in an array, for {@link #layoutIndex} (called for every frame of every fingerprint) */
    private final Layout[] layoutArray;
    private final long[] values;
    private final int maxFrames;
    private final int maxWords;
    private final Op[] ops;
    private final int[] call;
    private final int ret;
    private final int gc;
    private final int[] set;
    private final int[] get;
    private final int[] addr;
    private final int[] store;
    private final int[] load;
    private final int[] defer;

    /**
     * @param layouts   the frame layouts (distinct names)
     * @param values    the values of set, store and defer (small: |v| < 2^40)
     * @param maxFrames the most frames a state can have (the depth bound is enough)
     */
    public Alphabet(List<Layout> layouts, long[] values, int maxFrames) {
        if (layouts.isEmpty() || values.length == 0 || maxFrames < 1) {
            throw new IllegalArgumentException("an alphabet needs a layout, a value and a frame");
        }
        this.layouts = List.copyOf(layouts);
        this.layoutArray = this.layouts.toArray(new Layout[0]);
        this.values = values.clone();
        for (long v : values) {
            if (Math.abs(v) >= 1L << 40) {
                throw new IllegalArgumentException("alphabet values must be small (|v| < 2^40): " + v);
            }
        }
        this.maxFrames = maxFrames;
        int w = 0;
        for (Layout l : layouts) {
            w = Math.max(w, l.words());
        }
        this.maxWords = w;
        int nv = values.length;
        List<Op> all = new ArrayList<>();
        call = new int[layouts.size()];
        for (int i = 0; i < call.length; i++) {
            call[i] = add(all, new Op.Call(layouts.get(i)));
        }
        ret = add(all, Op.Ret.INSTANCE);
        gc = add(all, Op.Gc.INSTANCE);
        set = new int[w * nv];
        get = new int[w];
        store = new int[w * nv];
        load = new int[w];
        defer = new int[w * nv];
        addr = new int[w * maxFrames * w];
        for (int s = 0; s < w; s++) {
            for (int v = 0; v < nv; v++) {
                set[s * nv + v] = add(all, new Op.Set(s, values[v]));
            }
            get[s] = add(all, new Op.Get(s));
            for (int f = 0; f < maxFrames; f++) {
                for (int t = 0; t < w; t++) {
                    addr[(s * maxFrames + f) * w + t] = add(all, new Op.Addr(s, f, t));
                }
            }
            for (int v = 0; v < nv; v++) {
                store[s * nv + v] = add(all, new Op.Store(s, values[v]));
            }
            load[s] = add(all, new Op.Load(s));
            for (int v = 0; v < nv; v++) {
                defer[s * nv + v] = add(all, new Op.Defer(s, values[v]));
            }
        }
        if (all.size() > Short.MAX_VALUE) {
            throw new IllegalArgumentException("alphabet too large: " + all.size() + " statements");
        }
        ops = all.toArray(new Op[0]);
    }

    private static int add(List<Op> all, Op op) {
        all.add(op);
        return all.size() - 1;
    }

    public List<Layout> layouts() {
        return layouts;
    }

    public long[] values() {
        return values.clone();
    }

    public int maxFrames() {
        return maxFrames;
    }

    /** Number of statements in the alphabet. */
    public int size() {
        return ops.length;
    }

    /** Statement number {@code id}. */
    public Op op(int id) {
        return ops[id];
    }

    /** The index of {@code layout} among {@link #layouts()} (by identity, then by equality), or -1. */
    public int layoutIndex(Layout layout) {
        Layout[] a = layoutArray;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == layout) {
                return i;
            }
        }
        return layouts.indexOf(layout);
    }

    /** Most statements {@link #legal} can return: the size of the buffer to pass it. */
    public int maxLegal() {
        return ops.length;
    }

    /**
     * The alphabet's statements the specification allows in {@code spec}'s state, in a fixed order: first
     * those that leave the specification's state as it is (get, load, gc, and a set, addr or store that
     * writes what the slot already holds), then the others (calls, ret, then per slot of the top frame
     * set, addr, store, defer). The explorer runs the first group on one copy of the state.
     *
     * @param out receives the statement numbers (at least {@link #maxLegal()} long)
     * @return how many
     */
    public int legal(Spec spec, int[] out) {
        if (spec.ended()) {
            return 0;
        }
        int depth = spec.depth();
        if (depth == 0) {
            int n = 0;
            for (int c : call) {
                out[n++] = c;
            }
            return n;
        }
        if (depth > maxFrames) {
            throw new IllegalStateException("state has " + depth + " frames, the alphabet covers " + maxFrames);
        }
        int n = 0;
        out[n++] = gc;
        n = slots(spec, out, n, true);
        for (int c : call) {
            out[n++] = c;
        }
        out[n++] = ret;
        return slots(spec, out, n, false);
    }

    /** The top frame's slot statements that keep the state ({@code keeping}) or change it. */
    private int slots(Spec spec, int[] out, int n, boolean keeping) {
        int top = spec.depth() - 1;
        Layout l = spec.layout(top);
        int nv = values.length;
        for (int s = 0; s < l.words(); s++) {
            boolean pointerSlot = l.isPointerSlot(s);
            boolean holds = spec.holdsRef(top, s);
            for (int v = 0; v < nv; v++) {
                if ((!pointerSlot || values[v] == 0)
                        && keeping == (!holds && spec.scalar(top, s) == values[v])) {
                    out[n++] = set[s * nv + v];
                }
            }
            if (keeping && !pointerSlot && !holds) {
                out[n++] = get[s];
            }
            if (l.nomap() || pointerSlot) {
                for (int f = 0; f <= top; f++) {
                    Layout t = spec.layout(f);
                    for (int ts = 0; ts < t.words(); ts++) {
                        if (t.isPointerSlot(ts) || spec.holdsRef(f, ts) || (f == top && ts == s)) {
                            continue;
                        }
                        boolean same = holds && spec.refFrame(top, s) == f && spec.refSlot(top, s) == ts;
                        if (keeping == same) {
                            out[n++] = addr[(s * maxFrames + f) * maxWords + ts];
                        }
                    }
                }
            }
            if (holds) {
                int tf = spec.refFrame(top, s);
                int ts = spec.refSlot(top, s);
                if (!spec.holdsRef(tf, ts)) {
                    for (int v = 0; v < nv; v++) {
                        if (keeping == (spec.scalar(tf, ts) == values[v])) {
                            out[n++] = store[s * nv + v];
                        }
                    }
                    if (keeping) {
                        out[n++] = load[s];
                    }
                }
                if (!keeping) {
                    for (int v = 0; v < nv; v++) {
                        out[n++] = defer[s * nv + v];
                    }
                }
            }
        }
        return n;
    }
}

package dev.stackcheck.engine;

import java.util.Arrays;

/**
 * Mutable counts indexed by {@link Counter}. {@link #count} is the one place that says what each event
 * counts as; an engine's statistics and the checker's own tally both go through it.
 */
public final class Counters {

    private static final Counter[] ALL = Counter.values();

    private final long[] n = new long[ALL.length];

    /** Counts one event. A Copy adds its {@code used} bytes to {@link Counter#BYTES_COPIED}. */
    public void count(EngineEvent e) {
        if (e instanceof EngineEvent.Copy c) {
            countCopy(c, c.used());
        } else if (e instanceof EngineEvent.Split s) {
            n[Counter.SPLIT.ordinal()]++;
            if (s.reused()) {
                n[Counter.CACHE_HIT.ordinal()]++;
            }
            if (s.bigFrame()) {
                n[Counter.BIG_FRAME.ordinal()]++;
            }
        } else if (e instanceof EngineEvent.Lessstack) {
            n[Counter.LESSSTACK.ordinal()]++;
        } else if (e instanceof EngineEvent.Alloc) {
            n[Counter.ALLOC.ordinal()]++;
        } else if (e instanceof EngineEvent.Free) {
            n[Counter.FREE.ordinal()]++;
        } else if (e instanceof EngineEvent.HybridFallback) {
            n[Counter.HYBRID_FALLBACK.ordinal()]++;
        } else {
            n[Counter.OVERFLOW.ordinal()]++; // EngineEvent is sealed: Overflow is the only kind left
        }
    }

    /** Counts a Copy event whose moved bytes are counted as {@code bytes}. */
    public void countCopy(EngineEvent.Copy c, long bytes) {
        n[(c.grow() ? Counter.GROW : Counter.SHRINK).ordinal()]++;
        n[Counter.BYTES_COPIED.ordinal()] += bytes;
        n[Counter.POINTERS_ADJUSTED.ordinal()] += c.adjusted();
    }

    /** Adds {@code k} to one count (for counts that do not come from a single event). */
    public void add(Counter c, long k) {
        n[c.ordinal()] += k;
    }

    public long get(Counter c) {
        return n[c.ordinal()];
    }

    /** Makes these counts equal to {@code o}'s. */
    public void copyFrom(Counters o) {
        System.arraycopy(o.n, 0, n, 0, n.length);
    }

    /** A copy of these counts. */
    public Counters copy() {
        Counters c = new Counters();
        c.copyFrom(this);
        return c;
    }

    /** The counts as an array indexed by {@link Counter#ordinal()} (a copy). */
    public long[] toArray() {
        return n.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Counters c && Arrays.equals(n, c.n);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(n);
    }
}

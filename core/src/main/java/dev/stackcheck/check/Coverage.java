package dev.stackcheck.check;

import dev.stackcheck.engine.Counter;
import dev.stackcheck.engine.Counters;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * What one engine did while it ran a program, counted from its events: how much of the interesting
 * machinery a run exercised. An immutable snapshot of {@link Counters}, one count per {@link Counter}.
 */
public final class Coverage {

    public static final Coverage ZERO = new Coverage(new long[Counter.values().length]);

    private final long[] n;

    private Coverage(long[] n) {
        this.n = n;
    }

    /** A snapshot of {@code counts}. */
    public static Coverage of(Counters counts) {
        return new Coverage(counts.toArray());
    }

    public long get(Counter c) {
        return n[c.ordinal()];
    }

    // named readers of the counts the tests and the reports look at most

    public long split() {
        return get(Counter.SPLIT);
    }

    public long lessstack() {
        return get(Counter.LESSSTACK);
    }

    public long cacheHit() {
        return get(Counter.CACHE_HIT);
    }

    public long grow() {
        return get(Counter.GROW);
    }

    public long shrink() {
        return get(Counter.SHRINK);
    }

    public long hybridFallback() {
        return get(Counter.HYBRID_FALLBACK);
    }

    public long deferAdjusted() {
        return get(Counter.DEFER_ADJUSTED);
    }

    public long bigFrame() {
        return get(Counter.BIG_FRAME);
    }

    public long overflow() {
        return get(Counter.OVERFLOW);
    }

    public long alloc() {
        return get(Counter.ALLOC);
    }

    public long free() {
        return get(Counter.FREE);
    }

    /** The sum of two coverages (for totals over engines or runs). */
    public Coverage plus(Coverage o) {
        long[] s = new long[n.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = n[i] + o.n[i];
        }
        return new Coverage(s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Coverage c && Arrays.equals(n, c.n);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(n);
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(", ", "Coverage[", "]");
        for (Counter c : Counter.values()) {
            j.add(c.key() + "=" + n[c.ordinal()]);
        }
        return j.toString();
    }
}

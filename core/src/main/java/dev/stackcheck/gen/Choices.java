package dev.stackcheck.gen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The source of every decision a generator makes: a sequence of bounded integers, drawn at random from a
 * seed or replayed from a recorded sequence, and recorded as they are consumed.
 *
 * <p>Invariants: a draw with bound {@code n} returns a value in {@code [0, n)} and records exactly that
 * value; 0 is the simplest answer to every draw (the smallest number, false, the first option); a replay
 * that runs out of values, or meets a value too large for its draw, answers with the simplest (or the
 * largest allowed) value, so any edited sequence still yields a valid case. Random draws flow only from
 * the {@link SplittableRandom} made from the seed.
 */
public final class Choices {

    private final SplittableRandom random;
    private final long[] prefix;
    private long[] recorded = new long[64];
    private int length;
    private boolean overran;
    private final List<int[]> spans = new ArrayList<>();
    private int[] open = new int[8];
    private int openCount;

    private Choices(SplittableRandom random, long[] prefix) {
        this.random = random;
        this.prefix = prefix;
    }

    /** Draws at random from the seed. */
    public static Choices random(long seed) {
        return new Choices(new SplittableRandom(seed), null);
    }

    /** Replays {@code values}; past their end every draw answers 0. */
    public static Choices replay(long[] values) {
        return new Choices(null, values.clone());
    }

    /** True when this is a replay that ran past the end of its values. */
    public boolean overran() {
        return overran;
    }

    /** Number of choices drawn so far. */
    public int drawn() {
        return length;
    }

    /** A value in {@code [0, bound)}; {@code bound >= 1}. */
    public long draw(long bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound must be at least 1: " + bound);
        }
        long v;
        if (random != null) {
            v = bound == 1 ? 0 : random.nextLong(bound);
        } else if (length < prefix.length) {
            v = Long.compareUnsigned(prefix[length], bound) < 0 ? prefix[length] : bound - 1;
        } else {
            overran = true;
            v = 0;
        }
        record(v);
        return v;
    }

    /** A value in {@code [0, bound)}; {@code bound >= 1}. */
    public int draw(int bound) {
        return (int) draw((long) bound);
    }

    /** A value in {@code [lo, hi]}, simplest {@code lo}. */
    public long between(long lo, long hi) {
        if (hi < lo) {
            throw new IllegalArgumentException("empty range " + lo + ".." + hi);
        }
        return lo + draw(hi - lo + 1);
    }

    /** True with probability {@code p} when drawing at random; false is the simpler answer. */
    public boolean bool(double p) {
        long v;
        if (random != null) {
            v = random.nextDouble() < p ? 1 : 0;
        } else if (length < prefix.length) {
            v = prefix[length] != 0 ? 1 : 0;
        } else {
            overran = true;
            v = 0;
        }
        record(v);
        return v != 0;
    }

    /**
     * An index into {@code weights}, each drawn in proportion to its weight; an index of weight 0 is never
     * answered. A replayed index that is out of range or of weight 0 answers the first index of positive
     * weight (the simplest allowed option).
     */
    public int weighted(int[] weights) {
        long total = 0;
        int first = -1;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < 0) {
                throw new IllegalArgumentException("negative weight");
            }
            if (weights[i] > 0 && first < 0) {
                first = i;
            }
            total += weights[i];
        }
        if (first < 0) {
            throw new IllegalArgumentException("no option has positive weight: " + Arrays.toString(weights));
        }
        int v;
        if (random != null) {
            long r = random.nextLong(total);
            v = 0;
            while (r >= weights[v]) {
                r -= weights[v];
                v++;
            }
        } else if (length < prefix.length) {
            long p = prefix[length]; // unsigned, as every recorded value
            v = Long.compareUnsigned(p, weights.length) < 0 && weights[(int) p] > 0 ? (int) p : first;
        } else {
            overran = true;
            v = first;
        }
        record(v);
        return v;
    }

    /** Opens a span of choices labelled {@code label}; spans nest and must be closed in order. */
    public void startSpan(int label) {
        if (openCount == open.length) {
            open = Arrays.copyOf(open, openCount * 2);
        }
        open[openCount++] = spans.size();
        spans.add(new int[] {length, -1, label, openCount - 1});
    }

    /** Closes the innermost open span. */
    public void endSpan() {
        if (openCount == 0) {
            throw new IllegalStateException("no open span");
        }
        spans.get(open[--openCount])[1] = length;
    }

    /** What was consumed so far, trailing zeros dropped; spans still open end at the last choice. */
    public ChoiceSequence recorded() {
        int n = length;
        while (n > 0 && recorded[n - 1] == 0) {
            n--;
        }
        List<ChoiceSequence.Span> out = new ArrayList<>(spans.size());
        for (int[] s : spans) {
            int start = Math.min(s[0], n);
            int end = Math.min(s[1] < 0 ? length : s[1], n);
            if (end > start) {
                out.add(new ChoiceSequence.Span(start, end, s[2], s[3]));
            }
        }
        return new ChoiceSequence(Arrays.copyOf(recorded, n), out);
    }

    private void record(long v) {
        if (length == recorded.length) {
            recorded = Arrays.copyOf(recorded, length * 2);
        }
        recorded[length++] = v;
    }
}

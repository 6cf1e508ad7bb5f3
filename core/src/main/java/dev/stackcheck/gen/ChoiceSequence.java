package dev.stackcheck.gen;

import java.util.Arrays;
import java.util.List;

/**
 * The choices one generation consumed, in order, with the spans that group them. Replaying the values
 * ({@link Choices#replay}) with the same generator and configuration rebuilds the same program.
 *
 * <p>Trailing zeros are never stored: a replay that runs out of values draws 0, the simplest choice, so
 * a sequence and the same sequence with zeros appended replay alike.
 *
 * @param values the choices, each in {@code [0, bound)} of the draw that consumed it
 * @param spans  the spans, ordered by start (an enclosing span before the spans it holds)
 */
public record ChoiceSequence(long[] values, List<Span> spans) {

    /** A labelled run of choices {@code [start, end)}, such as one statement or one layout. */
    public record Span(int start, int end, int label, int nesting) {
        public int length() {
            return end - start;
        }
    }

    public ChoiceSequence {
        values = values.clone();
        spans = List.copyOf(spans);
    }

    @Override
    public long[] values() {
        return values.clone();
    }

    public int length() {
        return values.length;
    }

    public long value(int i) {
        return values[i];
    }

    /**
     * Shortlex order: a shorter sequence is simpler; of two of the same length, the one with the smaller
     * value at the first difference. The shrinker only ever moves to a simpler sequence.
     */
    public static int compare(long[] a, long[] b) {
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        return Arrays.compareUnsigned(a, b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChoiceSequence c && Arrays.equals(c.values, values) && c.spans.equals(spans);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) * 31 + spans.hashCode();
    }

    @Override
    public String toString() {
        return Arrays.toString(values);
    }
}

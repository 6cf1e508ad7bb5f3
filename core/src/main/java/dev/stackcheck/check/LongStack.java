package dev.stackcheck.check;

import java.util.Arrays;

/** A growable array of longs (observations, shadow addresses), without boxing. */
final class LongStack {
    private long[] a;
    private int n;

    LongStack(int capacity) {
        a = new long[Math.max(capacity, 4)];
    }

    /** Makes this stack equal to {@code o}, reusing its array when it is big enough. */
    void copyFrom(LongStack o) {
        if (a.length < o.n) {
            a = new long[o.a.length];
        }
        System.arraycopy(o.a, 0, a, 0, o.n);
        n = o.n;
    }

    void push(long v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
        }
        a[n++] = v;
    }

    long pop() {
        return a[--n];
    }

    long get(int i) {
        return a[i];
    }

    void set(int i, long v) {
        a[i] = v;
    }

    long last() {
        return a[n - 1];
    }

    int size() {
        return n;
    }

    void truncate(int size) {
        n = size;
    }

    long[] toArray() {
        return Arrays.copyOf(a, n);
    }
}

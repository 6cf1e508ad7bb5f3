package dev.stackcheck.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * Defer records, kept off the stack like Go's {@code _defer} structs: owner frame, the pointer the
 * deferred store goes through, and the value. Growable parallel arrays, newest last.
 *
 * <p>Invariant: records are in creation order, so the top frame's records are the newest ones; a
 * record's pointer is an absolute address that a moving engine must adjust with the stack.
 */
final class DeferTable {
    private int[] owner;
    private long[] pointer;
    private long[] value;
    private int count;

    DeferTable() {
        this(16);
    }

    private DeferTable(int capacity) {
        owner = new int[capacity];
        pointer = new long[capacity];
        value = new long[capacity];
    }

    /** An independent copy. */
    DeferTable copy() {
        DeferTable c = new DeferTable(Math.max(4, count * 2));
        System.arraycopy(owner, 0, c.owner, 0, count);
        System.arraycopy(pointer, 0, c.pointer, 0, count);
        System.arraycopy(value, 0, c.value, 0, count);
        c.count = count;
        return c;
    }

    /** Makes this table equal to {@code o}, reusing its arrays when they are big enough. */
    void copyFrom(DeferTable o) {
        if (owner.length < o.count) {
            owner = new int[o.owner.length];
            pointer = new long[o.owner.length];
            value = new long[o.owner.length];
        }
        System.arraycopy(o.owner, 0, owner, 0, o.count);
        System.arraycopy(o.pointer, 0, pointer, 0, o.count);
        System.arraycopy(o.value, 0, value, 0, o.count);
        count = o.count;
    }

    int count() {
        return count;
    }

    int owner(int i) {
        Objects.checkIndex(i, count);
        return owner[i];
    }

    long pointer(int i) {
        Objects.checkIndex(i, count);
        return pointer[i];
    }

    long value(int i) {
        Objects.checkIndex(i, count);
        return value[i];
    }

    void add(int frame, long ptr, long v) {
        if (count == owner.length) {
            int n = count * 2;
            owner = Arrays.copyOf(owner, n);
            pointer = Arrays.copyOf(pointer, n);
            value = Arrays.copyOf(value, n);
        }
        owner[count] = frame;
        pointer[count] = ptr;
        value[count] = v;
        count++;
    }

    void removeLast() {
        if (count == 0) {
            throw new IllegalStateException("no defer record to remove");
        }
        count--;
    }

    /** Adds {@code delta} to every pointer in {@code [lo, hi)}; returns how many were adjusted. */
    long adjust(long lo, long hi, long delta) {
        long n = 0;
        for (int i = 0; i < count; i++) {
            long p = pointer[i];
            if (p >= lo && p < hi) {
                pointer[i] = p + delta;
                n++;
            }
        }
        return n;
    }
}

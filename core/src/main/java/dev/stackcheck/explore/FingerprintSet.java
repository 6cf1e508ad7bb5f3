package dev.stackcheck.explore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The fingerprints of every state seen: 64-bit values in open-addressing hash tables of primitive longs
 * (linear probing, no boxed objects), split into {@link #SHARDS} shards by the fingerprint's top bits.
 *
 * <p>Invariant: each shard's table holds its fingerprints at or after their home slot (the low 32 bits of
 * the fingerprint scaled to the table's length, so a table may have any length) with no empty slot in
 * between, wrapping at the end, and is at most {@link #MAX_LOAD} full; when an add would pass that, the
 * shard is rebuilt {@link #GROWN_LOAD} full. So a stored fingerprint costs between 8 / 0.8 = 10 and
 * 8 / 0.6 = 13.3 bytes, whatever the number of states. {@link #reserve} rebuilds a shard ahead of time, to
 * be {@link #MAX_LOAD} full once a tenth more than the fingerprints expected have come (about 73% full
 * when just those come): one rebuild per level of the search instead of one each time a shard gains a
 * third more (when fewer come, the shard is emptier). 0 marks an empty slot, so 0 is never stored (the
 * {@link Fingerprinter} never returns it). Once {@link #cap capped} (the explorer spilling to disk), the
 * tables keep their lengths: {@link #fullFor} says when an add would pass a shard's load, and the caller
 * empties the set ({@link #takeSorted}) before adding more.
 *
 * <p>Threads: one thread at a time {@link #add adds}; any number may call {@link #contains} meanwhile. A
 * slot is written and read atomically (opaque access) and a grown table is published whole, so a
 * concurrent {@code contains} never sees a fingerprint that was not added: it may only miss one being
 * added, which the explorer treats as "maybe new" and settles by {@code add}.
 */
final class FingerprintSet {

    static final int SHARD_BITS = 6;
    static final int SHARDS = 1 << SHARD_BITS;
    static final double MAX_LOAD = 0.8;
    static final double GROWN_LOAD = 0.6;
    private static final int INITIAL = 1024;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final AtomicReferenceArray<long[]> tables = new AtomicReferenceArray<>(SHARDS);
    private final int[] sizes = new int[SHARDS];
    /** set by {@link #cap}: the tables no longer grow; {@link #fullFor} says when a shard is full */
    private boolean capped;

    FingerprintSet() {
        for (int s = 0; s < SHARDS; s++) {
            tables.set(s, new long[INITIAL]);
        }
    }

    /** The shard of a fingerprint: its top bits. */
    static int shard(long fp) {
        return (int) (fp >>> (64 - SHARD_BITS));
    }

    /** The home slot of {@code fp} in a table of {@code length} slots. */
    private static int home(long fp, int length) {
        return (int) (((fp & 0xFFFFFFFFL) * length) >>> 32);
    }

    boolean contains(long fp) {
        if (fp == 0) {
            return false;
        }
        long[] t = tables.get(shard(fp));
        int n = t.length;
        int i = home(fp, n);
        while (true) {
            long k = (long) SLOT.getOpaque(t, i);
            if (k == fp) {
                return true;
            }
            if (k == 0) {
                return false;
            }
            if (++i == n) {
                i = 0;
            }
        }
    }

    /** Adds a fingerprint; true when it was not there. One thread at a time. */
    boolean add(long fp) {
        if (fp == 0) {
            throw new IllegalArgumentException("0 is not a fingerprint");
        }
        int s = shard(fp);
        long[] t = tables.get(s);
        if (sizes[s] + 1 > (long) (t.length * MAX_LOAD)) {
            if (capped) {
                throw new IllegalStateException("shard full: the caller must empty a capped set first");
            }
            t = grow(s, sizes[s] + 1);
        }
        int n = t.length;
        int i = home(fp, n);
        while (true) {
            long k = t[i];
            if (k == fp) {
                return false;
            }
            if (k == 0) {
                SLOT.setOpaque(t, i, fp);
                sizes[s]++;
                return true;
            }
            if (++i == n) {
                i = 0;
            }
        }
    }

    /**
     * Makes room for {@code expected} more fingerprints spread over the shards (as fingerprints are), so
     * that adding them rebuilds no shard again: each shard is rebuilt once, to be {@link #MAX_LOAD} full
     * when they have come. The caller is the one thread that adds ({@link #contains} may run meanwhile);
     * an estimate above what comes leaves the tables emptier, so it should not be generous.
     */
    void reserve(long expected) {
        if (expected <= 0) {
            return;
        }
        // a tenth more than expected: an estimate a little short would otherwise rebuild nearly every shard
        // at the end of the level, to be only 60% full; and a shard's share varies by about its square root
        long perShard = (long) (1.1 * expected / SHARDS) + 3 * (long) Math.sqrt((double) expected / SHARDS) + 1;
        for (int s = 0; s < SHARDS; s++) {
            long length = (long) Math.ceil((sizes[s] + perShard) / MAX_LOAD) + 1;
            if (length > tables.get(s).length && length <= Integer.MAX_VALUE - 8) {
                rebuild(s, (int) length);
            }
        }
    }

    /**
     * Fixes the tables' lengths so that together they hold about {@code capacity} fingerprints (each shard
     * its share, {@link #MAX_LOAD} full): from now on an add that would grow a shard must wait until the
     * caller has emptied the set ({@link #fullFor}, {@link #takeSorted}). Called on an empty set.
     */
    void cap(long capacity) {
        if (size() != 0) {
            throw new IllegalStateException("cap an empty set");
        }
        long length = Math.max(16, (long) Math.ceil((double) capacity / SHARDS / MAX_LOAD) + 1);
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("capacity too large: " + capacity);
        }
        for (int s = 0; s < SHARDS; s++) {
            if (tables.get(s).length != length) {
                tables.set(s, new long[(int) length]);
            }
        }
        capped = true;
    }

    /** True when the set is {@link #cap capped} and adding {@code fp} would pass its shard's load. */
    boolean fullFor(long fp) {
        int s = shard(fp);
        return capped && sizes[s] + 1 > (long) (tables.get(s).length * MAX_LOAD);
    }

    /**
     * Takes shard {@code s}'s fingerprints out of the set, in increasing order (signed and unsigned order
     * agree within a shard: its fingerprints share their top bit). The one thread that adds calls it; a
     * concurrent {@link #contains} may miss a fingerprint being taken, never find one that was not added.
     */
    long[] takeSorted(int s) {
        long[] t = tables.get(s);
        long[] out = new long[sizes[s]];
        int n = 0;
        for (int i = 0; i < t.length; i++) {
            long k = t[i];
            if (k != 0) {
                out[n++] = k;
                SLOT.setOpaque(t, i, 0L);
            }
        }
        sizes[s] = 0;
        Arrays.sort(out);
        return out;
    }

    private long[] grow(int s, int need) {
        long length = (long) Math.ceil(need / GROWN_LOAD) + 1;
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("fingerprint shard full");
        }
        return rebuild(s, (int) length);
    }

    /** Shard {@code s}'s fingerprints in a new table of {@code length} slots. */
    private long[] rebuild(int s, int length) {
        long[] old = tables.get(s);
        long[] t = new long[length];
        int n = t.length;
        for (long k : old) {
            if (k != 0) {
                int i = home(k, n);
                while (t[i] != 0) {
                    if (++i == n) {
                        i = 0;
                    }
                }
                t[i] = k;
            }
        }
        tables.set(s, t); // published whole: a reader sees the old table or the full new one
        return t;
    }

    /** Fingerprints stored. */
    long size() {
        long n = 0;
        for (int s : sizes) {
            n += s;
        }
        return n;
    }

    /** Bytes of the tables. */
    long bytes() {
        long n = 0;
        for (int s = 0; s < SHARDS; s++) {
            n += 16 + 8L * tables.get(s).length;
        }
        return n;
    }
}

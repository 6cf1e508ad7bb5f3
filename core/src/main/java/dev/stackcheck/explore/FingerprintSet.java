package dev.stackcheck.explore;

/**
 * The fingerprints of every state seen: 64-bit values in open-addressing hash tables of primitive longs
 * (linear probing, no boxed objects), split into {@link #SHARDS} shards by the fingerprint's top bits so
 * that several threads can insert at once, each into shards of its own.
 *
 * <p>Invariant: each shard's table is a power of two long, holds its fingerprints at or after their home
 * slot with no empty slot in between, and is at most {@link #MAX_LOAD} full; 0 marks an empty slot, so 0
 * is never stored (the {@link Fingerprinter} never returns it).
 *
 * <p>Threads: {@link #contains} may run in many threads while nothing is added; {@link #add} to one shard
 * must come from one thread at a time. The explorer alternates the two phases, with a barrier between.
 */
final class FingerprintSet {

    static final int SHARD_BITS = 6;
    static final int SHARDS = 1 << SHARD_BITS;
    static final double MAX_LOAD = 0.7;

    private final long[][] tables = new long[SHARDS][];
    private final int[] sizes = new int[SHARDS];

    FingerprintSet() {
        for (int s = 0; s < SHARDS; s++) {
            tables[s] = new long[1024];
        }
    }

    /** The shard of a fingerprint: its top bits. */
    static int shard(long fp) {
        return (int) (fp >>> (64 - SHARD_BITS));
    }

    boolean contains(long fp) {
        if (fp == 0) {
            return false;
        }
        long[] t = tables[shard(fp)];
        int mask = t.length - 1;
        int i = (int) fp & mask;
        while (true) {
            long k = t[i];
            if (k == fp) {
                return true;
            }
            if (k == 0) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    /** Adds a fingerprint; true when it was not there. */
    boolean add(long fp) {
        if (fp == 0) {
            throw new IllegalArgumentException("0 is not a fingerprint");
        }
        int s = shard(fp);
        long[] t = tables[s];
        if (sizes[s] + 1 > (long) (t.length * MAX_LOAD)) {
            t = grow(s);
        }
        int mask = t.length - 1;
        int i = (int) fp & mask;
        while (true) {
            long k = t[i];
            if (k == fp) {
                return false;
            }
            if (k == 0) {
                t[i] = fp;
                sizes[s]++;
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    private long[] grow(int s) {
        long[] old = tables[s];
        if (old.length >= 1 << 30) {
            throw new IllegalStateException("fingerprint shard full");
        }
        long[] t = new long[old.length * 2];
        int mask = t.length - 1;
        for (long k : old) {
            if (k != 0) {
                int i = (int) k & mask;
                while (t[i] != 0) {
                    i = (i + 1) & mask;
                }
                t[i] = k;
            }
        }
        tables[s] = t;
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
        for (long[] t : tables) {
            n += 16 + 8L * t.length;
        }
        return n;
    }
}

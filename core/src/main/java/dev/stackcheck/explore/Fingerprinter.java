package dev.stackcheck.explore;

import dev.stackcheck.check.LockStep;
import dev.stackcheck.engine.Forkable;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.memory.Region;
import dev.stackcheck.spec.Spec;
import java.util.List;

/**
 * The canonical fingerprint of a combined state: the specification's frames, references and defer
 * records, and for each lane its status and, while it runs, its engine's whole state: every word of
 * every live region, every frame's address, the segment chain, the cached segment and the defer records.
 *
 * <p>Canonical addresses: a value inside a live region is replaced by (the region's rank among the live
 * regions in address order, offset in it), so two states that differ only in where their regions were
 * allocated get one fingerprint; other values (scalars, code addresses, dangling pointers) stay as they
 * are. An engine's {@link Forkable#hiddenState hidden state} (what it keeps outside memory and view) is
 * mixed in after its view, canonical where it is an address. Statistics and the checker's counters are
 * left out: they record the path, not the state (STAT-1 compares them after every statement, so two
 * states that pass it and differ only there get the same verdicts on every continuation).
 *
 * <p>The words are put in order into a stream and folded into 64 bits by xxHash64 over 8-byte words (four
 * independent accumulators over 32-byte stripes, then the tail and the final avalanche), so the
 * multiplications of consecutive words overlap in the processor. Treating the result as
 * uniformly random, n distinct states collide with probability about n^2 / 2^65: 3e-6 for 10^7 states,
 * 3e-4 for 10^8. A collision can only make the search skip a state, never report a false violation.
 *
 * <p>One instance per thread (it keeps scratch arrays).
 */
final class Fingerprinter {

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;
    /** marks a canonical address: top byte 0xA5, then rank (bits 32..55) and offset (bits 0..31) */
    private static final long ADDRESS = 0xA5L << 56;
    private static final long REF = 0x5AL << 56;

    private final Alphabet alphabet;
    private long[] lo = new long[8];
    private long[] hi = new long[8];
    private int live;
    /** the words of the state being fingerprinted, in order; {@link #n} of them */
    private long[] stream = new long[256];
    private int n;

    Fingerprinter(Alphabet alphabet) {
        this.alphabet = alphabet;
    }

    private void mix(long v) {
        if (n == stream.length) {
            stream = java.util.Arrays.copyOf(stream, n * 2);
        }
        stream[n++] = v;
    }

    private static long round(long acc, long v) {
        return Long.rotateLeft(acc + v * P2, 31) * P1;
    }

    private static long merge(long h, long v) {
        return (h ^ round(0, v)) * P1 + P4;
    }

    /**
     * xxHash64 (seed 0) of the first {@code n} words of {@code w}, each taken as 8 bytes in little-endian
     * order: the reference XXH64 of those bytes.
     */
    static long xxh64(long[] w, int n) {
        int i = 0;
        long h;
        if (n >= 4) {
            long v1 = P1 + P2;
            long v2 = P2;
            long v3 = 0;
            long v4 = -P1;
            for (; i + 3 < n; i += 4) {
                v1 = round(v1, w[i]);
                v2 = round(v2, w[i + 1]);
                v3 = round(v3, w[i + 2]);
                v4 = round(v4, w[i + 3]);
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = P5;
        }
        h += 8L * n;
        for (; i < n; i++) {
            h ^= round(0, w[i]);
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    /** The fingerprint of the state, never 0. */
    long of(LockStep s) {
        n = 0;
        Spec spec = s.spec();
        int depth = spec.depth();
        mix(spec.ended() ? -1 : depth);
        for (int f = 0; f < depth; f++) {
            mix(alphabet.layoutIndex(spec.layout(f)));
            int words = spec.layout(f).words();
            for (int k = 0; k < words; k++) {
                mix(spec.holdsRef(f, k) ? REF | ((long) spec.refFrame(f, k) << 20) | spec.refSlot(f, k)
                        : spec.scalar(f, k));
            }
        }
        int nd = spec.deferCount();
        mix(nd);
        for (int i = 0; i < nd; i++) {
            Spec.Deferred d = spec.defer(i);
            mix(((long) d.owner() << 40) | ((long) d.target().frame() << 20) | d.target().slot());
            mix(d.value());
        }
        int lanes = s.laneCount();
        for (int i = 0; i < lanes; i++) {
            LockStep.Status st = s.status(i);
            mix(0x100 + st.ordinal());
            if (st == LockStep.Status.ACTIVE) {
                try {
                    engine(s.memory(i), s.view(i), s.engine(i));
                } catch (RuntimeException e) {
                    mix(0xBAD);
                }
            }
        }
        return finish();
    }

    /** The fingerprint of one engine's state (its memory, view and hidden state), never 0. */
    long of(AddressSpace m, StackView v, StackEngine e) {
        n = 0;
        engine(m, v, e);
        return finish();
    }

    /** The words {@link #of(LockStep)} hashes for {@code s}, in order: the canonical form, for tests. */
    long[] words(LockStep s) {
        of(s);
        return java.util.Arrays.copyOf(stream, n);
    }

    /** The words {@link #of(AddressSpace, StackView, StackEngine)} hashes, in order. */
    long[] words(AddressSpace m, StackView v, StackEngine e) {
        of(m, v, e);
        return java.util.Arrays.copyOf(stream, n);
    }

    private long finish() {
        return nonZero(xxh64(stream, n));
    }

    /** The hash of three values (the key of a program that is not merged with any other), never 0. */
    static long hash(long a, long b, long c) {
        return nonZero(xxh64(new long[] {a, b, c}, 3));
    }

    /** 0 marks an empty slot of the {@link FingerprintSet}: a hash of 0 is taken as another value. */
    private static long nonZero(long x) {
        return x == 0 ? P4 : x;
    }

    private final java.util.function.LongConsumer hidden = x -> mix(canon(x));

    private void engine(AddressSpace m, StackView v, StackEngine e) {
        live = 0;
        int rc = m.regionCount();
        for (int id = 0; id < rc; id++) {
            if (m.isLive(id)) {
                Region r = m.region(id);
                if (live == lo.length) {
                    lo = java.util.Arrays.copyOf(lo, live * 2);
                    hi = java.util.Arrays.copyOf(hi, live * 2);
                }
                lo[live] = r.lo();
                hi[live] = r.hi();
                live++;
            }
        }
        mix(live);
        for (int j = 0; j < live; j++) {
            int words = (int) ((hi[j] - lo[j]) >>> 3);
            mix(words);
            if (stream.length < n + words) {
                stream = java.util.Arrays.copyOf(stream, Math.max(n + words, stream.length * 2));
            }
            m.read(lo[j], stream, n, words); // straight into the stream, then addresses made canonical
            long[] w = stream;
            for (int k = n, end = n + words; k < end; k++) {
                long x = w[k];
                if (x >= AddressSpace.FIRST_ADDRESS) { // no region lies lower (nor at a negative address)
                    w[k] = canon(x);
                }
            }
            n += words;
        }
        int depth = v.depth();
        mix(depth);
        for (int f = 0; f < depth; f++) {
            mix(canon(v.frameAddress(f)));
        }
        List<StackView.StackSegment> segs = v.segments();
        mix(segs.size());
        for (int k = 0; k < segs.size(); k++) {
            StackView.StackSegment seg = segs.get(k);
            mix(canon(seg.region().lo()));
            mix(seg.region().size());
            mix(((long) seg.firstFrame() << 32) | seg.endFrame());
            mix(seg.hasRecord() ? canon(seg.record()) : -1);
        }
        Region cached = v.cachedSegment();
        mix(cached == null ? -1 : canon(cached.lo()));
        int nd = v.deferCount();
        mix(nd);
        for (int i = 0; i < nd; i++) {
            StackView.DeferRecord d = v.defer(i);
            mix(d.frame());
            mix(canon(d.pointer()));
            mix(d.value());
        }
        if (e instanceof Forkable f) {
            f.hiddenState(hidden);
        }
    }

    /** An address inside a live region as (rank, offset), anything else as it is. */
    private long canon(long value) {
        for (int j = 0; j < live; j++) {
            if (value >= lo[j] && value < hi[j]) {
                return ADDRESS | ((long) j << 32) | (value - lo[j]);
            }
        }
        return value;
    }
}

package dev.stackcheck.explore;

import dev.stackcheck.check.LockStep;
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
 * are. Statistics and the checker's counters are left out: they record the path, not the state.
 *
 * <p>The words are folded into 64 bits with xxHash64's round and final avalanche. Treating the result as
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
    private long[] buffer = new long[64];
    private long h;

    Fingerprinter(Alphabet alphabet) {
        this.alphabet = alphabet;
    }

    private void mix(long v) {
        h = Long.rotateLeft(h + v * P2, 31) * P1;
    }

    /** The fingerprint of the state, never 0. */
    long of(LockStep s) {
        h = P5;
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
                    engine(s.memory(i), s.view(i));
                } catch (RuntimeException e) {
                    mix(0xBAD);
                }
            }
        }
        long x = h;
        x ^= x >>> 33;
        x *= P2;
        x ^= x >>> 29;
        x *= P3;
        x ^= x >>> 32;
        return x == 0 ? P4 : x;
    }

    private void engine(AddressSpace m, StackView v) {
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
            if (buffer.length < words) {
                buffer = new long[Math.max(words, buffer.length * 2)];
            }
            m.read(lo[j], buffer, 0, words);
            // two independent accumulators, so that consecutive rounds overlap in the processor
            long h2 = P3;
            int k = 0;
            for (; k + 1 < words; k += 2) {
                long x = buffer[k];
                long y = buffer[k + 1];
                h = Long.rotateLeft(h + (x < AddressSpace.FIRST_ADDRESS && x >= 0 ? x : canon(x)) * P2, 31) * P1;
                h2 = Long.rotateLeft(h2 + (y < AddressSpace.FIRST_ADDRESS && y >= 0 ? y : canon(y)) * P2, 31) * P1;
            }
            if (k < words) {
                long x = buffer[k];
                mix(x < AddressSpace.FIRST_ADDRESS && x >= 0 ? x : canon(x));
            }
            mix(h2);
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

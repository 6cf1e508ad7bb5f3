package dev.stackcheck.engine;

import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.memory.Region;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The chain of stack segments of a segmented (or hybrid) stack, oldest first, and the one cached segment.
 *
 * <p>Invariant: segment 0 is the base segment and holds frame 0; segment {@code i} holds the frames
 * {@code [first[i], first[i+1])}, the top segment those up to the depth; each segment's
 * stack-info record is its top three words {@code [hi-24, hi)}: the previous segment's lo, the saved
 * stack pointer (the caller's frame address) and the real return address; the base record is zero.
 * The cached segments are in no chain and hold no frame; the cache is a stack whose top is the segment the
 * next split would reuse (one segment, unless the engine keeps the whole returned chain as libgcc does).
 */
final class Segments {
    /** the chain's regions, oldest first; entries at and above {@code count} are never read */
    private Region[] region = new Region[16];
    private int[] first = new int[16];
    private int count;
    private long chainBytes;
    /** the cached segments, the one the next split would reuse last */
    private final ArrayList<Region> cache = new ArrayList<>();
    /** the last list {@link #view} built, for {@code viewDepth} frames; null after the chain changed */
    private List<StackView.StackSegment> view;
    private int viewDepth;

    /** An independent copy (regions are values and stay shared). */
    Segments copy() {
        Segments c = new Segments();
        c.copyFrom(this);
        return c;
    }

    /** Makes this chain equal to {@code o}, reusing its arrays when they are big enough. */
    void copyFrom(Segments o) {
        if (region.length < o.count) {
            region = new Region[o.region.length];
            first = new int[o.region.length];
        }
        System.arraycopy(o.region, 0, region, 0, o.count);
        System.arraycopy(o.first, 0, first, 0, o.count);
        count = o.count;
        chainBytes = o.chainBytes;
        cache.clear();
        for (int i = 0; i < o.cache.size(); i++) { // (addAll would copy into a new array first)
            cache.add(o.cache.get(i));
        }
        view = o.view; // a value (immutable records of the same chain), so it may be shared
        viewDepth = o.viewDepth;
    }

    int count() {
        return count;
    }

    Region top() {
        return region[count - 1];
    }

    int topFirstFrame() {
        return first[count - 1];
    }

    /** Bytes of the segments in the chain (the cache excluded): the stack size Go checks against its limit. */
    long chainBytes() {
        return chainBytes;
    }

    /** The cached segment the next split would reuse, or null. */
    Region cache() {
        return cache.isEmpty() ? null : cache.get(cache.size() - 1);
    }

    /** Caches {@code r} as the segment the next split would reuse, above the ones cached before. */
    void pushCache(Region r) {
        cache.add(r);
    }

    /** Removes the segment the next split would reuse from the cache. */
    Region popCache() {
        return cache.remove(cache.size() - 1);
    }

    void push(Region r, int firstFrame) {
        if (count == region.length) {
            region = Arrays.copyOf(region, count * 2);
            first = Arrays.copyOf(first, count * 2);
        }
        region[count] = r;
        first[count] = firstFrame;
        count++;
        view = null;
        chainBytes += r.size();
    }

    Region pop() {
        Region r = region[--count];
        view = null;
        chainBytes -= r.size();
        return r;
    }

    /** Replaces segment {@code i} by {@code r} (after a copy), keeping its frames. */
    void replace(int i, Region r) {
        chainBytes += r.size() - region[i].size();
        region[i] = r;
        view = null;
    }

    /** The index of the segment below the top whose region starts at {@code lo}, searching downward, or -1. */
    int indexBelowTop(long lo) {
        for (int i = count - 2; i >= 0; i--) {
            if (region[i].lo() == lo) {
                return i;
            }
        }
        return -1;
    }

    static long recordAddress(Region r) {
        return r.hi() - StackSegment.RECORD_BYTES;
    }

    static void writeRecord(AddressSpace memory, Region seg, long prevLo, long savedSp, long returnPc) {
        long rec = recordAddress(seg);
        memory.write(rec, prevLo);
        memory.write(rec + 8, savedSp);
        memory.write(rec + 16, returnPc);
    }

    /** The chain as the view shows it; built again only after the chain or the depth changed. */
    List<StackView.StackSegment> view(int depth) {
        if (view != null && viewDepth == depth) {
            return view;
        }
        StackView.StackSegment[] out = new StackView.StackSegment[count];
        for (int i = 0; i < count; i++) {
            int end = i + 1 < count ? first[i + 1] : depth;
            out[i] = new StackView.StackSegment(region[i], first[i], end, recordAddress(region[i]));
        }
        view = List.of(out);
        viewDepth = depth;
        return view;
    }
}

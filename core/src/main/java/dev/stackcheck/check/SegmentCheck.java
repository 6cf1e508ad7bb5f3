package dev.stackcheck.check;

import dev.stackcheck.engine.Code;
import dev.stackcheck.engine.EngineEvent;
import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.memory.Region;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The segment chain of a segmented (or hybrid) stack: SEG-1 (the chain of stack-info records), SEG-2
 * (each record's saved SP and real return address), SEG-3 (return addresses, lessstack), SEG-4 (frames
 * placed inside their segment, adjacent, below the record, never moving).
 *
 * <p>Layout checked: a segment is one region; its record is the top 24 bytes {@code [hi-24, hi)}: word 0
 * the previous segment's lo (0 for the base), word 1 the saved SP (the frameAddress of the frame just
 * below the segment's first frame), word 2 RETURN_PC; the base record is all zero. The segment's first
 * frame sits just below the record and returns into LESSSTACK_PC (frame 0 into GOEXIT_PC).
 *
 * <p>Cost: a split checks the new segment, its record and the link to the previous one (O(1)); a lessstack
 * checks that the engine resumed the previous segment at the saved SP (O(1)). The whole chain is walked
 * at a split that takes the chain to a new power-of-two length, after a lessstack when the lane's credit
 * allows, and in every full check: a million-frame segmented stack stays linear.
 */
final class SegmentCheck {

    /** credit units a chain walk costs per segment (three record reads in another region, links, ranges) */
    static final long WALK_COST = 16;
    /** a chain shorter than this is read from the view at every split and lessstack */
    static final int SHORT_CHAIN = 64;

    private final Lane lane;
    /** shadow of the chain as last verified: region, saved SP (word 1), first frame */
    private Region[] region = new Region[16];
    private long[] saved = new long[16];
    private int[] first = new int[16];
    private int n;
    /** region ids of the shadow chain */
    private BitSet ids = new BitSet();
    /** the arrays a walk fills, swapped with the shadow's when the walk passes (so a walk allocates nothing) */
    private Region[] nextRegion = new Region[16];
    private long[] nextSaved = new long[16];
    private int[] nextFirst = new int[16];
    private BitSet nextIds = new BitSet();
    private int walkedHigh;
    /** bytes of the shadow chain's regions (the size OVF-1 holds to the limit), and the cached segment */
    private long chainBytes;
    private Region cache;

    SegmentCheck(Lane lane) {
        this.lane = lane;
    }

    /**
     * Makes this shadow equal to {@code o}'s (another lane's), reusing its arrays when big enough: the model
     * checker restores a state into recycled storage at every transition, so this allocates nothing then.
     */
    void copyFrom(SegmentCheck o) {
        if (region.length < o.n) {
            region = new Region[o.region.length];
            saved = new long[o.region.length];
            first = new int[o.region.length];
        }
        System.arraycopy(o.region, 0, region, 0, o.n);
        System.arraycopy(o.saved, 0, saved, 0, o.n);
        System.arraycopy(o.first, 0, first, 0, o.n);
        for (int i = o.n; i < n; i++) {
            region[i] = null;
        }
        n = o.n;
        ids.clear();
        ids.or(o.ids);
        walkedHigh = o.walkedHigh;
        chainBytes = o.chainBytes;
        cache = o.cache;
    }

    /** The top segment as last verified. */
    Region topRegion() {
        return region[n - 1];
    }

    /** The first frame of the top segment as last verified. */
    int topFirst() {
        return first[n - 1];
    }

    /** Bytes of the chain's segments as last verified (the cached segment not counted). */
    long chainBytes() {
        return chainBytes;
    }

    /** The cached segment as last verified, or null. */
    Region cache() {
        return cache;
    }

    /** Segments in the chain as last verified. */
    int length() {
        return n;
    }

    /** True when frame f is the first frame of a segment other than the base (it returns into lessstack). */
    boolean isSplitFirst(int f) {
        return Arrays.binarySearch(first, 1, n, f) >= 0; // with one segment the range is empty
    }

    /** SEG-4 for a call without events: the new frame sits just below its caller, above lo + guard. */
    void placeCall(int top, long a) {
        long fb = lane.spec().layout(top).frameBytes();
        long below = lane.verifiedAddr(top - 1);
        if (a + fb != below) {
            throw new Broken(Invariant.SEG_4, top, "frame " + top + " (" + fb + " bytes) at " + Hex.of(a)
                    + " is not adjacent to frame " + (top - 1) + " at " + Hex.of(below) + ": want " + Hex.of(below - fb)
                    + " (no split was reported)");
        }
        Region r = region[n - 1];
        long floor = r.lo() + lane.params().stackGuard();
        if (a < floor) {
            throw new Broken(Invariant.SEG_4, top, "frame " + top + " at " + Hex.of(a) + " lies below lo + guard = "
                    + Hex.of(floor) + " of segment " + (n - 1) + " " + span(r) + ": the frame did not fit, morestack"
                    + " should have split");
        }
    }

    /**
     * Whether to read the engine's segment list now: always for a short chain, else when the lane's
     * credit pays for it (the list costs O(segments) to build), so a hot split deep in a long chain stays
     * linear. Without the list, the event and the shadow chain drive the check.
     */
    private boolean affordList() {
        if (n < SHORT_CHAIN) {
            return true;
        }
        return lane.spendCredit(n);
    }

    /** SEG-3 at a ret with no Lessstack event: the frame that returned was not the first of a split segment. */
    void retWithoutLessstack(int returned) {
        if (first[n - 1] >= returned) { // the base's first frame, 0, never returns here (returned >= 1)
            throw new Broken(Invariant.SEG_3, returned - 1, "frame " + returned + ", the first frame of split segment "
                    + (n - 1) + " " + span(region[n - 1]) + ", returned without going through lessstack");
        }
    }

    /** After a Split event: the new segment, its record and its link; a chain walk at a new power of two. */
    void afterSplit(EngineEvent.Split ev, int top) {
        if (ev.frame() != top) {
            throw new Broken(Invariant.SEG_4, top, "the split was for frame " + ev.frame() + ", but frame " + top
                    + " is the new frame");
        }
        Region seg = ev.segment();
        StackSegment t = new StackSegment(seg, top, top + 1, seg.hi() - StackSegment.RECORD_BYTES);
        List<StackSegment> segs = null;
        if (affordList()) {
            segs = lane.view().segments();
            int m = segs.size();
            if (m != n + 1) {
                throw new Broken(Invariant.SEG_1, top, "after a split the chain has " + m + " segments, it had " + n);
            }
            t = segs.get(m - 1);
            StackSegment p = segs.get(m - 2);
            if (!t.region().equals(seg)) {
                throw new Broken(Invariant.SEG_1, top, "the split reported " + span(seg) + ", but the chain's top"
                        + " segment is " + span(t.region()));
            }
            if (!p.region().equals(region[n - 1])) {
                throw new Broken(Invariant.SEG_1, top, "the segment below the new one is " + span(p.region())
                        + ", but the chain's top segment was " + span(region[n - 1]));
            }
            if (p.endFrame() != top || t.firstFrame() != top || t.endFrame() != top + 1) {
                throw new Broken(Invariant.SEG_4, top, "after the split for frame " + top + " the last two segments"
                        + " hold frames [" + p.firstFrame() + ", " + p.endFrame() + ") and [" + t.firstFrame() + ", "
                        + t.endFrame() + "), want [.., " + top + ") and [" + top + ", " + (top + 1) + ")");
            }
        }
        if (ids.get(seg.id())) {
            throw new Broken(Invariant.SEG_1, top, "the new segment " + span(seg) + " is already in the chain: a cycle");
        }
        if (!lane.memory().isLive(seg)) {
            throw new Broken(Invariant.MEM_1, top, "the new segment " + span(seg) + " is not live memory");
        }
        long w1 = checkRecord(n, t, region[n - 1]);
        placeFrames(n, t, true);
        SegmentPolicyCheck.split(lane, ev, region[n - 1], cache, top);
        push(t, w1);
        cache = lane.view().cachedSegment();
        OverflowCheck.chainWithinLimit(lane, chainBytes, top);
        if (n > walkedHigh && Integer.bitCount(n) == 1) {
            walk(segs != null ? segs : lane.view().segments());
            walkedHigh = n;
        }
    }

    /** After a Lessstack event: the engine resumed the previous segment, at the SP its record saved. */
    void afterLessstack(EngineEvent.Lessstack ev, int top) {
        Region left = region[n - 1];
        if (n < 2 || !ev.segment().equals(left)) {
            throw new Broken(Invariant.SEG_1, top, "lessstack left " + span(ev.segment()) + ", but the top segment"
                    + " was " + span(left) + (n < 2 ? ", the base" : ""));
        }
        if (first[n - 1] != top + 1) {
            throw new Broken(Invariant.SEG_3, top, "lessstack ran when frame " + (top + 1) + " returned, but the"
                    + " first frame of the top segment is " + first[n - 1]);
        }
        if (affordList()) {
            List<StackSegment> segs = lane.view().segments();
            int m = segs.size();
            if (m != n - 1) {
                throw new Broken(Invariant.SEG_1, top, "after lessstack the chain has " + m + " segments, it had " + n);
            }
            StackSegment t = segs.get(m - 1);
            if (!t.region().equals(region[m - 1])) {
                throw new Broken(Invariant.SEG_1, top, "lessstack returned into " + span(t.region())
                        + ", but the previous segment in the chain is " + span(region[m - 1]));
            }
            if (t.endFrame() != top + 1) {
                throw new Broken(Invariant.SEG_4, top, "after lessstack the top segment holds frames ["
                        + t.firstFrame() + ", " + t.endFrame() + "), want frame " + top + " on top");
            }
        }
        long a = lane.view().frameAddress(top);
        if (a != saved[n - 1]) {
            throw new Broken(Invariant.SEG_2, top, "lessstack resumed frame " + top + " at " + Hex.of(a)
                    + ", but the record of the segment it left saved sp " + Hex.of(saved[n - 1]));
        }
        if (lane.memory().isLive(left) && !left.equals(lane.view().cachedSegment())) {
            throw new Broken(Invariant.LEAK_1, top, "lessstack left segment " + span(left)
                    + " live but neither freed nor cached");
        }
        pop();
        cache = lane.view().cachedSegment();
        if (lane.spendCredit(WALK_COST * n)) {
            walk(lane.view().segments());
        }
    }

    /** After a Copy event of a hybrid: the copied top segment, its frames, their pointers and defers. */
    void afterCopy(EngineEvent.Copy c, int top) {
        List<StackSegment> segs = lane.view().segments();
        int m = segs.size();
        if (m != n) {
            throw new Broken(Invariant.SEG_1, top, "a copy changed the chain from " + n + " to " + m + " segments");
        }
        if (!c.from().equals(region[n - 1])) {
            throw new Broken(Invariant.SEG_1, top, "copied " + span(c.from()) + ", but the top segment was "
                    + span(region[n - 1]));
        }
        StackSegment t = segs.get(m - 1);
        if (!t.region().equals(c.to())) {
            throw new Broken(Invariant.SEG_1, top, "copied the top segment to " + span(c.to())
                    + ", but the chain's top segment is " + span(t.region()));
        }
        Region below = m > 1 ? segs.get(m - 2).region() : null;
        if (m > 1 && !below.equals(region[m - 2])) {
            throw new Broken(Invariant.SEG_1, top, "the segment below the copied one is " + span(below)
                    + ", the chain had " + span(region[m - 2]));
        }
        if (t.firstFrame() != first[n - 1] || t.endFrame() != top + 1) {
            throw new Broken(Invariant.SEG_4, top, "the copied top segment holds frames [" + t.firstFrame() + ", "
                    + t.endFrame() + "), want [" + first[n - 1] + ", " + (top + 1) + ")");
        }
        if (lane.memory().isLive(c.from())) {
            throw new Broken(Invariant.LEAK_1, top, "the copy left the old segment " + span(c.from()) + " live");
        }
        checkRecord(m - 1, t, below); // the saved SP it returns is the shadow's: the caller below did not move
        placeFrames(m - 1, t, true);
        lane.nomapFrames().hybridCopy(t.firstFrame());
        for (int f = t.firstFrame(); f < t.endFrame(); f++) {
            lane.frames().layout(f);
            lane.frames().frame(f);
        }
        lane.frames().defersFrom(t.firstFrame());
        ids.clear(region[n - 1].id());
        ids.set(t.region().id());
        chainBytes += t.region().size() - region[n - 1].size();
        region[n - 1] = t.region();
        OverflowCheck.chainWithinLimit(lane, chainBytes, top);
    }

    /** Everything: the chain, every record, every frame's place and return address. */
    void full(boolean motionAllowed) {
        List<StackSegment> segs = lane.view().segments();
        walk(segs);
        for (int k = 0; k < segs.size(); k++) {
            placeFrames(k, segs.get(k), motionAllowed);
        }
    }

    /** SEG-1, SEG-2, SEG-4 over the whole chain (records, links, frame ranges); rebuilds the shadow. */
    private void walk(List<StackSegment> segs) {
        int m = segs.size();
        int depth = lane.spec().depth();
        if (m == 0) {
            throw new Broken(Invariant.SEG_4, -1, "the stack has no segment");
        }
        BitSet seen = nextIds;
        seen.clear();
        if (nextRegion.length < m) {
            nextRegion = new Region[m];
            nextSaved = new long[m];
            nextFirst = new int[m];
        }
        Region[] regions = nextRegion;
        long bytes = 0;
        long[] saves = nextSaved;
        int[] firsts = nextFirst;
        for (int k = 0; k < m; k++) {
            StackSegment s = segs.get(k);
            Region r = s.region();
            if (seen.get(r.id())) {
                throw new Broken(Invariant.SEG_1, -1, "segment " + k + " " + span(r)
                        + " appears twice in the chain: a cycle");
            }
            if (!lane.memory().isLive(r)) {
                throw new Broken(Invariant.SEG_1, -1, "segment " + k + " of the chain is " + span(r)
                        + ", which is freed");
            }
            seen.set(r.id());
            int wantFirst = k == 0 ? 0 : segs.get(k - 1).endFrame();
            if (s.firstFrame() != wantFirst || s.endFrame() <= s.firstFrame()) {
                throw new Broken(Invariant.SEG_4, -1, "segment " + k + " holds frames [" + s.firstFrame() + ", "
                        + s.endFrame() + "), want a non-empty range starting at " + wantFirst);
            }
            saves[k] = checkRecord(k, s, k > 0 ? segs.get(k - 1).region() : null);
            regions[k] = r;
            firsts[k] = s.firstFrame();
            bytes += r.size();
        }
        if (segs.get(m - 1).endFrame() != depth) {
            throw new Broken(Invariant.SEG_4, -1, "the segments hold frames [0, " + segs.get(m - 1).endFrame()
                    + "), want [0, " + depth + ")");
        }
        Region cached = lane.view().cachedSegment();
        if (cached != null && (seen.get(cached.id()) || !lane.memory().isLive(cached))) {
            throw new Broken(Invariant.SEG_1, -1, "the cached segment " + span(cached)
                    + (seen.get(cached.id()) ? " is also in the chain" : " is not live"));
        }
        for (int k = m; k < n && k < regions.length; k++) {
            regions[k] = null;
        }
        nextRegion = region;
        nextSaved = saved;
        nextFirst = first;
        nextIds = ids;
        region = regions;
        saved = saves;
        first = firsts;
        n = m;
        ids = seen;
        chainBytes = bytes;
        this.cache = cached;
        OverflowCheck.chainWithinLimit(lane, bytes, -1);
    }

    /**
     * SEG-1 and SEG-2 for segment k's record.
     *
     * @return the saved SP (word 1)
     */
    private long checkRecord(int k, StackSegment s, Region previous) {
        Region r = s.region();
        long want = r.hi() - StackSegment.RECORD_BYTES;
        if (s.record() != want) {
            throw new Broken(Invariant.SEG_2, s.firstFrame(), "segment " + k + " " + span(r) + " keeps its record at "
                    + Hex.of(s.record()) + ", want the top 24 bytes at " + Hex.of(want));
        }
        long rec = s.record();
        long w0 = lane.memory().read(rec);
        long w1 = lane.memory().read(rec + 8);
        long w2 = lane.memory().read(rec + 16);
        if (k == 0) {
            if (w0 != 0 || w1 != 0 || w2 != 0) {
                throw new Broken(Invariant.SEG_1, 0, "the base segment's record at " + Hex.of(rec) + " holds ("
                        + Hex.of(w0) + ", " + Hex.of(w1) + ", " + Hex.code(w2) + "), want all zero: the end of the chain");
            }
            return 0;
        }
        if (w0 != previous.lo()) {
            throw new Broken(Invariant.SEG_1, s.firstFrame(), "segment " + k + "'s record at " + Hex.of(rec)
                    + " links to " + Hex.of(w0) + " (" + lane.whereIs(w0) + "), want the previous segment's lo "
                    + Hex.of(previous.lo()));
        }
        int caller = s.firstFrame() - 1;
        long sp = lane.view().frameAddress(caller);
        if (w1 != sp) {
            throw new Broken(Invariant.SEG_2, s.firstFrame(), "segment " + k + "'s record at " + Hex.of(rec)
                    + " saves sp " + Hex.of(w1) + " (" + lane.whereIs(w1) + "), want " + Hex.of(sp)
                    + " = frameAddress of frame " + caller + ", the caller below the segment's first frame");
        }
        if (w2 != Code.RETURN_PC) {
            throw new Broken(Invariant.SEG_2, s.firstFrame(), "segment " + k + "'s record at " + Hex.of(rec)
                    + " keeps real return address " + Hex.code(w2) + ", want RETURN_PC");
        }
        return w1;
    }

    /** SEG-4 and SEG-3 for the frames of segment k; records their addresses in the lane's shadow. */
    private void placeFrames(int k, StackSegment s, boolean motionAllowed) {
        Region r = s.region();
        long floor = r.lo() + lane.params().stackGuard();
        long above = s.record();
        for (int f = s.firstFrame(); f < s.endFrame(); f++) {
            long fb = lane.spec().layout(f).frameBytes();
            long a = lane.view().frameAddress(f);
            if (a + fb != above) {
                throw new Broken(Invariant.SEG_4, f, f == s.firstFrame()
                        ? "the first frame " + f + " of segment " + k + " sits at " + Hex.of(a) + ", want just below the"
                                + " record at " + Hex.of(above) + ": " + Hex.of(above - fb)
                        : "frame " + f + " (" + fb + " bytes) at " + Hex.of(a) + " is not adjacent to frame " + (f - 1)
                                + " at " + Hex.of(above) + ": want " + Hex.of(above - fb));
            }
            if (a < floor) {
                throw new Broken(Invariant.SEG_4, f, "frame " + f + " at " + Hex.of(a) + " lies below lo + guard = "
                        + Hex.of(floor) + " of segment " + k + " " + span(r));
            }
            if (!motionAllowed && lane.verifiedAddr(f) != a) {
                throw new Broken(Invariant.SEG_4, f, "frame " + f + " moved from " + Hex.of(lane.verifiedAddr(f)) + " to "
                        + Hex.of(a) + " with no copy: frames of a segmented stack never move");
            }
            lane.verifyAddr(f, a);
            // frame 0 is the base segment's first frame, so the first frame of any other segment returns into lessstack
            long want = f == 0 ? Code.GOEXIT_PC : f == s.firstFrame() ? Code.LESSSTACK_PC : Code.RETURN_PC;
            long got = lane.memory().read(a + 8L * lane.spec().layout(f).words());
            if (got != want) {
                throw new Broken(Invariant.SEG_3, f, "frame " + f + " (" + lane.spec().layout(f).name() + ") at "
                        + Hex.of(a) + " returns into " + Hex.code(got) + ", want " + Hex.code(want)
                        + (want == Code.LESSSTACK_PC ? " (the first frame of split segment " + k + ")" : ""));
            }
            above = a;
        }
    }

    private void push(StackSegment t, long savedSp) {
        if (n == region.length) {
            region = Arrays.copyOf(region, n * 2);
            saved = Arrays.copyOf(saved, n * 2);
            first = Arrays.copyOf(first, n * 2);
        }
        region[n] = t.region();
        saved[n] = savedSp;
        first[n] = t.firstFrame();
        ids.set(t.region().id());
        chainBytes += t.region().size();
        n++;
    }

    private void pop() {
        n--;
        chainBytes -= region[n].size();
        ids.clear(region[n].id());
        region[n] = null;
    }

    static String span(Region r) {
        return r == null ? "(none)" : r.label() + " #" + r.id() + " [" + Hex.of(r.lo()) + ", " + Hex.of(r.hi()) + ")";
    }
}

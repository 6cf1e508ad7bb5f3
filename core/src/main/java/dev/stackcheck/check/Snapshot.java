package dev.stackcheck.check;

import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * An engine's stack at one moment, read through its view and its memory, for drawing: the segments
 * (newest last), in each the frames worth showing, their slots with every pointer resolved to the frame
 * and slot it addresses, the stack-info records, the cached segment and the defer records.
 *
 * <p>Bounded: at most {@link #TOP_SEGMENTS} newest segments, the base and the segments holding focus frames;
 * in the newest segment the {@link #TOP_FRAMES} newest frames and the {@link #BOTTOM_FRAMES} oldest, in
 * older ones {@link #OLDER_TOP_FRAMES} and {@link #OLDER_BOTTOM_FRAMES}, and everywhere the focus frames
 * (those named by the caller and those the top frames and the newest defer records point at); in each
 * frame at most {@link #MAX_SLOTS} slots. Capture never throws: what cannot be read is listed in
 * {@link #problems()}. Deterministic, since the address space is.
 *
 * @param engine       the engine's name
 * @param kind         its kind
 * @param depth        live frames
 * @param segmentCount segments in the chain
 * @param segments     the segments kept, oldest first
 * @param cached       the cached segment, or null
 * @param deferCount   live defer records
 * @param defers       the newest defer records (at most {@link #MAX_DEFERS}), oldest first
 * @param problems     what could not be read
 */
public record Snapshot(String engine, StackKind kind, int depth, int segmentCount, List<Segment> segments,
                       Region cached, int deferCount, List<Defer> defers, List<String> problems) {

    public static final int TOP_SEGMENTS = 3;
    public static final int TOP_FRAMES = 6;
    public static final int BOTTOM_FRAMES = 2;
    /** frames kept at the top and at the bottom of a segment below the newest one */
    public static final int OLDER_TOP_FRAMES = 2;
    public static final int OLDER_BOTTOM_FRAMES = 1;
    public static final int MAX_SLOTS = 8;
    public static final int MAX_DEFERS = 8;

    public Snapshot {
        segments = List.copyOf(segments);
        defers = List.copyOf(defers);
        problems = List.copyOf(problems);
    }

    /**
     * One segment (or the one region of a contiguous stack).
     *
     * @param index       its place in the chain, 0 for the base
     * @param region      its region
     * @param live        whether the region is live memory
     * @param record      the stack-info record's address, or -1
     * @param recordWords the record's three words (empty when there is none or it is unreadable)
     * @param firstFrame  first frame it holds
     * @param endFrame    one past the last
     * @param frames      the frames kept, newest first
     */
    public record Segment(int index, Region region, boolean live, long record, List<Long> recordWords,
                          int firstFrame, int endFrame, List<Frame> frames) {
        public Segment {
            recordWords = List.copyOf(recordWords);
            frames = List.copyOf(frames);
        }

        public boolean hasRecord() {
            return record >= 0;
        }
    }

    /**
     * One frame.
     *
     * @param returnWord  the return-address word, or null when unreadable
     * @param slots       the slots shown
     * @param hiddenSlots slots not shown
     */
    public record Frame(int index, String layout, int words, boolean nomap, long address, long bytes, Long returnWord,
                        List<Slot> slots, int hiddenSlots) {
        public Frame {
            slots = List.copyOf(slots);
        }
    }

    /**
     * One slot.
     *
     * @param pointer true when the pointer map says it holds a pointer
     * @param value   its word, or null when unreadable
     * @param target  what the value addresses ("frame 0 slot 1", "nil", "freed stack #1", ...), or null
     *                for a plain scalar
     */
    public record Slot(int index, boolean pointer, Long value, String target) {}

    /** One defer record and what its pointer addresses. */
    public record Defer(int index, int frame, long pointer, long value, String target) {}

    /** A snapshot with no focus frames beyond the automatic ones. */
    public static Snapshot capture(StackEngine engine, AddressSpace memory) {
        return capture(engine, memory, List.of());
    }

    /** Captures the engine's stack, keeping {@code focus} frames besides the automatic ones. */
    public static Snapshot capture(StackEngine engine, AddressSpace memory, Collection<Integer> focus) {
        String name;
        StackKind kind;
        try {
            name = engine.name();
            kind = engine.kind();
        } catch (RuntimeException e) {
            name = "?";
            kind = StackKind.OTHER;
        }
        List<String> problems = new ArrayList<>();
        StackView view;
        int depth;
        List<StackSegment> segs;
        Region cached = null;
        try {
            view = engine.view();
            depth = view.depth();
            segs = List.copyOf(view.segments());
        } catch (RuntimeException e) {
            problems.add("the engine's view failed: " + e);
            return new Snapshot(name, kind, 0, 0, List.of(), null, 0, List.of(), problems);
        }
        try {
            cached = view.cachedSegment();
        } catch (RuntimeException e) {
            problems.add("cachedSegment() failed: " + e);
        }
        Locator loc = new Locator(view, segs, memory, cached);
        TreeSet<Integer> keep = new TreeSet<>();
        for (Integer f : focus) {
            if (f != null && f >= 0 && f < depth) {
                keep.add(f);
            }
        }
        // frames the top frames point into
        for (int f = Math.max(0, depth - 2); f < depth; f++) {
            try {
                Layout l = view.layout(f);
                long sp = view.frameAddress(f);
                for (int s = 0; s < l.words(); s++) {
                    if (l.nomap() || l.isPointerSlot(s)) {
                        int t = loc.frameOf(safeRead(memory, sp + 8L * s));
                        if (t >= 0) {
                            keep.add(t);
                        }
                    }
                }
            } catch (RuntimeException e) {
                problems.add("frame " + f + ": " + e.getMessage());
            }
        }
        int deferCount = 0;
        List<Defer> defers = new ArrayList<>();
        try {
            deferCount = view.deferCount();
            for (int i = Math.max(0, deferCount - MAX_DEFERS); i < deferCount; i++) {
                StackView.DeferRecord d = view.defer(i);
                defers.add(new Defer(i, d.frame(), d.pointer(), d.value(), loc.describe(d.pointer())));
                int t = loc.frameOf(d.pointer());
                if (t >= 0) {
                    keep.add(t);
                }
            }
        } catch (RuntimeException e) {
            problems.add("defer records: " + e);
        }
        // segments to keep: the newest, the base, and those with focus frames
        TreeSet<Integer> keepSegs = new TreeSet<>();
        int m = segs.size();
        for (int k = Math.max(0, m - TOP_SEGMENTS); k < m; k++) {
            keepSegs.add(k);
        }
        if (m > 0) {
            keepSegs.add(0);
        }
        for (int f : keep) {
            int k = loc.segmentOf(f);
            if (k >= 0) {
                keepSegs.add(k);
            }
        }
        List<Segment> out = new ArrayList<>();
        for (int k : keepSegs) {
            out.add(segment(k, segs.get(k), k == m - 1, view, memory, loc, keep, problems));
        }
        return new Snapshot(name, kind, depth, m, out, cached, deferCount, defers, problems);
    }

    private static Segment segment(int k, StackSegment s, boolean newest, StackView view, AddressSpace memory,
                                   Locator loc, TreeSet<Integer> focus, List<String> problems) {
        Region r = s.region();
        List<Long> words = new ArrayList<>();
        if (s.hasRecord()) {
            Long w0 = read(memory, s.record());
            Long w1 = read(memory, s.record() + 8);
            Long w2 = read(memory, s.record() + 16);
            if (w0 != null && w1 != null && w2 != null) {
                words.add(w0);
                words.add(w1);
                words.add(w2);
            } else {
                problems.add("segment " + k + ": the record at " + Hex.of(s.record()) + " is unreadable");
            }
        }
        TreeSet<Integer> kept = new TreeSet<>();
        int first = s.firstFrame();
        int end = s.endFrame();
        int top = newest ? TOP_FRAMES : OLDER_TOP_FRAMES;
        int bottom = newest ? BOTTOM_FRAMES : OLDER_BOTTOM_FRAMES;
        for (int f = Math.max(first, end - top); f < end; f++) {
            kept.add(f);
        }
        for (int f = first; f < Math.min(end, first + bottom); f++) {
            kept.add(f);
        }
        kept.addAll(focus.subSet(first, true, end, false));
        List<Frame> frames = new ArrayList<>();
        for (int f : kept.descendingSet()) {
            try {
                frames.add(frame(f, view, memory, loc));
            } catch (RuntimeException e) {
                problems.add("frame " + f + ": " + e);
            }
        }
        return new Segment(k, r, memory.isLive(r), s.record(), words, first, end, frames);
    }

    private static Frame frame(int f, StackView view, AddressSpace memory, Locator loc) {
        Layout l = view.layout(f);
        long sp = view.frameAddress(f);
        List<Slot> slots = new ArrayList<>();
        int shown = 0;
        for (int s = 0; s < l.words(); s++) {
            boolean ptr = l.isPointerSlot(s);
            if (shown >= MAX_SLOTS && !(ptr && shown < 2 * MAX_SLOTS)) {
                continue;
            }
            Long v = read(memory, sp + 8L * s);
            String target = null;
            if (v != null && ptr) {
                target = loc.describe(v); // "nil" for 0
            } else if (v != null && l.nomap() && v >= AddressSpace.FIRST_ADDRESS && loc.frameOf(v) >= 0) {
                target = loc.describe(v);
            }
            slots.add(new Slot(s, ptr, v, target));
            shown++;
        }
        return new Frame(f, l.name(), l.words(), l.nomap(), sp, l.frameBytes(), read(memory, sp + 8L * l.words()),
                slots, l.words() - shown);
    }

    private static Long read(AddressSpace memory, long a) {
        return memory.isMapped(a) ? memory.read(a) : null;
    }

    private static long safeRead(AddressSpace memory, long a) {
        return memory.isMapped(a) ? memory.read(a) : 0;
    }

    /** Resolves addresses to frames, slots, records and regions. */
    static final class Locator {
        private final StackView view;
        private final List<StackSegment> segs;
        private final AddressSpace memory;
        private final Region cached;

        Locator(StackView view, List<StackSegment> segs, AddressSpace memory, Region cached) {
            this.view = view;
            this.segs = segs;
            this.memory = memory;
            this.cached = cached;
        }

        /** The segment holding frame f, or -1. */
        int segmentOf(int f) {
            for (int k = segs.size() - 1; k >= 0; k--) {
                if (f >= segs.get(k).firstFrame() && f < segs.get(k).endFrame()) {
                    return k;
                }
            }
            return -1;
        }

        /** The frame whose bytes hold address a, or -1. */
        int frameOf(long a) {
            for (int k = 0; k < segs.size(); k++) {
                StackSegment s = segs.get(k);
                if (s.region().contains(a)) {
                    int f = frameIn(s, a);
                    if (f >= 0) {
                        return f;
                    }
                }
            }
            return -1;
        }

        private int frameIn(StackSegment s, long a) {
            try {
                // frame addresses fall as frame numbers rise: find the oldest frame at or below a
                int lo = s.firstFrame();
                int hi = s.endFrame() - 1;
                int found = -1;
                while (lo <= hi) {
                    int mid = (lo + hi) >>> 1;
                    if (view.frameAddress(mid) <= a) {
                        found = mid;
                        hi = mid - 1;
                    } else {
                        lo = mid + 1;
                    }
                }
                if (found >= 0) {
                    long fa = view.frameAddress(found);
                    if (a < fa + view.layout(found).frameBytes()) {
                        return found;
                    }
                }
            } catch (RuntimeException e) {
                return -1;
            }
            return -1;
        }

        /** What address a is, in words. */
        String describe(long a) {
            if (a == 0) {
                return "nil";
            }
            try {
                for (int k = 0; k < segs.size(); k++) {
                    StackSegment s = segs.get(k);
                    if (!s.region().contains(a)) {
                        continue;
                    }
                    if (s.hasRecord() && a >= s.record() && a < s.record() + 24) {
                        return "stack info of segment " + k + " word " + (a - s.record()) / 8;
                    }
                    int f = frameIn(s, a);
                    if (f >= 0) {
                        long off = a - view.frameAddress(f);
                        Layout l = view.layout(f);
                        if (off % 8 != 0) {
                            return "frame " + f + " +" + off + " (misaligned)";
                        }
                        return off / 8 < l.words() ? "frame " + f + " slot " + off / 8 : "return address of frame " + f;
                    }
                    return "unused space of segment " + k;
                }
            } catch (RuntimeException e) {
                return "?";
            }
            if (cached != null && cached.contains(a)) {
                return "cached segment #" + cached.id();
            }
            Region r = memory.regionAt(a);
            if (r != null) {
                return r.label() + " #" + r.id();
            }
            for (Region x : memory.allRegions()) {
                if (x.contains(a)) {
                    return "freed " + x.label() + " #" + x.id();
                }
            }
            return "unmapped";
        }
    }
}

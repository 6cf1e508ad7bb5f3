package dev.stackcheck.check;

import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.EngineParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the segment events of a black-box segmented engine (split, lessstack, alloc, free; PROTOCOL.md §3)
 * against a mirror of its segment chain, one chain per {@link BlackBoxEvent#stack()}.
 *
 * <p>Invariant of the mirror: {@code chain[0..pos]} are the segments in use, from the base segment (the
 * {@code oldLo} of the first split) to the current one; {@code chain[pos+1..]} the segments the engine
 * still holds above it (its cache). The rules, first broken first:
 * <ul>
 *   <li>SEG-1: a split leaves the current segment ({@code oldLo}) and a lessstack leaves the current one
 *       for the one below it: the events form one chain.</li>
 *   <li>SEG-4: an allocated segment is a whole number of pages and at least the floor, the engine's
 *       {@code segmentMin} when it reports one, else {@code segmentSize}; a split lands on a segment of the
 *       size it was allocated with.</li>
 *   <li>MEM-1: an allocated segment is not one still held; a split lands on a held segment (a freed one is
 *       gone); a free is of a held segment that is not in use.</li>
 *   <li>SEG-1 again: a split lands on the next held segment above the current one (an allocation is held at
 *       the end of the tail).</li>
 *   <li>LEAK-1, the profile's release rule. With {@code segmentCache} (libgcc, generic-morestack.c):
 *       returned segments stay held and a split may reuse one; a tail is freed from its end, never a
 *       segment with held ones above it. Without it (Go 1.2: lessstack frees the segment it leaves): a split
 *       never reuses a segment. A split reuses a segment (a cache hit) unless the event just before it, in
 *       the same statement, allocated that segment.</li>
 *   <li>CPY-4: the segments in use above the base never pass {@code maxStack}.</li>
 *   <li>STAT-1: {@code cacheHits}, when reported, is the number of splits that allocated nothing.</li>
 * </ul>
 * And, by {@link LiveSlots}, of a completed run whose chains hold: SEG-4, the segments cover the frames,
 * read from outside: after every statement the slots of the live frames (8 bytes a word, by the
 * specification) fit in the segments in use, the base segment of each chain counted at the floor (the
 * engine starts the program on a segment of at most that many bytes, PROTOCOL.md §4 item 5) and every other
 * at the size its events give. An engine that hides its splits, or reports none at all, is caught here
 * once the program outgrows one segment.
 */
public final class SegmentEventCheck {

    /** The base segment's lo before a split has named it. */
    private static final long UNNAMED = -2;

    /** A page: segments are mapped in whole pages. */
    public static final long PAGE = 4096;

    private SegmentEventCheck() {
    }

    /** One segment as the events showed it. */
    private record Seg(long lo, long size) {}

    /** A broken rule. */
    private record Why(Invariant invariant, String message) {}

    /** The mirror of one stack's chain. */
    private static final class Chain {
        final List<Seg> segs = new ArrayList<>();
        /** depth of each held segment by its lo */
        final Map<Long, Integer> depth = new HashMap<>();
        int pos = -1;
        /** the alloc event just before, when there was one */
        BlackBoxEvent fresh;
        long inUse;
        long reuses;
    }

    /**
     * Checks the events.
     *
     * @param stats the engine's statistics (segmentMin, cacheHits), possibly empty
     * @return every finding, in event order (at most one per stack: a broken chain stops its mirror)
     */
    public static List<CopyEventCheck.Finding> check(List<BlackBoxEvent> events, EngineParams params,
                                                     Map<String, Long> stats) {
        long floor = stats.getOrDefault("segmentMin", params.segmentSize());
        List<CopyEventCheck.Finding> out = new ArrayList<>();
        Map<String, Chain> chains = new HashMap<>();
        Map<String, Boolean> broken = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            BlackBoxEvent e = events.get(i);
            if (e.kind() == BlackBoxEvent.Kind.COPY || e.kind() == BlackBoxEvent.Kind.SHRINK
                    || broken.containsKey(e.stack())) {
                continue;
            }
            Chain c = chains.computeIfAbsent(e.stack(), s -> new Chain());
            CopyEventCheck.Finding f = step(c, e, i, params, floor);
            if (f != null) {
                out.add(f);
                broken.put(e.stack(), true);
            }
        }
        long reuses = chains.values().stream().mapToLong(c -> c.reuses).sum();
        Long hits = stats.get("cacheHits");
        if (out.isEmpty() && hits != null && hits != reuses && !events.isEmpty()) {
            out.add(new CopyEventCheck.Finding(Invariant.STAT_1, events.size() - 1, events.get(events.size() - 1),
                    "stats.cacheHits = " + hits + ", but " + reuses + " splits allocated no segment"));
        }
        return out;
    }

    /**
     * What the segments in use hold between the steps of the segment events, from a replay of the chains
     * before the specification's pass, and the first statement after which the live slots passed it
     * ({@link #after}, called by that pass).
     *
     * <p>When every segment event names its step and the steps do not go back, a statement that no event names
     * is held to the segments in use after the events of the steps before it; a statement whose step events
     * name is held to the most in use at any point of its events (the state before them included): an engine
     * may give the last step to what it does after the program (its frames returning through lessstack at the
     * end), and a ret's lessstack leaves fewer frames than were live before it. Else the whole run is held to
     * the most the segments in use ever held. When the events break a chain rule ({@link #check} reports that)
     * or name a segment of unknown size, nothing is held.
     */
    public static final class LiveSlots {
        /** the distinct steps of the segment events, increasing */
        private final long[] bounds;
        /** [m + 1]: bytes in use after the events of step bounds[m]; [0]: before any event; null: not held */
        private final long[] after;
        /** [m + 1]: the most bytes in use during the events of step bounds[m], the state before them included */
        private final long[] during;
        private final int[] aboveAfter;
        private final int[] aboveDuring;
        private final int bases;
        private int stretch;
        private Overrun overrun;

        /** After statement {@code index}, step {@code step}, live slots passed what the segments in use hold. */
        public record Overrun(long step, int index, long slotBytes, long capacity, int chains, int segmentsAbove) {}

        public LiveSlots(List<BlackBoxEvent> all, EngineParams params, Map<String, Long> stats) {
            List<BlackBoxEvent> events = all.stream().filter(e -> e.kind() != BlackBoxEvent.Kind.COPY
                    && e.kind() != BlackBoxEvent.Kind.SHRINK).toList();
            long[] steps = events.stream().mapToLong(BlackBoxEvent::step).toArray();
            boolean ordered = true;
            for (int i = 0; i < steps.length; i++) {
                ordered &= BlackBoxEvent.known(steps[i]) && (i == 0 || steps[i] >= steps[i - 1]);
            }
            // unordered: one stretch, [0] holding the most ever in use
            bounds = ordered ? Arrays.stream(steps).distinct().toArray() : new long[0];
            long floor = stats.getOrDefault("segmentMin", params.segmentSize());
            Map<String, Chain> chains = new HashMap<>();
            long[] fin = new long[bounds.length + 1];
            long[] most = new long[bounds.length + 1];
            int[] finAbove = new int[bounds.length + 1];
            int[] mostAbove = new int[bounds.length + 1];
            int m = -1;
            boolean known = true;
            for (int i = 0; i < events.size() && known; i++) {
                BlackBoxEvent e = events.get(i);
                if (ordered && (m < 0 || bounds[m] < e.step())) {
                    // the first event of the next step (bounds holds the events' steps in order): its stretch
                    // starts from what the step before left
                    m++;
                    most[m + 1] = fin[m];
                    mostAbove[m + 1] = finAbove[m];
                }
                Chain c = chains.computeIfAbsent(e.stack(), s -> new Chain());
                known = step(c, e, i, params, floor) == null
                        && (c.pos < 1 || BlackBoxEvent.known(c.segs.get(c.pos).size()));
                long now = chains.values().stream().mapToLong(x -> x.inUse).sum();
                int segs = chains.values().stream().mapToInt(x -> Math.max(0, x.pos)).sum();
                int k = m + 1; // unordered: m stays -1, and [0] holds the whole run
                fin[k] = now;
                finAbove[k] = segs;
                if (now > most[k]) {
                    most[k] = now;
                    mostAbove[k] = segs;
                }
            }
            bases = Math.max(1, chains.size());
            if (!ordered) {
                fin[0] = most[0];
                finAbove[0] = mostAbove[0];
            }
            after = known ? fin : null;
            during = most;
            aboveAfter = finAbove;
            aboveDuring = mostAbove;
            if (known) {
                for (int j = 0; j < fin.length; j++) {
                    fin[j] += floor * bases;
                    most[j] += floor * bases;
                }
            }
        }

        /** After statement {@code index}, step {@code step} (steps increasing), {@code slotBytes} are live. */
        public void after(long step, int index, long slotBytes) {
            if (after == null || overrun != null) {
                return;
            }
            while (stretch < bounds.length && bounds[stretch] <= step) {
                stretch++;
            }
            boolean named = stretch > 0 && bounds[stretch - 1] == step;
            long capacity = named ? during[stretch] : after[stretch];
            if (slotBytes > capacity) {
                overrun = new Overrun(step, index, slotBytes, capacity, bases,
                        named ? aboveDuring[stretch] : aboveAfter[stretch]);
            }
        }

        /** The first statement after which the live slots passed the segments in use, or null. */
        public Overrun overrun() {
            return overrun;
        }
    }

    private static CopyEventCheck.Finding step(Chain c, BlackBoxEvent e, int i, EngineParams params, long floor) {
        Why w = switch (e.kind()) {
            case ALLOC -> alloc(c, e, floor);
            case SPLIT -> split(c, e, params);
            case LESSSTACK -> lessstack(c, e);
            default -> free(c, e);
        };
        return w == null ? null : new CopyEventCheck.Finding(w.invariant(), i, e, w.message());
    }

    /** A new segment: whole pages, at least the floor, not a held one; held from now on, at the tail's end. */
    private static Why alloc(Chain c, BlackBoxEvent e, long floor) {
        String why = sizeRule(e.newSize(), floor);
        if (why != null) {
            return new Why(Invariant.SEG_4, why);
        }
        if (held(c, e.newLo()) >= 0) {
            return new Why(Invariant.MEM_1, "allocated segment " + hex(e.newLo()) + " is still held");
        }
        base(c);
        c.depth.put(e.newLo(), c.segs.size());
        c.segs.add(new Seg(e.newLo(), e.newSize()));
        c.fresh = e;
        return null;
    }

    private static Why split(Chain c, BlackBoxEvent e, EngineParams params) {
        base(c);
        if (c.segs.get(0).lo() == UNNAMED) { // the chain's first split names its base
            c.depth.remove(UNNAMED);
            c.segs.set(0, new Seg(e.oldLo(), 0));
            c.depth.put(e.oldLo(), 0);
        }
        BlackBoxEvent fresh = c.fresh;
        c.fresh = null;
        if (e.oldLo() != c.segs.get(c.pos).lo()) {
            return new Why(Invariant.SEG_1, "split leaves segment " + hex(e.oldLo()) + ", but the current segment is "
                    + hex(c.segs.get(c.pos).lo()));
        }
        int k = c.pos + 1;
        int h = held(c, e.newLo());
        if (h < 0) {
            return new Why(Invariant.MEM_1, "split onto " + hex(e.newLo()) + ", which is not a held segment (freed,"
                    + " or never allocated)");
        }
        if (h != k) {
            return new Why(Invariant.SEG_1, "split onto the held segment at depth " + h + ", not the next one, depth "
                    + k);
        }
        Seg seg = c.segs.get(k);
        boolean allocated = fresh != null && fresh.newLo() == e.newLo() && fresh.step() == e.step();
        if (!allocated) {
            c.reuses++;
            if (!params.segmentCache()) {
                return new Why(Invariant.LEAK_1, "split reuses segment " + hex(seg.lo()) + ": without a cache"
                        + " lessstack frees the segment it leaves (the profile's rule)");
            }
        }
        if (BlackBoxEvent.known(e.newSize()) && e.newSize() != seg.size()) {
            return new Why(Invariant.SEG_4, "split onto a segment of " + e.newSize() + " bytes, but it has "
                    + seg.size());
        }
        c.pos = k;
        c.inUse += seg.size();
        if (c.inUse > params.maxStack()) {
            return new Why(Invariant.CPY_4, "the segments in use above the base hold " + c.inUse + " bytes, past the "
                    + params.maxStack() + "-byte limit");
        }
        return null;
    }

    private static Why lessstack(Chain c, BlackBoxEvent e) {
        c.fresh = null;
        if (c.pos < 1 || e.oldLo() != c.segs.get(c.pos).lo()) {
            return new Why(Invariant.SEG_1, "lessstack leaves segment " + hex(e.oldLo()) + ", but the current segment"
                    + " is " + (c.pos < 1 ? "the base" : hex(c.segs.get(c.pos).lo())));
        }
        if (BlackBoxEvent.known(e.newLo()) && e.newLo() != c.segs.get(c.pos - 1).lo()) {
            return new Why(Invariant.SEG_1, "lessstack returns to " + hex(e.newLo()) + ", not to the segment below, "
                    + hex(c.segs.get(c.pos - 1).lo()));
        }
        c.inUse -= c.segs.get(c.pos).size();
        c.pos--;
        return null;
    }

    /** A free: of a held segment above the one in use, the last of the tail (libgcc frees a tail whole). */
    private static Why free(Chain c, BlackBoxEvent e) {
        c.fresh = null;
        int k = held(c, e.newLo());
        if (k < 0) {
            return new Why(Invariant.MEM_1, "free of " + hex(e.newLo()) + ", which is not a held segment");
        }
        if (k <= c.pos) {
            return new Why(Invariant.MEM_1, "free of segment " + hex(e.newLo()) + ", in use at depth " + k);
        }
        if (k != c.segs.size() - 1) {
            return new Why(Invariant.LEAK_1, "free of segment " + hex(e.newLo()) + " at depth " + k + " leaves "
                    + (c.segs.size() - 1 - k) + " held segment(s) above it unreachable");
        }
        c.segs.remove(k);
        c.depth.remove(e.newLo());
        return null;
    }

    /** The first event of a chain starts it on its base segment, unnamed until a split names it (its oldLo). */
    private static void base(Chain c) {
        if (c.pos < 0) {
            c.segs.add(new Seg(UNNAMED, 0));
            c.depth.put(UNNAMED, 0);
            c.pos = 0;
        }
    }

    private static String sizeRule(long size, long floor) {
        if (!BlackBoxEvent.known(size)) {
            return null;
        }
        if (size % PAGE != 0) {
            return "a segment of " + size + " bytes is not a whole number of " + PAGE + "-byte pages";
        }
        if (size < floor) {
            return "a segment of " + size + " bytes is below the floor of " + floor + " bytes";
        }
        return null;
    }

    private static int held(Chain c, long lo) {
        return c.depth.getOrDefault(lo, -1);
    }

    private static String hex(long v) {
        return BlackBoxEvent.known(v) ? "0x" + Long.toHexString(v) : "(not named)";
    }
}

package dev.stackcheck.check;

import dev.stackcheck.engine.Code;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.memory.Region;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a {@link Snapshot} as text, in the style of the seed article's split-stack picture: the newest
 * segment at the top of the drawing, in each segment the unused space (low addresses) above the newest
 * frame, frames newest first, the frame that returns into lessstack, and at the segment's base (its high
 * addresses) the stack-info record, with an arrow from its saved SP to the caller's frame in the previous
 * segment. Pointers show the frame and slot they address; elided frames and segments are counted.
 *
 * <p>Deterministic: the same snapshot always gives the same text.
 */
public final class StackDiagram {

    private StackDiagram() {
    }

    /** Captures and draws the engine's stack as it is now. */
    public static String render(StackEngine engine, AddressSpace memory) {
        return render(Snapshot.capture(engine, memory));
    }

    private enum Kind { PLAIN, CONTENT, BORDER }

    private static final class Row {
        final Kind kind;
        final String text;
        String out;

        Row(Kind kind, String text) {
            this.kind = kind;
            this.text = text;
        }
    }

    /** Draws the snapshot. */
    public static String render(Snapshot snap) {
        List<Row> rows = new ArrayList<>();
        List<int[]> links = new ArrayList<>();
        List<Long> linkTargets = new ArrayList<>();
        Map<Long, Integer> frameRows = new HashMap<>();
        Map<Long, Integer> frameAt = new HashMap<>();
        for (Snapshot.Segment s : snap.segments()) {
            for (Snapshot.Frame f : s.frames()) {
                frameAt.put(f.address(), f.index());
            }
        }
        int n = snap.segmentCount();
        boolean contiguous = n == 1 && !snap.segments().isEmpty() && !snap.segments().get(0).hasRecord();
        rows.add(new Row(Kind.PLAIN, snap.engine() + " (" + snap.kind().name().toLowerCase() + "): " + snap.depth()
                + (snap.depth() == 1 ? " frame, " : " frames, ") + n + (n == 1 ? " segment, " : " segments, ")
                + snap.deferCount() + (snap.deferCount() == 1 ? " defer record" : " defer records")));
        List<Snapshot.Segment> segs = snap.segments();
        int prevIndex = n;
        for (int i = segs.size() - 1; i >= 0; i--) {
            Snapshot.Segment s = segs.get(i);
            if (s.index() < prevIndex - 1) {
                int hidden = prevIndex - 1 - s.index();
                rows.add(new Row(Kind.PLAIN, ""));
                rows.add(new Row(Kind.PLAIN, "  ... " + hidden + (hidden == 1 ? " segment" : " segments")
                        + " not shown ..."));
            }
            prevIndex = s.index();
            rows.add(new Row(Kind.PLAIN, ""));
            Region r = s.region();
            String what = contiguous ? "stack" : "segment " + s.index() + (s.index() == 0 ? " (base)" : "");
            rows.add(new Row(Kind.PLAIN, what + ": " + r.label() + " #" + r.id() + " [" + Hex.of(r.lo()) + ", "
                    + Hex.of(r.hi()) + ") " + r.size() + " bytes" + (s.live() ? "" : " FREED")
                    + (s.endFrame() - s.firstFrame() == 1 ? ", frame " : ", frames ") + range(s.firstFrame(), s.endFrame())));
            rows.add(new Row(Kind.BORDER, Hex.of(r.lo()) + " lo"));
            long lowest = s.frames().isEmpty() ? (s.hasRecord() ? s.record() : r.hi()) : s.frames().get(0).address();
            boolean topKept = s.frames().isEmpty() || s.frames().get(0).index() == s.endFrame() - 1;
            if (topKept) {
                rows.add(new Row(Kind.CONTENT, "unused: " + (lowest - r.lo()) + " bytes"));
            } else {
                rows.add(new Row(Kind.CONTENT, "unused space and newer frames"));
            }
            int expect = s.endFrame() - 1;
            for (Snapshot.Frame f : s.frames()) {
                if (f.index() < expect) {
                    rows.add(new Row(Kind.BORDER, ""));
                    int k = expect - f.index();
                    rows.add(new Row(Kind.CONTENT, "... " + k + (k == 1 ? " frame (" : " frames (")
                            + range(f.index() + 1, expect + 1) + ") ..."));
                }
                rows.add(new Row(Kind.BORDER, Hex.of(f.address()) + (f.index() == snap.depth() - 1 ? " sp" : "")));
                frameRows.put(f.address(), rows.size());
                rows.add(new Row(Kind.CONTENT, "frame " + f.index() + " " + f.layout() + " (" + f.bytes() + " bytes"
                        + (f.nomap() ? ", nomap" : "") + ")"));
                for (Snapshot.Slot sl : f.slots()) {
                    rows.add(new Row(Kind.CONTENT, "  slot " + sl.index() + " = " + slotText(sl)));
                }
                if (f.hiddenSlots() > 0) {
                    rows.add(new Row(Kind.CONTENT, "  ... " + f.hiddenSlots() + " more slots"));
                }
                rows.add(new Row(Kind.CONTENT, "  return " + returnText(f.returnWord())));
                expect = f.index() - 1;
            }
            if (expect >= s.firstFrame()) {
                rows.add(new Row(Kind.BORDER, ""));
                int k = expect - s.firstFrame() + 1;
                rows.add(new Row(Kind.CONTENT, "... " + k + (k == 1 ? " frame (" : " frames (")
                        + range(s.firstFrame(), expect + 1) + ") ..."));
            }
            if (s.hasRecord()) {
                rows.add(new Row(Kind.BORDER, Hex.of(s.record())));
                List<Long> w = s.recordWords();
                if (w.isEmpty()) {
                    rows.add(new Row(Kind.CONTENT, "stack info: unreadable"));
                } else if (s.index() == 0 && w.get(0) == 0 && w.get(1) == 0 && w.get(2) == 0) {
                    rows.add(new Row(Kind.CONTENT, "stack info: 0 0 0 (base: end of the chain)"));
                } else {
                    rows.add(new Row(Kind.CONTENT, "stack info"));
                    rows.add(new Row(Kind.CONTENT, "  prev segment " + Hex.of(w.get(0))));
                    links.add(new int[] {rows.size(), -1});
                    linkTargets.add(w.get(1));
                    Integer caller = frameAt.get(w.get(1));
                    rows.add(new Row(Kind.CONTENT, "  saved sp     " + Hex.of(w.get(1))
                            + (caller != null ? " (frame " + caller + ")" : "")));
                    rows.add(new Row(Kind.CONTENT, "  return to    " + Hex.code(w.get(2))));
                }
            }
            rows.add(new Row(Kind.BORDER, Hex.of(r.hi()) + " hi"));
        }
        if (snap.cached() != null) {
            Region c = snap.cached();
            rows.add(new Row(Kind.PLAIN, ""));
            rows.add(new Row(Kind.PLAIN, "cached segment: " + c.label() + " #" + c.id() + " [" + Hex.of(c.lo()) + ", "
                    + Hex.of(c.hi()) + ") " + c.size() + " bytes, kept for the next split"));
        }
        if (snap.deferCount() > 0) {
            rows.add(new Row(Kind.PLAIN, ""));
            int hidden = snap.deferCount() - snap.defers().size();
            rows.add(new Row(Kind.PLAIN, "defer records" + (hidden > 0 ? " (the " + hidden + " oldest not shown)" : "")
                    + ":"));
            for (Snapshot.Defer d : snap.defers()) {
                rows.add(new Row(Kind.PLAIN, "  #" + d.index() + " of frame " + d.frame() + ": store " + d.value()
                        + " through " + Hex.of(d.pointer()) + " -> " + d.target()));
            }
        }
        for (String p : snap.problems()) {
            rows.add(new Row(Kind.PLAIN, "! " + p));
        }
        for (int i = 0; i < links.size(); i++) {
            Integer t = frameRows.get(linkTargets.get(i));
            links.get(i)[1] = t == null ? -1 : t;
        }
        return draw(rows, links);
    }

    private static String range(int first, int end) {
        if (end <= first) {
            return "none";
        }
        return end - first == 1 ? String.valueOf(first) : first + ".." + (end - 1);
    }

    private static String slotText(Snapshot.Slot s) {
        if (s.value() == null) {
            return "(unreadable)";
        }
        long v = s.value();
        if (s.target() == null) {
            return String.valueOf(v);
        }
        if (v == 0) {
            return "0 (nil)";
        }
        return Hex.of(v) + " -> " + s.target();
    }

    private static String returnText(Long w) {
        if (w == null) {
            return "(unreadable)";
        }
        if (w == Code.LESSSTACK_PC) {
            return "LESSSTACK_PC: returns into lessstack";
        } else if (w == Code.GOEXIT_PC) {
            return "GOEXIT_PC: goexit";
        }
        return Hex.code(w);
    }

    private static String draw(List<Row> rows, List<int[]> links) {
        int inner = 40;
        for (Row r : rows) {
            if (r.kind == Kind.CONTENT) {
                inner = Math.max(inner, r.text.length());
            }
        }
        int width = 0;
        for (Row r : rows) {
            if (r.kind == Kind.CONTENT) {
                r.out = "  | " + r.text + " ".repeat(inner - r.text.length()) + " |";
            } else if (r.kind == Kind.BORDER) {
                r.out = "  +" + "-".repeat(inner + 2) + "+" + (r.text.isEmpty() ? "" : " " + r.text);
            } else {
                r.out = r.text;
            }
        }
        for (int[] link : links) {
            for (int i = link[0]; link[1] > link[0] && i <= link[1]; i++) {
                width = Math.max(width, rows.get(i).out.length());
            }
        }
        int rail = width + 4;
        int lastEnd = -1;
        for (int[] link : links) {
            int from = link[0];
            int to = link[1];
            if (to <= from || from <= lastEnd) {
                continue;
            }
            Row src = rows.get(from);
            src.out = src.out + "-".repeat(rail - src.out.length()) + "+";
            for (int i = from + 1; i < to; i++) {
                Row r = rows.get(i);
                r.out = r.out + " ".repeat(rail - r.out.length()) + "|";
            }
            Row dst = rows.get(to);
            dst.out = dst.out + " <" + "-".repeat(rail - dst.out.length() - 2) + "+";
            lastEnd = to;
        }
        StringBuilder sb = new StringBuilder();
        for (Row r : rows) {
            sb.append(r.out).append('\n');
        }
        return sb.toString();
    }
}

package dev.stackcheck.report;

import dev.stackcheck.program.Parser;
import java.util.ArrayList;
import java.util.List;

/**
 * The shrink experiment: grow to {@link #DEPTH} frames, return to frame 0, then run {@link #GCS} gc safe
 * points, on every engine and profile, reading the bytes reserved after each. A copying stack halves at
 * most once per gc down to its initial size; a hybrid halves its top segment down to the segment size; a
 * segmented stack has already given its segments back at lessstack. Every run is a lock-step run.
 */
public final class Shrink {

    public static final int DEPTH = 100_000;
    public static final int GCS = 16;

    private Shrink() {
    }

    /**
     * One engine's curve.
     *
     * @param deepest  bytes reserved at the deepest point
     * @param reserved bytes reserved after the return to frame 0 (index 0) and after each gc (index i)
     * @param shrinks  shrinking copies in the whole run
     */
    public record Line(Contender contender, long deepest, List<Long> reserved, long shrinks) {}

    public record Result(int depth, int gcs, List<Line> lines) {
        public Line line(String label) {
            for (Line l : lines) {
                if (l.contender().label().equals(label)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("no line " + label);
        }
    }

    public static Result run(int depth, int gcs, Ledger ledger) {
        List<Line> lines = Parallel.map(Growth.contenders(), c -> {
            Recorder rec = new Recorder(depth);
            var r = Runs.checked(Parser.parse(Growth.text(depth, gcs)), c.label(), c.factory(), rec, ledger);
            return rec.line(c, r.engines().get(0).stats().shrinks());
        });
        return new Result(depth, gcs, lines);
    }

    /** Reads the bytes reserved at the deepest point, after the return to frame 0 and after each gc. */
    static final class Recorder implements Probe.Listener {
        private final int depth;
        private final List<Long> reserved = new ArrayList<>();
        private long deepest;

        Recorder(int depth) {
            this.depth = depth;
        }

        @Override
        public void after(Probe.Statement st, Probe probe) {
            if (st == Probe.Statement.CALL && probe.depth() == depth + 1) {
                deepest = probe.reserved();
            } else if (st == Probe.Statement.RET && probe.depth() == 1) {
                reserved.add(probe.reserved());
            } else if (st == Probe.Statement.GC) {
                reserved.add(probe.reserved());
            }
        }

        Line line(Contender c, long shrinks) {
            return new Line(c, deepest, List.copyOf(reserved), shrinks);
        }
    }
}

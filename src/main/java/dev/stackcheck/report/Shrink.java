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

    public static String text(int depth, int gcs) {
        return "# shrink: grow " + depth + " frames deep, return, then gc " + gcs + " times\n"
                + "frame rec words=2 ptrs=1\n"
                + "call rec\n"
                + "repeat " + depth + " {\n"
                + "  call rec\n"
                + "  addr 1 0.0\n"
                + "}\n"
                + "repeat " + depth + " {\n"
                + "  ret\n"
                + "}\n"
                + "repeat " + gcs + " {\n"
                + "  gc\n"
                + "}\n"
                + "ret\n";
    }

    public static Result run(int depth, int gcs, Ledger ledger) {
        List<Line> lines = Parallel.map(Growth.contenders(), c -> {
            List<Long> reserved = new ArrayList<>();
            long[] deepest = {0};
            var r = LockStep.checked(Parser.parse(text(depth, gcs)), c.label(), c.factory(), (st, probe) -> {
                if (st == Probe.Statement.CALL && probe.depth() == depth + 1) {
                    deepest[0] = probe.reserved();
                } else if (st == Probe.Statement.RET && probe.depth() == 1) {
                    reserved.add(probe.reserved());
                } else if (st == Probe.Statement.GC) {
                    reserved.add(probe.reserved());
                }
            }, ledger);
            return new Line(c, deepest[0], List.copyOf(reserved), r.engines().get(0).stats().shrinks());
        });
        return new Result(depth, gcs, lines);
    }
}

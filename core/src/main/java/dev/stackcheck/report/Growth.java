package dev.stackcheck.report;

import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.Stats;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * The growth experiment: a recursion to {@link #MAX_DEPTH} frames in which every frame points at frame
 * 0 (so every copy must adjust every pointer), on every engine and profile. For each depth: bytes copied
 * so far, the bytes the engine reserves and the bytes its frames and records use.
 *
 * <p>Depths up to {@link #CHECKED_DEPTH} are read from one lock-step run per profile (the run of the
 * {@link Shrink} experiment, which goes on to return and gc) (every invariant
 * checked after every statement); the deeper points from a run of the same program on the engine alone,
 * whose counters at every depth up to {@link #CHECKED_DEPTH} must equal the checked run's, or the
 * experiment fails. The descent is monotone, so the counters at depth d are exactly those of a program
 * that stops at d.
 */
public final class Growth {

    public static final int MAX_DEPTH = 1_000_000;
    public static final int CHECKED_DEPTH = 100_000;

    private Growth() {
    }

    /** The engine's state at one depth. */
    public record Point(long depth, long copies, long bytesCopied, long reserved, long used, long peakUsed,
                        long splits, boolean checked) {
        static Point of(long depth, Probe p, boolean checked) {
            Stats s = p.stats();
            return new Point(depth, s.copies(), s.bytesCopied(), p.reserved(), p.used(), s.peakUsed(), s.splits(),
                    checked);
        }

        /** The same counters, ignoring how they were obtained. */
        boolean sameCounts(Point o) {
            return depth == o.depth && copies == o.copies && bytesCopied == o.bytesCopied && reserved == o.reserved
                    && used == o.used && peakUsed == o.peakUsed && splits == o.splits;
        }
    }

    public record Line(Contender contender, List<Point> points) {
        public Point last() {
            return points.get(points.size() - 1);
        }
    }

    /**
     * @param shrink the shrink experiment, read from the same checked runs (they go on to return and gc)
     */
    public record Result(int maxDepth, int checkedDepth, List<Line> lines, Shrink.Result shrink) {
        public Line line(String label) {
            for (Line l : lines) {
                if (l.contender().label().equals(label)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("no line " + label);
        }
    }

    /** Every profile, on the engine it describes. */
    public static List<Contender> contenders() {
        List<Contender> out = new ArrayList<>();
        for (Profile p : Profile.all()) {
            out.add(Contender.of(p));
        }
        return out;
    }

    /**
     * The program of both experiments: a recursion {@code depth} frames deep, every frame's slot 1 pointing at
     * frame 0's slot 0; then every frame loads through its pointer and returns; then {@code gcs} gc safe points.
     */
    public static String text(long depth, int gcs) {
        return "# grow " + depth + " frames deep, every frame pointing at frame 0; return; gc " + gcs + " times\n"
                + "frame rec words=2 ptrs=1\n"
                + "call rec\n"
                + "set 0 7\n"
                + "repeat " + depth + " {\n"
                + "  call rec\n"
                + "  addr 1 0.0\n"
                + "}\n"
                + "repeat " + depth + " {\n"
                + "  load 1\n"
                + "  ret\n"
                + "}\n"
                + "repeat " + gcs + " {\n"
                + "  gc\n"
                + "}\n"
                + "ret\n";
    }

    /**
     * Runs the growth experiment and, on the same checked runs, the shrink experiment: the checked program
     * is {@link #text}, which after the descent returns (loading through every frame's pointer) and
     * runs {@code gcs} gc safe points.
     */
    public static Result run(int maxDepth, int checkedDepth, int gcs, Ledger ledger) {
        List<Long> samples = HotSplit.samples(maxDepth);
        List<Shrink.Line> shrinkLines = new ArrayList<>();
        List<Line> lines = Parallel.map(contenders(), c -> {
            List<Point> checked = new ArrayList<>();
            Probe.Listener growth = sampler(samples, checked, true);
            Shrink.Recorder shrink = new Shrink.Recorder(checkedDepth);
            var r = Runs.checked(Parser.parse(text(checkedDepth, gcs)), c.label(), c.factory(),
                    (st, probe) -> {
                        growth.after(st, probe);
                        shrink.after(st, probe);
                    }, ledger);
            synchronized (shrinkLines) {
                shrinkLines.add(shrink.line(c, r.engines().get(0).stats().shrinks()));
            }
            List<Point> direct = new ArrayList<>();
            if (maxDepth > checkedDepth) {
                Runs.direct(Parser.parse(text(maxDepth, gcs)), c.factory(), sampler(samples, direct, false));
                for (Point p : checked) {
                    Point d = direct.stream().filter(q -> q.depth() == p.depth()).findFirst().orElse(null);
                    if (d == null || !d.sameCounts(p)) {
                        throw new Runs.ExperimentFailed(c.label() + ": the unchecked run differs from the checked"
                                + " one at depth " + p.depth() + ": " + d + " vs " + p);
                    }
                }
            }
            List<Point> points = new ArrayList<>(checked);
            for (Point d : direct) {
                if (d.depth() > checkedDepth) {
                    points.add(d);
                }
            }
            return new Line(c, List.copyOf(points));
        });
        List<Shrink.Line> ordered = new ArrayList<>();
        for (Line l : lines) {
            for (Shrink.Line s : shrinkLines) {
                if (s.contender().equals(l.contender())) {
                    ordered.add(s);
                }
            }
        }
        return new Result(maxDepth, checkedDepth, lines, new Shrink.Result(checkedDepth, gcs, List.copyOf(ordered)));
    }

    /** Samples after the call that makes the depth (frames above frame 0) a sample depth, on the way down. */
    private static Probe.Listener sampler(List<Long> samples, List<Point> out, boolean checked) {
        int[] next = {0};
        return (st, probe) -> {
            if (st == Probe.Statement.CALL && next[0] < samples.size()
                    && probe.depth() - 1 == samples.get(next[0])) {
                out.add(Point.of(probe.depth() - 1, probe, checked));
                next[0]++;
            }
        };
    }
}

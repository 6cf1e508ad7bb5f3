package dev.stackcheck.report;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.engine.Stats;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * The hot-split experiment: a loop of N calls and returns whose frame just misses the end of the first
 * segment (segmented, hybrid) or of the initial stack (copying), for N up to {@link #MAX_N}.
 *
 * <p>Frame 0 is sized for each engine so that the loop's 24-byte frame misses by 8 bytes: a segmented
 * engine splits on every call and runs lessstack on every return; a copying engine grows once and then
 * calls in place; a hybrid copies its top segment once. Every point is a real count from the engine's
 * statistics, read after the N-th iteration of one {@link #MAX_N}-iteration lock-step run in which every
 * invariant was checked after every statement (the final {@code ret} of frame 0 changes none of the
 * plotted counters).
 */
public final class HotSplit {

    public static final long MAX_N = 100_000;
    /** The loop's frame: two slots (slot 0 a pointer) and the return address. */
    static final int LEAF_WORDS = 2;

    private HotSplit() {
    }

    /** The counters after N iterations. */
    public record Point(long n, long splits, long segmentAllocs, long cacheHits, long copies, long bytesCopied) {
        static Point of(long n, Stats s) {
            return new Point(n, s.splits(), s.segmentAllocs(), s.cacheHits(), s.copies(), s.bytesCopied());
        }
    }

    /** One engine's curve and the program it ran. */
    public record Line(Contender contender, int frame0Words, long boundary, List<Point> points) {
        public Point last() {
            return points.get(points.size() - 1);
        }
    }

    public record Result(long maxN, List<Line> lines) {
        public Line line(String label) {
            for (Line l : lines) {
                if (l.contender().label().equals(label)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("no line " + label);
        }
    }

    /** The four engines the seed article compares: segmented with and without a cache, copying, hybrid. */
    public static List<Contender> contenders() {
        EngineParams go12 = Profile.GO1_2.params();
        return List.of(
                new Contender("segmented (go1.2)", "segmented", "go1.2", go12),
                new Contender("segmented + cache (go1.2 sizes)", "segmented", "go1.2",
                        go12.withSegmentCache(true)),
                Contender.of(Profile.GO1_4),
                Contender.of(Profile.GO1_3));
    }

    /** Bytes from the top of the first segment (below its record) or of the initial stack to its end. */
    public static long boundary(Contender c) {
        return c.engine().equals("copying") ? c.params().initialStack()
                : c.params().segmentSize() - StackSegment.RECORD_BYTES;
    }

    /** Slots of frame 0 such that the loop frame misses the boundary by 8 bytes (with the guard). */
    public static int frame0Words(Contender c) {
        long leaf = 8L * (LEAF_WORDS + 1);
        long frame0 = boundary(c) - c.params().stackGuard() - leaf + 8;
        return (int) (frame0 / 8 - 1);
    }

    /** The program: frame 0 just short of the boundary, then N iterations of call, addr, load, ret. */
    public static String text(int frame0Words, long n) {
        return "# hot split: frame 0 leaves the loop's frame 8 bytes short of the boundary\n"
                + "frame main words=" + frame0Words + "\n"
                + "frame leaf words=" + LEAF_WORDS + " ptrs=0\n"
                + "call main\n"
                + "set 1 42\n"
                + "repeat " + n + " {\n"
                + "  call leaf\n"
                + "  addr 0 0.1\n"
                + "  load 0\n"
                + "  ret\n"
                + "}\n"
                + "ret\n";
    }

    /** 1, 2, 5, 10, 20, 50, ... up to and including max. */
    static List<Long> samples(long max) {
        List<Long> out = new ArrayList<>();
        for (long decade = 1; decade <= max; decade *= 10) {
            for (long m : new long[] {1, 2, 5}) {
                if (decade * m <= max) {
                    out.add(decade * m);
                }
            }
        }
        if (out.get(out.size() - 1) != max) {
            out.add(max);
        }
        return out;
    }

    public static Result run(long maxN, Ledger ledger) {
        List<Long> samples = samples(maxN);
        List<Line> lines = Parallel.map(contenders(), c -> {
            int words = frame0Words(c);
            Program program = Parser.parse(text(words, maxN));
            List<Point> points = new ArrayList<>();
            long[] iterations = {0};
            int[] next = {0};
            Runs.checked(program, c.label(), c.factory(), (st, probe) -> {
                if (st == Probe.Statement.RET && probe.depth() == 1) {
                    iterations[0]++;
                    if (next[0] < samples.size() && iterations[0] == samples.get(next[0])) {
                        points.add(Point.of(iterations[0], probe.stats()));
                        next[0]++;
                    }
                }
            }, ledger);
            return new Line(c, words, boundary(c), List.copyOf(points));
        });
        return new Result(maxN, lines);
    }
}

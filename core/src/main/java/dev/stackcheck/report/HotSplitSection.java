package dev.stackcheck.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/** The hot-split experiment: the seed's claim, the counts at the largest N, three charts. */
public final class HotSplitSection implements Section {

    /** Copies the copying engine may make at N = 100,000 for the claim "copying pays once" to hold. */
    public static final long MAX_COPIES = 20;

    private final HotSplit.Result result;

    public HotSplitSection(HotSplit.Result result) {
        this.result = result;
    }

    @Override
    public String title() {
        return "Hot split";
    }

    /** Segmented without a cache allocates at least N segments at the largest N. */
    public boolean segmentedPaysEveryTime() {
        HotSplit.Point p = result.line("segmented (go1.2)").last();
        return p.segmentAllocs() >= result.maxN();
    }

    /** Copying makes at most {@link #MAX_COPIES} copies at the largest N. */
    public boolean copyingPaysOnce() {
        return result.line("copying (go1.4)").last().copies() <= MAX_COPIES;
    }

    @Override
    public void render(Page page) {
        long n = result.maxN();
        page.text("**The seed's claim.** A segmented stack is cheap to grow but expensive to shrink: when a"
                + " function called in a loop needs a new segment, every call allocates a segment (morestack) and"
                + " every return frees it again (lessstack), and this \"hot split\" (the *stack split problem*)"
                + " is why Go moved to copying stacks. A copying stack doubles and copies once; after that the"
                + " same loop runs in place, and shrinking back costs nothing.");
        page.text("**The experiment.** Frame 0 is sized for each engine so that the loop's 24-byte frame misses"
                + " the end of the first segment (or of the initial stack) by 8 bytes, guard included; the loop"
                + " body calls, points back into frame 0 across the boundary, loads through the pointer and"
                + " returns. Each point is read from the engine's statistics after the N-th iteration of one "
                + Page.n(n) + "-iteration run through the lock-step runner, every invariant checked after every"
                + " statement.");
        HotSplit.Line first = result.lines().get(0);
        page.code(HotSplit.text(first.frame0Words(), n).replace("# hot split", "# hot split, as run on "
                + first.contender().label()));
        List<List<String>> rows = new ArrayList<>();
        for (HotSplit.Line l : result.lines()) {
            HotSplit.Point p = l.last();
            rows.add(List.of(l.contender().label(), Page.n(l.frame0Words()), Page.n(p.splits()),
                    Page.n(p.segmentAllocs()), Page.n(p.cacheHits()), Page.n(p.copies()), Page.n(p.bytesCopied())));
        }
        page.text("**At N = " + Page.n(n) + ":**");
        page.table(List.of("engine", "frame 0 slots", "splits", "segment allocations", "cache hits", "copies",
                "bytes copied"), rows);
        HotSplit.Point seg = result.line("segmented (go1.2)").last();
        HotSplit.Point cpy = result.line("copying (go1.4)").last();
        page.bullets(List.of(
                verdict(segmentedPaysEveryTime()) + " segmented without a cache: " + Page.n(seg.segmentAllocs())
                        + " segment allocations >= N = " + Page.n(n) + " (one per iteration, plus the base segment).",
                verdict(copyingPaysOnce()) + " copying: " + Page.n(cpy.copies()) + " cop" + (cpy.copies() == 1 ? "y" : "ies")
                        + " <= " + MAX_COPIES + " (" + Page.n(cpy.bytesCopied()) + " bytes, once), then every"
                        + " iteration runs in place.",
                "The cache (GCC's) turns the allocations into " + Page.n(result.line("segmented + cache (go1.2 sizes)")
                        .last().cacheHits()) + " cache hits, but every iteration still splits and runs lessstack;"
                        + " the hybrid (Go 1.3) copies its top segment once and then behaves like a copying stack."));
        page.chart("hotsplit-splits.svg", chart("Hot split: morestack splits vs loop iterations",
                "splits", HotSplit.Point::splits));
        page.chart("hotsplit-allocs.svg", chart("Hot split: segment and stack allocations vs loop iterations",
                "region allocations (segments or stacks)", HotSplit.Point::segmentAllocs));
        page.chart("hotsplit-bytes.svg", chart("Hot split: bytes copied vs loop iterations",
                "bytes copied (bytes)", HotSplit.Point::bytesCopied));
    }

    private LineChart chart(String title, String yLabel, ToLongFunction<HotSplit.Point> f) {
        LineChart c = new LineChart(title,
                new LineChart.Axis("loop iterations N (calls and returns across the boundary)", LineChart.Scale.LOG10,
                        LineChart.Units.COUNT),
                yLabel.contains("bytes") ? new LineChart.Axis(yLabel, LineChart.Scale.LOG2, LineChart.Units.BYTES)
                        : new LineChart.Axis(yLabel, LineChart.Scale.LOG10, LineChart.Units.COUNT));
        for (HotSplit.Line l : result.lines()) {
            double[] xs = new double[l.points().size()];
            double[] ys = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = l.points().get(i).n();
                ys[i] = f.applyAsLong(l.points().get(i));
            }
            c.line(l.contender().label(), xs, ys);
        }
        return c;
    }

    static String verdict(boolean holds) {
        return holds ? "**holds:**" : "**DOES NOT HOLD:**";
    }
}

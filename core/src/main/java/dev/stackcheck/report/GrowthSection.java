package dev.stackcheck.report;

import java.util.ArrayList;
import java.util.List;

/** The growth experiment: bytes copied against depth, bytes reserved against bytes used. */
public final class GrowthSection implements Section {

    private final Growth.Result result;

    public GrowthSection(Growth.Result result) {
        this.result = result;
    }

    @Override
    public String title() {
        return "Growth";
    }

    /** For every copying line and every depth: bytes copied <= 2 * peak used. */
    public boolean copyingWithinTwicePeak() {
        for (Growth.Line l : result.lines()) {
            if (!l.contender().engine().equals("copying")) {
                continue;
            }
            for (Growth.Point p : l.points()) {
                if (p.bytesCopied() > 2 * p.peakUsed()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The largest bytesCopied / peakUsed over the copying lines' points. */
    public double worstCopyRatio() {
        double worst = 0;
        for (Growth.Line l : result.lines()) {
            if (l.contender().engine().equals("copying")) {
                for (Growth.Point p : l.points()) {
                    worst = Math.max(worst, (double) p.bytesCopied() / p.peakUsed());
                }
            }
        }
        return worst;
    }

    @Override
    public void render(Page page) {
        page.text("**The experiment.** A recursion " + Page.n(result.maxDepth()) + " frames deep on every"
                + " profile, each 24-byte frame holding a pointer to frame 0, so that every copy has pointers to"
                + " adjust. Depths up to " + Page.n(result.checkedDepth()) + " come from one lock-step run per"
                + " profile (every invariant checked after every statement; the same runs give the shrink"
                + " experiment below); the deeper points from the same program on the engine alone, which must agree with the checked run at every depth both"
                + " reach (it does, or the report would have stopped).");
        page.code(Growth.text(result.maxDepth(), result.shrink().gcs()));
        List<List<String>> rows = new ArrayList<>();
        for (Growth.Line l : result.lines()) {
            Growth.Point p = l.last();
            rows.add(List.of(l.contender().label(), Page.n(p.depth()), Page.n(p.splits()), Page.n(p.copies()),
                    Page.n(p.bytesCopied()), Page.n(p.peakUsed()),
                    Page.ratio((double) p.bytesCopied() / p.peakUsed()), Page.bytes(p.reserved()),
                    Page.ratio((double) p.reserved() / p.used())));
        }
        page.table(List.of("engine (profile)", "depth", "splits", "copies", "bytes copied", "peak used (bytes)",
                "copied / peak used", "reserved", "reserved / used"), rows);
        page.bullets(List.of(HotSplitSection.verdict(copyingWithinTwicePeak()) + " a copying stack copies at most"
                + " twice its peak use at every depth: the worst ratio of bytes copied to peak bytes used is "
                + Page.ratio(worstCopyRatio()) + ". Each doubling copies the used part once, and the used parts"
                + " of successive copies form a geometric series bounded by the final size.",
                "A segmented stack never copies; its overhead is the unused tail of each segment and one 24-byte"
                        + " record per segment. The gcc profile's 4 KiB segments with a 1,536-byte guard waste more"
                        + " per segment than go1.2's 8 KiB ones with 256 bytes."));
        LineChart copied = new LineChart("Growth: bytes copied vs depth",
                new LineChart.Axis("depth (frames of 24 bytes)", LineChart.Scale.LOG10, LineChart.Units.COUNT),
                new LineChart.Axis("bytes copied (bytes)", LineChart.Scale.LOG2, LineChart.Units.BYTES));
        Growth.Line ref = null;
        for (Growth.Line l : result.lines()) {
            double[] xs = new double[l.points().size()];
            double[] ys = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = l.points().get(i).depth();
                ys[i] = l.points().get(i).bytesCopied();
            }
            copied.line(l.contender().label(), xs, ys);
            if (ref == null && l.contender().engine().equals("copying")) {
                ref = l;
            }
        }
        if (ref != null) {
            double[] xs = new double[ref.points().size()];
            double[] ys = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = ref.points().get(i).depth();
                ys[i] = 2.0 * ref.points().get(i).peakUsed();
            }
            copied.reference("2 x peak used (" + ref.contender().profile() + ")", xs, ys);
        }
        page.chart("growth-copied.svg", copied);
        LineChart overhead = new LineChart("Growth: bytes reserved vs bytes used",
                new LineChart.Axis("bytes used by frames and records (bytes)", LineChart.Scale.LOG2,
                        LineChart.Units.BYTES),
                new LineChart.Axis("bytes reserved (bytes)", LineChart.Scale.LOG2, LineChart.Units.BYTES));
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (Growth.Line l : result.lines()) {
            double[] xs = new double[l.points().size()];
            double[] ys = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = l.points().get(i).used();
                ys[i] = l.points().get(i).reserved();
                lo = Math.min(lo, xs[i]);
                hi = Math.max(hi, xs[i]);
            }
            overhead.line(l.contender().label(), xs, ys);
        }
        overhead.reference("reserved = used", new double[] {lo, hi}, new double[] {lo, hi});
        overhead.reference("reserved = 2 x used", new double[] {lo, hi}, new double[] {2 * lo, 2 * hi});
        page.chart("growth-reserved.svg", overhead);
    }
}

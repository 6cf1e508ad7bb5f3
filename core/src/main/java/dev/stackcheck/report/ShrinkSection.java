package dev.stackcheck.report;

import java.util.ArrayList;
import java.util.List;

/** The shrink experiment: bytes reserved after each gc once the deep recursion has returned. */
public final class ShrinkSection implements Section {

    private final Shrink.Result result;

    public ShrinkSection(Shrink.Result result) {
        this.result = result;
    }

    @Override
    public String title() {
        return "Shrink";
    }

    @Override
    public void render(Page page) {
        page.text("**The experiment.** Grow " + Page.n(result.depth()) + " frames deep, return to frame 0, then"
                + " run " + result.gcs() + " gc safe points; every run is a lock-step run. Point 0 is the"
                + " bytes reserved right after the return, point i the bytes reserved after the i-th gc. These are the lock-step runs of the growth experiment. A copying"
                + " stack halves at most once per gc, and only while less than a quarter is used (CPY-3), down to"
                + " its initial size; the hybrid halves its top segment down to the segment size; a segmented"
                + " stack gave its segments back at lessstack on the way up.");
        page.text("The program is the growth experiment's, " + Page.n(result.depth()) + " frames deep.");
        List<List<String>> rows = new ArrayList<>();
        LineChart c = new LineChart("Shrink: bytes reserved after each gc",
                new LineChart.Axis("gc safe points run after returning to frame 0", LineChart.Scale.LINEAR,
                        LineChart.Units.COUNT),
                new LineChart.Axis("bytes reserved (bytes)", LineChart.Scale.LOG2, LineChart.Units.BYTES));
        for (Shrink.Line l : result.lines()) {
            List<Long> r = l.reserved();
            int settled = r.size() - 1;
            while (settled > 0 && r.get(settled - 1).equals(r.get(r.size() - 1))) {
                settled--;
            }
            rows.add(List.of(l.contender().label(), Page.bytes(l.deepest()), Page.bytes(r.get(0)),
                    Page.bytes(r.get(r.size() - 1)), Page.n(l.shrinks()), Page.n(settled)));
            double[] xs = new double[r.size()];
            double[] ys = new double[r.size()];
            for (int i = 0; i < r.size(); i++) {
                xs[i] = i;
                ys[i] = r.get(i);
            }
            c.line(l.contender().label(), xs, ys);
        }
        page.table(List.of("engine (profile)", "reserved at the deepest point", "after the return",
                "after the last gc", "shrinks", "gcs until settled"), rows);
        page.chart("shrink.svg", c);
    }
}

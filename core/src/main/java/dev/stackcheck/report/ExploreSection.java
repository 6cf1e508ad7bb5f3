package dev.stackcheck.report;

import dev.stackcheck.explore.Counterexample;
import dev.stackcheck.explore.ExploreResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounded exhaustive search: every program of the explorer's alphabet up to the depth bound, on every
 * engine with the explore profile; the distinct states per program length, and the verdict. Timings and
 * memory are left out (they vary from run to run); the counts do not.
 */
public final class ExploreSection implements Section {

    private final ExploreResult result;
    private final String command;

    /**
     * @param result  the explorer's result
     * @param command the command line that reproduces it
     */
    public ExploreSection(ExploreResult result, String command) {
        this.result = result;
        this.command = command;
    }

    @Override
    public String title() {
        return "Explore: every program up to " + result.depth() + " statements";
    }

    @Override
    public void render(Page page) {
        page.text("`" + command + "` runs every program of at most " + result.depth() + " statements over the"
                + " explorer's alphabet (five layouts: `one`, `pair`, `big`, `nomap`, `ptr`; values 0 and 1) on"
                + " every engine with the `explore` profile's tiny sizes (64-byte segments with a cache, a 32-byte"
                + " initial stack, an 8-byte guard, a 256-byte limit: see [SPEC.md section 5](../specs/SPEC.md#5-profiles)),"
                + " so that splits, lessstack, cache reuse, big frames, growth, shrinks, hybrid fallbacks and"
                + " overflows are all within reach. A state (the specification's and every engine's whole state, with"
                + " addresses made canonical) reached by two programs is explored once. The search "
                + (result.complete() ? "**covered every program within the bound**" : "**stopped early** ("
                + result.stopped() + ")") + ": " + Page.n(result.states()) + " distinct states, "
                + Page.n(result.transitions()) + " statements tried. Verdict: **"
                + (result.ok() ? "ok, every invariant held in every state" : "VIOLATION") + "**.");
        if (!result.skipped().isEmpty()) {
            page.bullets(result.skipped());
        }
        List<List<String>> rows = new ArrayList<>();
        double[] xs = new double[result.levels().size()];
        double[] ys = new double[xs.length];
        double[] ts = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            ExploreResult.LevelStats l = result.levels().get(i);
            rows.add(List.of(Page.n(l.depth()), Page.n(l.states()), Page.n(l.transitions())));
            xs[i] = l.depth();
            ys[i] = l.states();
            ts[i] = l.transitions();
        }
        page.table(List.of("program length", "new distinct states", "statements tried from the level above"), rows);
        page.chart("explore-states.svg", new LineChart("Explore: distinct states per program length",
                new LineChart.Axis("program length (statements)", LineChart.Scale.LINEAR, LineChart.Units.COUNT),
                new LineChart.Axis("states or statements (count)", LineChart.Scale.LOG10, LineChart.Units.COUNT))
                .line("new distinct states", xs, ys)
                .line("statements tried", xs, ts));
        for (Counterexample c : result.violations()) {
            page.text("**" + c.engine() + "** broke **" + c.invariant() + "** in " + c.length() + " statements: "
                    + c.message());
        }
    }
}

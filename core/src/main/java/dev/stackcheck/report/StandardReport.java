package dev.stackcheck.report;

import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.explore.ExploreConfig;
import dev.stackcheck.explore.ExploreResult;
import dev.stackcheck.explore.Explorer;
import dev.stackcheck.gen.Selftest;
import dev.stackcheck.gen.CheckSession;
import dev.stackcheck.gen.CheckReport;
import dev.stackcheck.gen.CheckFailure;
import dev.stackcheck.gen.CheckOptions;
import dev.stackcheck.gen.CheckTarget;
import java.util.EnumSet;
import java.util.Set;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackEngineProvider;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * reports/index.md as {@code ./stackcheck report} writes it: runs the experiments and the standard
 * runs, then puts one section per result in order. Only the first lines (date, durations, machine) vary
 * from one generation to the next; they are marked volatile.
 */
public final class StandardReport {

    private StandardReport() {
    }

    /** The sizes of the experiments; {@link #FULL} is what the committed report uses. */
    public record Sizes(long hotSplitN, int growthDepth, int growthChecked, int shrinkGcs) {
        public static final Sizes FULL = new Sizes(HotSplit.MAX_N, Growth.MAX_DEPTH, Growth.CHECKED_DEPTH,
                Shrink.GCS);
    }

    /** The suite's version, from the build. */
    public static String version() {
        try (InputStream in = StandardReport.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String v = p.getProperty("version", "unknown");
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The standard check run, as a user types it. */
    public static final String CHECK_COMMAND = "./stackcheck check --seed 0 --tries 1000";

    /** The selftest, as a user types it (its defaults: seed 0, 1,000 tries). */
    public static final String SELFTEST_COMMAND = "./stackcheck selftest --seed 0 --tries 1000";

    /** The standard explore run, as a user types it. */
    public static final String EXPLORE_COMMAND = "./stackcheck explore --depth " + ExploreConfig.DEFAULT_DEPTH;

    /** The options of {@link #CHECK_COMMAND}, without saved failures (they would make the run depend on the disk). */
    static CheckOptions checkOptions() {
        return CheckOptions.DEFAULT.withSeed(0).withTries(1000).withFailureDir(null);
    }

    public static Report build(Sizes sizes) {
        long start = System.nanoTime();
        Ledger ledger = new Ledger();
        List<String> timings = new ArrayList<>();
        // the single-threaded parts side by side; the experiments use the cores themselves afterwards
        List<Object> parts = Parallel.map(List.<Supplier<Object>>of(
                () -> timed("example programs", timings, () -> ExampleRuns.run(ledger)),
                () -> timed("check run", timings, () -> CheckSession.run(CheckTarget.defaults(), checkOptions())),
                () -> timed("selftest", timings, () -> Selftest.run(Selftest.Options.DEFAULT.withSeed(0).withTries(1000)))), Supplier::get);
        ExampleRuns.Result examples = (ExampleRuns.Result) parts.get(0);
        CheckReport check = (CheckReport) parts.get(1);
        Selftest.Report selftest = (Selftest.Report) parts.get(2);
        ExploreResult explore = timed("explore", timings, () -> new Explorer(ExploreConfig.standard(
                ExploreConfig.engines(Engines.providers()), ExploreConfig.DEFAULT_DEPTH, 2)).run());
        Set<StackKind> checkKinds = EnumSet.noneOf(StackKind.class);
        for (CheckTarget t : CheckTarget.defaults()) {
            checkKinds.add(t.kind());
        }
        ledger.add(check.programs(), check.ops(), checkKinds,
                check.failures().stream().map(CheckFailure::violation).toList());
        HotSplit.Result hot = timed("hot split", timings, () -> HotSplit.run(sizes.hotSplitN(), ledger));
        Growth.Result growth = timed("growth and shrink", timings,
                () -> Growth.run(sizes.growthDepth(), sizes.growthChecked(), sizes.shrinkGcs(), ledger));
        Shrink.Result shrink = growth.shrink();

        List<CheckedSection.Engine> engines = new ArrayList<>();
        for (StackEngineProvider p : Engines.providers()) {
            if (Engines.isReference(p)) {
                String profile = Profile.all().stream().filter(pr -> pr.params().equals(p.defaultParams())
                        && pr.engine().equals(p.name())).map(Profile::name).findFirst().orElse("(own)");
                engines.add(new CheckedSection.Engine(p.name(), p.description(), profile));
            }
        }
        List<String> runs = new ArrayList<>();
        runs.add("the standard check run, `" + CHECK_COMMAND + "`: " + Page.n(check.programs())
                + " random programs, " + Page.n(check.ops()) + " statements;");
        runs.add("the selftest: " + selftest.total() + " deliberately wrong engines, each against at most "
                + Page.n(selftest.tries()) + " random programs and the " + selftest.scenarioNames().size()
                + " example scenarios (not counted here: those runs are meant to fail);");
        runs.add("the bounded exhaustive search, `" + EXPLORE_COMMAND + "`: " + Page.n(explore.states())
                + " distinct states (not counted in the runs above: it checks states, not runs);");
        runs.add("the example programs of [specs/programs](../specs/programs) ("
                + String.join(", ", examples.programs()) + ") on every engine: " + Page.n(examples.statements())
                + " statements;");
        runs.add("the hot-split experiment: one run of " + Page.n(hot.maxN()) + " iterations on each of "
                + hot.lines().size() + " engines;");
        runs.add("the growth and shrink experiments: one run per profile, " + Page.n(growth.checkedDepth())
                + " frames deep, back, and " + shrink.gcs() + " gcs; and, unchecked, the same descent to "
                + Page.n(growth.maxDepth()) + " frames.");

        List<Section> sections = new ArrayList<>();
        sections.add(new CheckedSection(version(), engines, runs, ledger));
        sections.add(new InvariantSection(ledger, SelftestSection.caughtBy(selftest)));
        sections.add(new CheckRunSection(check, CHECK_COMMAND));
        sections.add(new SelftestSection(selftest, "`" + SELFTEST_COMMAND + "`"));
        sections.add(new ExploreSection(explore, EXPLORE_COMMAND));
        sections.add(new CoverageSection("The events that the example programs exercised on each engine, summed"
                + " over the programs (`./stackcheck run FILE --engine all` for each).", examples.coverage()));
        sections.add(new HotSplitSection(hot));
        sections.add(new GrowthSection(growth));
        sections.add(new ShrinkSection(shrink));

        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> volatileLines = List.of(
                "Generated " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " in "
                        + String.format(Locale.ROOT, "%.1f s", seconds) + " (" + String.join(", ", timings) + ").",
                "Machine: " + Machine.describe() + ".");
        String preamble = "Everything below is generated by `./stackcheck report` from the committed code: every"
                + " number is a count read from an engine's statistics in a run, every chart is drawn from those"
                + " counts, and only the lines about the date, the durations and the machine change from one"
                + " generation to the next. The specification is [specs/SPEC.md](../specs/SPEC.md); wall-clock"
                + " measurements are in [benchmarks.md](benchmarks.md).";
        return new Report("stackcheck report", preamble, volatileLines, sections);
    }

    private static <T> T timed(String what, List<String> timings, Supplier<T> run) {
        long t0 = System.nanoTime();
        T out = run.get();
        synchronized (timings) {
            timings.add(what + " " + String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9));
        }
        return out;
    }
}

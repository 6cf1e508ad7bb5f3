package dev.stackcheck.gen;

import dev.stackcheck.faults.Fault;
import dev.stackcheck.faults.FaultCatalogue;
import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.RunOptions;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.check.Violation;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.scenarios.GoScenarios;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import dev.stackcheck.scenarios.Scenarios;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The selftest: proves that the checks can fail by running them against every deliberately wrong engine
 * of the {@link FaultCatalogue}, in two ways side by side: (a) the example scenarios alone (the .stk
 * programs under specs/programs, Go's tests among them), and (b) the random properties (a
 * {@link CheckSession} of N tries from a seed, the first failure shrunk).
 *
 * <p>Invariant: a fault counts as caught only when the violation is the fault's own doing: the program that
 * broke it (and, for the random properties, also its shrunk counterexample) passes on the reference engine
 * the fault is built on, with the same parameters. Everything is deterministic in the seed.
 */
public final class Selftest {

    /** Random programs tried per fault by default (each fault stops at its first failure). */
    public static final long DEFAULT_TRIES = 1000;

    /**
     * Statements each example scenario runs at most against a fault (and its reference): deep.stk runs two
     * million, which would dominate the selftest; a run cut short still judges every statement it ran.
     */
    public static final long DEFAULT_SCENARIO_STEPS = 100_000;

    /** Where the example scenarios are read from by default (generated in memory when it is missing). */
    public static final Path DEFAULT_SCENARIOS = Path.of("specs", "programs");

    private static final RunOptions RUN = RunOptions.DEFAULT.withDiagrams(false).withRecordObservations(false);

    private Selftest() {
    }

    /**
     * What the selftest runs.
     *
     * @param seed         the seed of every random session (one per fault, all with this seed)
     * @param tries        random programs per fault at most
     * @param scenarios    run the example scenarios against every fault
     * @param random       run the random properties against every fault
     * @param scenarioDir  the .stk files (searched recursively) to use as example scenarios; when the
     *                     directory does not exist, the scenarios of {@link Scenarios} and {@link GoScenarios}
     * @param scenarioSteps statements each scenario runs at most against a fault (and its reference)
     * @param shrinkBudget the budget of each counterexample's shrink
     * @param faults       the ids of the faults to test; empty: all of them
     */
    public record Options(long seed, long tries, boolean scenarios, boolean random, Path scenarioDir,
                          long scenarioSteps, Shrinker.Budget shrinkBudget, List<String> faults) {

        public static final Options DEFAULT = new Options(0, DEFAULT_TRIES, true, true, DEFAULT_SCENARIOS,
                DEFAULT_SCENARIO_STEPS, Shrinker.Budget.DEFAULT, List.of());

        public Options {
            Objects.requireNonNull(shrinkBudget, "shrinkBudget");
            faults = List.copyOf(faults);
            if (tries < 0 || scenarioSteps < 1) {
                throw new IllegalArgumentException("tries must not be negative and scenarioSteps positive: " + tries
                        + ", " + scenarioSteps);
            }
        }

        public Options withSeed(long v) {
            return new Options(v, tries, scenarios, random, scenarioDir, scenarioSteps, shrinkBudget, faults);
        }

        public Options withTries(long v) {
            return new Options(seed, v, scenarios, random, scenarioDir, scenarioSteps, shrinkBudget, faults);
        }

        public Options withScenarios(boolean v) {
            return new Options(seed, tries, v, random, scenarioDir, scenarioSteps, shrinkBudget, faults);
        }

        public Options withRandom(boolean v) {
            return new Options(seed, tries, scenarios, v, scenarioDir, scenarioSteps, shrinkBudget, faults);
        }

        public Options withScenarioDir(Path v) {
            return new Options(seed, tries, scenarios, random, v, scenarioSteps, shrinkBudget, faults);
        }

        public Options withScenarioSteps(long v) {
            return new Options(seed, tries, scenarios, random, scenarioDir, v, shrinkBudget, faults);
        }

        public Options withShrinkBudget(Shrinker.Budget v) {
            return new Options(seed, tries, scenarios, random, scenarioDir, scenarioSteps, v, faults);
        }

        /** Only the faults with these ids (empty: all). */
        public Options withFaults(List<String> ids) {
            return new Options(seed, tries, scenarios, random, scenarioDir, scenarioSteps, shrinkBudget, ids);
        }
    }

    /** An example scenario: its name (path under the scenario directory, without .stk) and program. */
    public record NamedProgram(String name, Program program) {}

    /**
     * What the selftest found for one fault.
     *
     * @param id                 the fault's id
     * @param base               the reference engine it breaks
     * @param expectedInvariant  the invariant the catalogue expects to catch it
     * @param caught             the random properties caught it (a violation the reference does not show)
     * @param invariant          the invariant that caught it in the random properties, or null
     * @param tries              random programs run until it was caught (all of them when it was not)
     * @param counterexampleOps  statements of the shrunk counterexample (0 when not caught)
     * @param minimalOps         statements of the shortest program known to expose it
     * @param counterexample     the shrunk counterexample as .stk text, or null
     * @param caughtByScenarios  some example scenario caught it
     * @param scenarios          the example scenarios that caught it, each as {@code name (INVARIANT)}
     * @param note               why a failure did not count (the reference failed too), or null
     * @param randomMs           time of the random part for this fault (shrinking included)
     * @param scenarioMs         time of the scenario part for this fault
     */
    public record FaultResult(String id, String base, String expectedInvariant, boolean caught, String invariant,
                              long tries, int counterexampleOps, int minimalOps, String counterexample,
                              boolean caughtByScenarios, List<String> scenarios, String note, long randomMs,
                              long scenarioMs) {

        public FaultResult {
            scenarios = List.copyOf(scenarios);
        }

        /** The JSON fields of one fault, in order. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("caught", caught);
            m.put("invariant", invariant);
            m.put("tries", tries);
            m.put("counterexampleOps", counterexampleOps);
            m.put("minimalOps", minimalOps);
            m.put("caughtByScenarios", caughtByScenarios);
            m.put("base", base);
            m.put("expectedInvariant", expectedInvariant);
            m.put("scenarios", scenarios);
            m.put("counterexample", counterexample);
            m.put("note", note);
            return m;
        }
    }

    /**
     * The selftest's outcome.
     *
     * @param seed              the seed of the random sessions
     * @param tries             random programs per fault at most
     * @param scenarioNames     the example scenarios run against every fault
     * @param faults            one result per fault, in catalogue order
     * @param scenarioMs        time of the scenario part, all faults
     * @param randomMs          time of the random part, all faults (shrinking included)
     * @param ranScenarios      whether the scenario part ran
     * @param ranRandom         whether the random part ran
     */
    public record Report(long seed, long tries, List<String> scenarioNames, List<FaultResult> faults,
                         long scenarioMs, long randomMs, boolean ranScenarios, boolean ranRandom) {

        public Report {
            scenarioNames = List.copyOf(scenarioNames);
            faults = List.copyOf(faults);
        }

        public int total() {
            return faults.size();
        }

        /** Faults the random properties caught. */
        public int caught() {
            return (int) faults.stream().filter(FaultResult::caught).count();
        }

        /** Faults the example scenarios caught. */
        public int caughtByScenarios() {
            return (int) faults.stream().filter(FaultResult::caughtByScenarios).count();
        }

        /** Faults caught one way or the other. */
        public int caughtByEither() {
            return (int) faults.stream().filter(f -> f.caught() || f.caughtByScenarios()).count();
        }

        /** True when the random properties caught every fault (what {@code selftest} exits 0 on). */
        public boolean ok() {
            return ranRandom && caught() == total();
        }

        /** The result for fault {@code id}, or null. */
        public FaultResult fault(String id) {
            for (FaultResult f : faults) {
                if (f.id().equals(id)) {
                    return f;
                }
            }
            return null;
        }

        /** {@code selftest --json}: total, caught, faults[...] and the side-by-side figures. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("total", total());
            m.put("caught", caught());
            m.put("caughtByScenarios", caughtByScenarios());
            m.put("caughtByEither", caughtByEither());
            m.put("seed", seed);
            m.put("tries", tries);
            m.put("scenarios", scenarioNames);
            m.put("scenarioMs", scenarioMs);
            m.put("randomMs", randomMs);
            List<Map<String, Object>> fs = new ArrayList<>();
            for (FaultResult f : faults) {
                fs.add(f.toJson());
            }
            m.put("faults", fs);
            return m;
        }

        /** The side-by-side table (Markdown), one row per fault, then the totals. */
        public String table() {
            StringBuilder s = new StringBuilder();
            s.append("| fault | engine | expected | random properties: caught by | tries | counterexample / minimal ops"
                    + " | example scenarios that catch it |\n");
            s.append("|---|---|---|---|---:|---:|---|\n");
            for (FaultResult f : faults) {
                s.append("| ").append(f.id()).append(" | ").append(f.base()).append(" | ").append(f.expectedInvariant())
                        .append(" | ").append(f.caught() ? f.invariant() : (ranRandom ? "**not caught**" : "-"))
                        .append(" | ").append(ranRandom ? Long.toString(f.tries()) : "-")
                        .append(" | ").append(f.caught() ? f.counterexampleOps() + " / " + f.minimalOps()
                                : "- / " + f.minimalOps())
                        .append(" | ").append(!ranScenarios ? "-" : f.scenarios().isEmpty() ? "none"
                                : String.join(", ", f.scenarios()))
                        .append(" |\n");
            }
            s.append(String.format(Locale.ROOT, "%n%d faults: random properties catch %d (%d tries each at most,"
                            + " seed %d, %.1f s); the %d example scenarios alone catch %d (%.1f s); together %d.%n", total(),
                    caught(), tries, seed, randomMs / 1000.0, scenarioNames.size(), caughtByScenarios(),
                    scenarioMs / 1000.0, caughtByEither()));
            return s.toString();
        }

        /** A few lines for people. */
        public String summary() {
            StringBuilder s = new StringBuilder();
            for (FaultResult f : faults) {
                s.append(String.format(Locale.ROOT, "%-40s %-7s", f.id(), f.caught() ? "caught" : "MISSED"));
                if (f.caught()) {
                    s.append(String.format(Locale.ROOT, " %-6s after %4d tries, counterexample %d ops (minimal %d)",
                            f.invariant(), f.tries(), f.counterexampleOps(), f.minimalOps()));
                }
                s.append(f.caughtByScenarios() ? "; scenarios: " + String.join(", ", f.scenarios()) : "; no scenario");
                if (f.note() != null) {
                    s.append(" [").append(f.note()).append(']');
                }
                s.append('\n');
            }
            s.append(String.format(Locale.ROOT, "%d/%d faults caught by the random properties, %d/%d by the example"
                    + " scenarios alone%n", caught(), total(), caughtByScenarios(), total()));
            return s.toString();
        }
    }

    /** Runs the selftest with {@link Options#DEFAULT}. */
    public static Report run() {
        return run(Options.DEFAULT);
    }

    /** Runs the selftest on the catalogue's faults ({@link Options#faults()} selects some). */
    public static Report run(Options options) {
        return run(options, select(options.faults()));
    }

    /** Runs the selftest on the given faults (the catalogue's or others). */
    public static Report run(Options options, List<Fault> faults) {
        List<NamedProgram> scenarios = options.scenarios() ? loadScenarios(options.scenarioDir()) : List.of();
        Map<String, Boolean> referencePasses = new HashMap<>();
        List<FaultResult> results = new ArrayList<>();
        long scenarioMs = 0;
        long randomMs = 0;
        for (Fault f : faults) {
            long t0 = System.nanoTime();
            List<String> hits = scenarioHits(f, scenarios, options.scenarioSteps(), referencePasses); // none when off
            long t1 = System.nanoTime();
            RandomOutcome r = options.random() ? random(f, options) : RandomOutcome.NOT_RUN;
            long t2 = System.nanoTime();
            scenarioMs += (t1 - t0) / 1_000_000L;
            randomMs += (t2 - t1) / 1_000_000L;
            results.add(new FaultResult(f.id(), f.base(), f.invariant(), r.caught, r.invariant, r.tries, r.ops,
                    f.minimalOps(), r.counterexample, !hits.isEmpty(), hits, r.note, (t2 - t1) / 1_000_000L,
                    (t1 - t0) / 1_000_000L));
        }
        List<String> names = scenarios.stream().map(NamedProgram::name).collect(Collectors.toList());
        return new Report(options.seed(), options.tries(), names, results, scenarioMs, randomMs, options.scenarios(),
                options.random());
    }

    private static List<Fault> select(List<String> ids) {
        if (ids.isEmpty()) {
            return FaultCatalogue.all();
        }
        List<Fault> out = new ArrayList<>();
        for (String id : ids) {
            out.add(FaultCatalogue.byId(id));
        }
        return out;
    }

    // ---- (a) the example scenarios ---------------------------------------------------------------------

    /**
     * The example scenarios: every .stk file under {@code dir} (recursively, sorted by path), or, when
     * {@code dir} is null or missing, those {@link Scenarios} and {@link GoScenarios} generate.
     */
    public static List<NamedProgram> loadScenarios(Path dir) {
        List<NamedProgram> out = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            for (Scenarios.Scenario s : Scenarios.all()) {
                out.add(new NamedProgram(s.name(), s.program()));
            }
            for (Scenarios.Scenario s : GoScenarios.all()) {
                out.add(new NamedProgram("go/" + s.name(), s.program()));
            }
            return out;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".stk")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the scenarios in " + dir, e);
        }
        for (Path p : files) {
            String rel = dir.relativize(p).toString().replace('\\', '/');
            try {
                out.add(new NamedProgram(rel.substring(0, rel.length() - ".stk".length()), Parser.parse(p)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p, e);
            }
        }
        return out;
    }

    /**
     * The scenarios that catch {@code fault}: each run alone on the fault engine, counted when it breaks an
     * invariant there and passes on the reference engine. Returns {@code name (INVARIANT)} per scenario.
     */
    static List<String> scenarioHits(Fault fault, List<NamedProgram> scenarios, long maxSteps,
                                     Map<String, Boolean> referencePasses) {
        List<String> hits = new ArrayList<>();
        RunOptions run = RUN.withMaxSteps(maxSteps);
        for (NamedProgram s : scenarios) {
            RunResult r = Runner.run(s.program(), List.of(new EngineSetup(fault.engineName(), fault::create)), run);
            if (r.ok()) {
                continue;
            }
            String key = fault.base() + " " + fault.params() + " " + s.name();
            boolean refOk = referencePasses.computeIfAbsent(key, k -> Runner.run(s.program(),
                    List.of(new EngineSetup(fault.base(), fault::reference)), run).ok());
            if (refOk) {
                hits.add(s.name() + " (" + r.violations().get(0).id() + ")");
            }
        }
        return hits;
    }

    // ---- (b) the random properties ---------------------------------------------------------------------

    private record RandomOutcome(boolean caught, String invariant, long tries, int ops, String counterexample,
                                 String note) {
        static final RandomOutcome NOT_RUN = new RandomOutcome(false, null, 0, 0, null, null);
    }

    /** The generator a fault's session uses: aimed at the fault's parameters; nomap only where it can run. */
    static GenConfig generatorFor(Fault fault) {
        return GenConfig.DEFAULT.withTargets(List.of(fault.params())).withAllowNomap(!fault.base().equals("copying"));
    }

    private static RandomOutcome random(Fault fault, Options options) {
        EngineParams params = fault.params();
        CheckTarget target = CheckTarget.custom(fault.engineName(), params, fault::create);
        CheckOptions session = CheckOptions.DEFAULT.withSeed(options.seed())
                .withTries(options.tries()).withGenerator(generatorFor(fault)).withFailureDir(null)
                .withShrinkBudget(options.shrinkBudget()).withMaxShrinks(1).withKeepGoing(false);
        CheckReport report = CheckSession.run(List.of(target), session);
        if (report.ok()) {
            return new RandomOutcome(false, null, report.programs(), 0, null, null);
        }
        CheckFailure failure = report.failures().get(0);
        long tries = failure.tryNumber() + 1;
        EngineSetup reference = new EngineSetup(fault.base(), fault::reference);
        for (Program p : List.of(failure.original(), failure.program())) {
            RunResult r = Runner.run(p, List.of(reference), RUN);
            if (!r.ok()) {
                Violation v = r.violations().get(0);
                return new RandomOutcome(false, null, tries, 0, null,
                        "the reference engine fails too (" + v.summary() + "): not the fault's doing");
            }
        }
        return new RandomOutcome(true, failure.invariant(), tries, failure.program().length(),
                failure.program().toString(), null);
    }
}

package dev.stackcheck.gen;

import dev.stackcheck.check.Coverage;
import dev.stackcheck.check.EngineResult;
import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.RunOptions;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.check.Skipped;
import dev.stackcheck.check.Violation;
import dev.stackcheck.engine.Counter;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Printer;
import dev.stackcheck.program.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A check: random programs from a seed, each run in lock step on the specification and every target
 * engine, every invariant checked after every statement; the first failure of each kind shrunk, explained
 * and saved. The JUnit properties and {@code ./stackcheck check} both run this, and nothing else.
 *
 * <p>Invariant: with the same targets and options (and no time bound reached), a session draws the same
 * programs, runs the same statements, counts the same coverage and reaches the same verdict and the same
 * shrunk counterexamples, on one worker thread or many: tries run in parallel but are added up in try order,
 * and only the lowest-numbered failure of each kind is shrunk, after the tries, on the calling thread
 * (engines from a provider must therefore be independent of one another: no shared mutable state). Try {@code i} of shard {@code I/N} is program number {@code i*N + I-1} of the
 * unsharded sequence, whose seed is a fixed mix of the session seed and that number; so shard runs never
 * overlap, and N shards of T tries cover exactly the programs of one run of N*T tries.
 *
 * <p>Saved failures ({@code *.stk} in {@link Options#failureDir()}) run before the random programs; a
 * saved program that still fails is reported (shrunk again) like a new failure.
 */
public final class CheckSession {

    /** The events whose share of programs a session reports, in report order. */
    public static final List<Counter> COVERAGE_EVENTS = List.of(Counter.SPLIT, Counter.LESSSTACK, Counter.CACHE_HIT,
            Counter.GROW, Counter.SHRINK, Counter.HYBRID_FALLBACK, Counter.DEFER_ADJUSTED, Counter.BIG_FRAME,
            Counter.OVERFLOW);

    /** Where failures are saved, and read back, by default. */
    public static final Path DEFAULT_FAILURE_DIR = Path.of("target", "stackcheck", "failures");

    /**
     * What a session runs.
     *
     * @param seed         the session seed; every program flows from it
     * @param tries        random programs to run (in this shard)
     * @param shard        which shard, 1..shards
     * @param shards       how many shards the run is split into (1: no split)
     * @param generator    the generator's knobs; null: {@link GenConfig#DEFAULT}. Unless it names its own
     *                     engine parameters, it is aimed at the targets' parameters
     * @param shrinkBudget the budget of each shrink
     * @param maxMillis    stop drawing programs after this long (0: no bound); a run cut short says so
     * @param keepGoing    run every try even after a failure (then shrink the first of each kind);
     *                     otherwise stop at the first failing program
     * @param maxShrinks   most failures shrunk in one session (the others are reported unshrunk)
     * @param failureDir   where failures are saved and read back first; null: neither
     * @param runOptions   the runner's options for the tries (diagrams are drawn only for the shrunk failures)
     * @param workers      threads that run the tries (0: one per available processor); the report does not
     *                     depend on it, only the time taken does
     */
    public record Options(long seed, long tries, int shard, int shards, GenConfig generator,
                          Shrinker.Budget shrinkBudget, long maxMillis, boolean keepGoing, int maxShrinks,
                          Path failureDir, RunOptions runOptions, int workers) {

        public static final Options DEFAULT = new Options(0, 200, 1, 1, null, Shrinker.Budget.DEFAULT, 0, false, 3,
                DEFAULT_FAILURE_DIR, RunOptions.DEFAULT.withDiagrams(false).withRecordObservations(false), 0);

        public Options {
            if (tries < 0 || shards < 1 || shard < 1 || shard > shards || maxMillis < 0 || maxShrinks < 0) {
                throw new IllegalArgumentException("bad check options: tries " + tries + ", shard " + shard + "/" + shards);
            }
            if (workers < 0) {
                throw new IllegalArgumentException("bad check options: workers " + workers + " (0: one per processor)");
            }
        }

        /** Threads {@link #workers()} asks for: itself, or one per available processor when it is 0. */
        public int effectiveWorkers() {
            return workers > 0 ? workers : Math.max(1, Runtime.getRuntime().availableProcessors());
        }

        /** Runs the tries on {@code v} threads (0: one per available processor). */
        public Options withWorkers(int v) {
            return new Options(seed, tries, shard, shards, generator, shrinkBudget, maxMillis, keepGoing, maxShrinks,
                    failureDir, runOptions, v);
        }

        public Options withSeed(long v) {
            return new Options(v, tries, shard, shards, generator, shrinkBudget, maxMillis, keepGoing, maxShrinks,
                    failureDir, runOptions, workers);
        }

        public Options withTries(long v) {
            return new Options(seed, v, shard, shards, generator, shrinkBudget, maxMillis, keepGoing, maxShrinks,
                    failureDir, runOptions, workers);
        }

        /** Shard {@code i} of {@code n} (1 <= i <= n). */
        public Options withShard(int i, int n) {
            return new Options(seed, tries, i, n, generator, shrinkBudget, maxMillis, keepGoing, maxShrinks,
                    failureDir, runOptions, workers);
        }

        /** Parses {@code I/N}, as {@code --shard} takes it. */
        public Options withShard(String spec) {
            String[] parts = spec.trim().split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("--shard takes I/N (1 <= I <= N): " + spec);
            }
            try {
                return withShard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--shard takes I/N (1 <= I <= N): " + spec);
            }
        }

        public Options withGenerator(GenConfig v) {
            return new Options(seed, tries, shard, shards, v, shrinkBudget, maxMillis, keepGoing, maxShrinks,
                    failureDir, runOptions, workers);
        }

        public Options withShrinkBudget(Shrinker.Budget v) {
            return new Options(seed, tries, shard, shards, generator, v, maxMillis, keepGoing, maxShrinks,
                    failureDir, runOptions, workers);
        }

        public Options withMaxMillis(long v) {
            return new Options(seed, tries, shard, shards, generator, shrinkBudget, v, keepGoing, maxShrinks,
                    failureDir, runOptions, workers);
        }

        public Options withKeepGoing(boolean v) {
            return new Options(seed, tries, shard, shards, generator, shrinkBudget, maxMillis, v, maxShrinks,
                    failureDir, runOptions, workers);
        }

        public Options withMaxShrinks(int v) {
            return new Options(seed, tries, shard, shards, generator, shrinkBudget, maxMillis, keepGoing, v,
                    failureDir, runOptions, workers);
        }

        public Options withFailureDir(Path v) {
            return new Options(seed, tries, shard, shards, generator, shrinkBudget, maxMillis, keepGoing, maxShrinks,
                    v, runOptions, workers);
        }

        public Options withRunOptions(RunOptions v) {
            return new Options(seed, tries, shard, shards, generator, shrinkBudget, maxMillis, keepGoing, maxShrinks,
                    failureDir, v, workers);
        }

        /**
         * Options from settings named {@code stackcheck.*} (system properties, junit-platform.properties, ...),
         * each falling back to {@link #DEFAULT}: {@code stackcheck.seed}, {@code stackcheck.tries},
         * {@code stackcheck.shard} (I/N), {@code stackcheck.maxLength} (statements per program),
         * {@code stackcheck.maxMillis} (time bound, 0 none), {@code stackcheck.shrinkCalls} (runs per shrink),
         * {@code stackcheck.failureDir} ("none" to neither save nor replay), {@code stackcheck.workers} (threads,
     * 0 one per processor).
         */
        public static Options fromSettings(java.util.function.Function<String, Optional<String>> get) {
            Options o = DEFAULT;
            Optional<String> v;
            if ((v = get.apply("stackcheck.seed")).isPresent()) {
                o = o.withSeed(Long.parseLong(v.get().trim()));
            }
            if ((v = get.apply("stackcheck.tries")).isPresent()) {
                o = o.withTries(Long.parseLong(v.get().trim()));
            }
            if ((v = get.apply("stackcheck.shard")).isPresent()) {
                o = o.withShard(v.get());
            }
            if ((v = get.apply("stackcheck.maxLength")).isPresent()) {
                o = o.withGenerator(GenConfig.DEFAULT.withMaxLength(Integer.parseInt(v.get().trim())));
            }
            if ((v = get.apply("stackcheck.maxMillis")).isPresent()) {
                o = o.withMaxMillis(Long.parseLong(v.get().trim()));
            }
            if ((v = get.apply("stackcheck.shrinkCalls")).isPresent()) {
                o = o.withShrinkBudget(new Shrinker.Budget(Integer.parseInt(v.get().trim()),
                        o.shrinkBudget().maxMillis()));
            }
            if ((v = get.apply("stackcheck.failureDir")).isPresent()) {
                o = o.withFailureDir(v.get().trim().equals("none") ? null : Path.of(v.get().trim()));
            }
            if ((v = get.apply("stackcheck.workers")).isPresent()) {
                o = o.withWorkers(Integer.parseInt(v.get().trim()));
            }
            return o;
        }

        /** The generator configuration used with these targets. */
        GenConfig generatorFor(List<CheckTarget> targets) {
            List<EngineParams> params = new ArrayList<>();
            for (CheckTarget t : targets) {
                params.add(t.params());
            }
            // a configuration given with only the default parameters is aimed at the targets' parameters
            if (generator != null && !generator.targets().equals(GenConfig.DEFAULT.targets())) {
                return generator;
            }
            return (generator != null ? generator : GenConfig.DEFAULT).withTargets(params);
        }
    }

    /**
     * One failure: the invariant an engine broke, the program that broke it and the shrunk program.
     *
     * @param signature   {@code ID target}, the failure kept while shrinking (e.g. {@code PTR-1 copying})
     * @param target      the engine that broke it
     * @param violation   the violation of the shrunk program, with the stack drawn before and after
     * @param original    the program first found failing
     * @param program     the shrunk program
     * @param programSeed the seed the original was drawn from, or null when it came from a saved file
     * @param tryNumber   the program's number in the unsharded sequence (-1 for a saved file)
     * @param shrink      the shrink's outcome, or null when it was not shrunk
     * @param savedTo     the .stk file it was saved to, or null
     * @param source      the saved file it was read from, or null
     * @param saveError   why it could not be saved (the folder cannot be written, say), or null
     */
    public record Failure(String signature, CheckTarget target, Violation violation, Program original, Program program,
                          Long programSeed, long tryNumber, Shrinker.Result shrink, Path savedTo, Path source,
                          String saveError) {

        /** The invariant's ID, e.g. {@code PTR-1}. */
        public String invariant() {
            return violation.id();
        }

        /**
         * Why the shrink stopped before a fixpoint, with the option that raises its bound; null when it
         * did not stop early.
         */
        public String shrinkStop() {
            if (shrink == null || !shrink.stoppedEarly()) {
                return null;
            }
            return "shrinking stopped early at its bound of " + shrink.oracleCalls()
                    + " runs or its time bound, before the smallest program (--shrink-runs and --shrink-time raise"
                    + " them)";
        }

        /** The command that replays the shrunk program ({@code FILE} when it was not saved). */
        public String replayCommand() {
            return target.replayCommand(savedTo != null ? savedTo.toString() : "FILE");
        }

        /** The shrunk program as a .stk file: comments saying what broke and how to replay, then the program. */
        public String stk(long sessionSeed) {
            return stk(sessionSeed, savedTo != null ? savedTo.toString() : "FILE");
        }

        /** As {@link #stk(long)}, for a copy written to {@code file} (the replay comment names it). */
        public String stk(long sessionSeed, String file) {
            StringBuilder s = new StringBuilder();
            s.append("# stackcheck counterexample: ").append(violation.id()).append(" broken by ")
                    .append(target.name()).append('\n');
            s.append("# ").append(violation.summary().replace('\n', ' ')).append('\n');
            if (programSeed != null) {
                s.append("# found by check --seed ").append(sessionSeed).append(" (program ").append(tryNumber)
                        .append(", program seed ").append(programSeed).append(")\n");
            } else if (source != null) {
                s.append("# from ").append(source).append('\n');
            }
            s.append("# replay: ").append(target.replayCommand(file)).append('\n');
            s.append(Printer.print(program));
            return s.toString();
        }

        /**
         * What a failing property prints: the invariant, the shrunk program, the stack before and after the
         * failing statement, the seed and the replay command.
         */
        public String message(long sessionSeed) {
            StringBuilder s = new StringBuilder();
            s.append(violation.id()).append(" (").append(violation.invariant().title()).append(") broken by ")
                    .append(target.name()).append(": ").append(violation.invariant().statement()).append('\n');
            s.append(violation.summary()).append("\n\n");
            s.append("shrunk program (").append(program.length()).append(" statements");
            if (shrink != null) {
                s.append(", from ").append(original.length()).append("; ").append(shrink.oracleCalls())
                        .append(" runs").append(shrink.stoppedEarly() ? ", " + shrinkStop() : "");
            }
            s.append("):\n").append(Printer.print(program));
            if (!violation.before().isEmpty()) {
                s.append("\nbefore `").append(violation.statementText()).append("`:\n").append(violation.before());
            }
            if (!violation.after().isEmpty()) {
                s.append("\nafter `").append(violation.statementText()).append("`:\n").append(violation.after());
            }
            s.append('\n');
            if (programSeed != null) {
                s.append("seed ").append(sessionSeed).append(" (program ").append(tryNumber).append(", program seed ")
                        .append(programSeed).append(")\n");
            } else if (source != null) {
                s.append("saved failure ").append(source).append('\n');
            }
            s.append("replay: ").append(replayCommand()).append('\n');
            return s.toString();
        }
    }

    /**
     * What a session found.
     *
     * @param seed           the session seed
     * @param shard          the shard run (1..shards)
     * @param shards         the number of shards
     * @param programs       random programs run
     * @param ops            statements the specification ran over all programs (each checked on every engine)
     * @param engineOps      statements the engines ran, summed over engines
     * @param violations     programs that broke an invariant
     * @param elapsedMs      wall-clock milliseconds, shrinking included
     * @param shrinkMs       of which shrinking
     * @param engines        the targets' names
     * @param skipped        per target, programs it refused (a copying engine refuses nomap layouts)
     * @param coverageCounts per event of {@link #COVERAGE_EVENTS}, programs in which some engine met it
     * @param failures       the failures, the first first (shrunk, explained, saved)
     * @param savedReplayed  saved failures run before the random programs
     * @param savedErrors    saved files that could not be run (unreadable, bad input), with why
     * @param stoppedEarly   true when the time bound cut the tries short
     */
    public record Report(long seed, int shard, int shards, long programs, long ops, long engineOps, long violations,
                         long elapsedMs, long shrinkMs, List<String> engines, Map<String, Long> skipped,
                         Map<String, Long> coverageCounts, List<Failure> failures, int savedReplayed,
                         List<String> savedErrors, boolean stoppedEarly) {

        /** True when no invariant broke and every engine really ran some of the programs. */
        public boolean ok() {
            return failures.isEmpty() && unchecked().isEmpty();
        }

        /** "ok"; "violation"; or "unchecked" when no invariant broke but some engine refused every program. */
        public String verdict() {
            return !failures.isEmpty() ? "violation" : unchecked().isEmpty() ? "ok" : "unchecked";
        }

        /** The engines that refused every program drawn: they checked nothing, which is not a pass. */
        public List<String> unchecked() {
            List<String> out = new ArrayList<>();
            for (String e : engines) {
                if (programs > 0 && skipped.getOrDefault(e, 0L) >= programs) {
                    out.add(e);
                }
            }
            return out;
        }

        /** Per engine, the programs it really ran and the programs it refused, in target order. */
        public Map<String, Map<String, Long>> perEngine() {
            Map<String, Map<String, Long>> out = new LinkedHashMap<>();
            for (String e : engines) {
                long refused = skipped.getOrDefault(e, 0L);
                Map<String, Long> m = new LinkedHashMap<>();
                m.put("programs", programs - refused);
                m.put("refused", refused);
                out.put(e, m);
            }
            return out;
        }

        /** Per event, the share of programs (0 to 1) in which some engine met it. */
        public Map<String, Double> coverage() {
            Map<String, Double> out = new LinkedHashMap<>();
            for (Counter e : COVERAGE_EVENTS) {
                out.put(e.key(), programs == 0 ? 0.0 : coverageCounts.getOrDefault(e.key(), 0L) / (double) programs);
            }
            return out;
        }

        /** Statements per second over the whole session (shrinking excluded). */
        public double opsPerSecond() {
            long ms = Math.max(1, elapsedMs - shrinkMs);
            return ops * 1000.0 / ms;
        }

        public double programsPerSecond() {
            long ms = Math.max(1, elapsedMs - shrinkMs);
            return programs * 1000.0 / ms;
        }

        /** The fields of {@code check --json}, in order (the JSON object the command line prints). */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("verdict", verdict());
            m.put("seed", seed);
            m.put("shard", shard + "/" + shards);
            m.put("programs", programs);
            m.put("ops", ops);
            m.put("engineOps", engineOps);
            m.put("violations", violations);
            m.put("elapsedMs", elapsedMs);
            m.put("opsPerSecond", Math.round(opsPerSecond()));
            m.put("engines", engines);
            m.put("skipped", skipped);
            m.put("perEngine", perEngine());
            m.put("unchecked", unchecked());
            m.put("coverage", coverage());
            m.put("stoppedEarly", stoppedEarly);
            m.put("savedReplayed", savedReplayed);
            List<Map<String, Object>> fs = new ArrayList<>();
            for (Failure f : failures) {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("invariant", f.invariant());
                fm.put("engine", f.target().name());
                fm.put("message", f.violation().message());
                fm.put("statement", f.violation().statementText());
                fm.put("line", f.violation().pos().line());
                fm.put("program", Printer.print(f.program()));
                fm.put("statements", f.program().length());
                fm.put("originalStatements", f.original().length());
                fm.put("programSeed", f.programSeed());
                fm.put("file", f.savedTo() != null ? f.savedTo().toString() : null);
                fm.put("replay", f.replayCommand());
                fm.put("shrinkStopped", f.shrinkStop());
                fm.put("saveError", f.saveError());
                fs.add(fm);
            }
            m.put("failures", fs);
            return m;
        }

        /** A few lines for people: counts, rate, coverage, verdict. */
        public String summary() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(java.util.Locale.ROOT, "%d programs, %d statements (%d on engines) in %d ms:"
                            + " %.0f statements/s, %.0f programs/s; seed %d, shard %d/%d%s%n", programs, ops, engineOps,
                    elapsedMs, opsPerSecond(), programsPerSecond(), seed, shard, shards,
                    stoppedEarly ? " (stopped at the time bound; stackcheck.maxMillis raises it)" : ""));
            s.append("engines (programs run / refused):");
            perEngine().forEach((e, m) -> s.append(' ').append(e).append(' ').append(m.get("programs")).append('/')
                    .append(m.get("refused")));
            s.append('\n');
            for (String e : unchecked()) {
                s.append("unchecked: ").append(e).append(" refused all ").append(programs)
                        .append(" programs, so it checked nothing (exit 1)\n");
            }
            s.append("coverage (share of programs):");
            for (Map.Entry<String, Double> e : coverage().entrySet()) {
                s.append(String.format(java.util.Locale.ROOT, " %s %.2f", e.getKey(), e.getValue()));
            }
            s.append('\n');
            if (savedReplayed > 0) {
                s.append("saved failures replayed first: ").append(savedReplayed).append('\n');
            }
            for (String e : savedErrors) {
                s.append("saved failure not run: ").append(e).append('\n');
            }
            s.append(!failures.isEmpty() ? failures.size() + " failure(s), first: "
                    + failures.get(0).violation().summary() : ok() ? "ok: every invariant held"
                    : "unchecked: no invariant broke, but " + String.join(", ", unchecked()) + " checked nothing")
                    .append('\n');
            for (Failure f : failures) {
                if (f.shrinkStop() != null) {
                    s.append(f.signature()).append(": ").append(f.shrinkStop()).append('\n');
                }
            }
            return s.toString();
        }
    }

    private CheckSession() {
    }

    /** The seed of program number {@code n} of a session seeded {@code seed} (a SplitMix64 step). */
    public static long programSeed(long seed, long n) {
        long z = seed + (n + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Runs a session on the targets. */
    public static Report run(List<CheckTarget> targets, Options options) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no engine to check");
        }
        long start = System.nanoTime();
        long deadline = options.maxMillis() > 0 ? start + options.maxMillis() * 1_000_000L : Long.MAX_VALUE;
        GenConfig config = options.generatorFor(targets);
        ProgramGenerator generator = new ProgramGenerator(config);
        List<EngineSetup> specs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Map<String, Long> skipped = new LinkedHashMap<>();
        for (CheckTarget t : targets) {
            specs.add(t.spec());
            names.add(t.name());
            skipped.put(t.name(), 0L);
        }
        Map<String, Long> coverage = new LinkedHashMap<>();
        for (Counter e : COVERAGE_EVENTS) {
            coverage.put(e.key(), 0L);
        }
        RunOptions runOptions = options.runOptions().withDiagrams(false).withStopAtFirstViolation(!options.keepGoing());

        List<Failure> failures = new ArrayList<>();
        List<String> savedErrors = new ArrayList<>();
        long shrinkNanos = 0;
        // saved failures first
        int savedReplayed = 0;
        for (Path file : savedFiles(options.failureDir(), savedErrors)) {
            Program p;
            try {
                p = Parser.parse(file);
            } catch (IOException | RuntimeException e) {
                savedErrors.add(file + ": " + e.getMessage());
                continue;
            }
            savedReplayed++;
            RunResult r;
            try {
                r = Runner.run(p, specs, runOptions);
            } catch (RuntimeException e) {
                savedErrors.add(file + ": " + e.getMessage());
                continue;
            }
            if (!r.violations().isEmpty()) {
                long t0 = System.nanoTime();
                failures.add(explain(targets, r.violations().get(0), p, null, null, -1, file, options, null));
                shrinkNanos += System.nanoTime() - t0;
                if (!options.keepGoing()) {
                    return report(options, start, shrinkNanos, 0, 0, 0, 0, names, skipped, coverage, failures,
                            savedReplayed, savedErrors, false);
                }
            }
        }

        Tally tally = new Tally(skipped, coverage);
        TryRunner tries = new TryRunner(options, generator, specs, runOptions, deadline);
        boolean stoppedEarly = options.effectiveWorkers() <= 1 || options.tries() <= 1
                ? tries.runInline(tally) : tries.runParallel(tally, options.effectiveWorkers());
        long t0 = System.nanoTime();
        int shrunk = 0;
        for (String sig : tally.firstOfKind.keySet()) {
            boolean doShrink = shrunk < options.maxShrinks();
            shrunk++;
            Try first = tally.firstOfKind.get(sig);
            failures.add(explain(targets, tally.firstViolation.get(sig), first.generated().program(), generator,
                    doShrink ? first.generated().choices() : null, first.number(), null, options, first.seed()));
        }
        shrinkNanos += System.nanoTime() - t0;
        return report(options, start, shrinkNanos, tally.programs, tally.ops, tally.engineOps, tally.violating, names,
                skipped, coverage, failures, savedReplayed, savedErrors, stoppedEarly);
    }

    /**
     * One random program run on every target: what the session adds up. {@code generated} is kept only
     * when the program failed (it is shrunk later); {@code error} is what the draw or the run threw.
     */
    private record Try(long number, long seed, ProgramGenerator.Generated generated, long steps,
                       long engineOps, Coverage met, List<String> skipped, List<Violation> violations,
                       Throwable error) {

        boolean failed() {
            return error != null || !violations.isEmpty();
        }
    }

    /**
     * The sums of a session, added up try by try in try order (whichever thread ran them), so that they
     * never depend on the number of threads or on timing.
     */
    private static final class Tally {
        final Map<String, Long> skipped;
        final Map<String, Long> coverage;
        long programs;
        long ops;
        long engineOps;
        long violating;
        /** per signature, the lowest-numbered try that broke it, and its violation */
        final Map<String, Try> firstOfKind = new LinkedHashMap<>();
        final Map<String, Violation> firstViolation = new LinkedHashMap<>();

        Tally(Map<String, Long> skipped, Map<String, Long> coverage) {
            this.skipped = skipped;
            this.coverage = coverage;
        }

        /** Adds the next try; rethrows what it threw. Returns true when the session stops after it. */
        boolean add(Try t, boolean keepGoing) {
            if (t.error() instanceof RuntimeException e) {
                throw e;
            }
            if (t.error() instanceof Error e) {
                throw e;
            }
            if (t.error() != null) {
                throw new IllegalStateException(t.error());
            }
            programs++;
            ops += t.steps();
            engineOps += t.engineOps();
            for (String name : t.skipped()) {
                skipped.merge(name, 1L, Long::sum);
            }
            count(coverage, t.met());
            if (t.violations().isEmpty()) {
                return false;
            }
            violating++;
            for (Violation v : t.violations()) {
                String sig = signature(v);
                if (!firstOfKind.containsKey(sig)) {
                    firstOfKind.put(sig, t);
                    firstViolation.put(sig, v);
                }
            }
            return !keepGoing;
        }
    }

    /**
     * Runs the tries of a session, on the calling thread or on a fixed pool of workers.
     *
     * <p>Invariant of a parallel run: workers claim try indices in increasing order (one counter), never
     * more than {@link #WINDOW_PER_WORKER} per worker ahead of the merge, and every claimed try runs to its
     * end; the calling thread adds the results to the tally strictly in index order. A failing try (when
     * the session stops at the first failure) or a throwing one lowers the bound of claims to just past
     * itself, so the tries below it, all claimed before it, still complete and the tally ends at the lowest
     * failing try, as in a run on one thread. Tries past the bound that were already running are dropped.
     * Only the time bound depends on timing: the tally then ends at the last try claimed before it.
     */
    private static final class TryRunner {
        static final int WINDOW_PER_WORKER = 32;

        private final Options options;
        private final ProgramGenerator generator;
        private final List<EngineSetup> specs;
        private final RunOptions runOptions;
        private final long deadline;

        TryRunner(Options options, ProgramGenerator generator, List<EngineSetup> specs, RunOptions runOptions,
                  long deadline) {
            this.options = options;
            this.generator = generator;
            this.specs = specs;
            this.runOptions = runOptions;
            this.deadline = deadline;
        }

        /** Try {@code i} of this shard: program number {@code i*N + I-1}, drawn and run on every target. */
        Try run(long i) {
            long number = i * options.shards() + (options.shard() - 1);
            long seed = programSeed(options.seed(), number);
            try {
                ProgramGenerator.Generated g = generator.draw(seed);
                RunResult r = Runner.run(g.program(), specs, runOptions);
                long engineOps = 0;
                Coverage met = Coverage.ZERO;
                for (EngineResult e : r.engines()) {
                    engineOps += e.statements();
                    met = met.plus(e.coverage());
                }
                List<String> skippedNames = new ArrayList<>(r.skipped().size());
                for (Skipped s : r.skipped()) {
                    skippedNames.add(s.name());
                }
                return new Try(number, seed, r.violations().isEmpty() ? null : g, r.steps(), engineOps, met,
                        skippedNames, r.violations(), null);
            } catch (RuntimeException | Error e) {
                return new Try(number, seed, null, 0, 0, Coverage.ZERO, List.of(), List.of(), e);
            }
        }

        /** Runs the tries on the calling thread. Returns true when the time bound cut them short. */
        boolean runInline(Tally tally) {
            for (long i = 0; i < options.tries(); i++) {
                if (System.nanoTime() > deadline) {
                    return true;
                }
                if (tally.add(run(i), options.keepGoing())) {
                    break;
                }
            }
            return false;
        }

        // shared between the workers and the merging thread, guarded by lock
        private final Object lock = new Object();
        private Try[] window;
        private long nextClaim;
        private long merged;
        private long bound;
        private boolean timedOut;

        /** Runs the tries on {@code workers} threads, merging on the calling thread. */
        boolean runParallel(Tally tally, int workers) {
            int cap = workers * WINDOW_PER_WORKER;
            window = new Try[cap];
            bound = options.tries();
            AtomicInteger ids = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "stackcheck-worker-" + ids.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                for (int w = 0; w < workers; w++) {
                    pool.execute(this::work);
                }
                while (true) {
                    Try t;
                    synchronized (lock) {
                        while (merged < bound && window[(int) (merged % cap)] == null) {
                            lock.wait();
                        }
                        if (merged >= bound) {
                            break;
                        }
                        int at = (int) (merged % cap);
                        t = window[at];
                        window[at] = null;
                        merged++;
                        lock.notifyAll();
                    }
                    if (tally.add(t, options.keepGoing())) {
                        return false; // stopped at a failure, every try before it run: not cut short
                    }
                }
                synchronized (lock) {
                    return timedOut;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("check interrupted");
            } finally {
                synchronized (lock) {
                    bound = Math.min(bound, merged);
                    lock.notifyAll();
                }
                pool.shutdown();
                try {
                    pool.awaitTermination(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** A worker: claims the next try, runs it, hands it over; until the bound or the time bound. */
        private void work() {
            int cap = window.length;
            while (true) {
                long i;
                synchronized (lock) {
                    while (nextClaim < bound && nextClaim >= merged + cap) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    if (nextClaim >= bound) {
                        return;
                    }
                    if (System.nanoTime() > deadline) {
                        timedOut = true;
                        bound = nextClaim;
                        lock.notifyAll();
                        return;
                    }
                    i = nextClaim++;
                }
                Try t = run(i);
                synchronized (lock) {
                    if (i < bound) {
                        window[(int) (i % cap)] = t;
                        if (t.error() != null || (!t.violations().isEmpty() && !options.keepGoing())) {
                            bound = Math.min(bound, i + 1);
                        }
                    }
                    lock.notifyAll();
                }
            }
        }
    }

    private static Report report(Options options, long start, long shrinkNanos, long programs, long ops, long engineOps,
                                 long violating, List<String> names, Map<String, Long> skipped,
                                 Map<String, Long> coverage, List<Failure> failures, int savedReplayed,
                                 List<String> savedErrors, boolean stoppedEarly) {
        long elapsed = (System.nanoTime() - start) / 1_000_000L;
        return new Report(options.seed(), options.shard(), options.shards(), programs, ops, engineOps, violating,
                elapsed, shrinkNanos / 1_000_000L, List.copyOf(names), Collections.unmodifiableMap(skipped),
                Collections.unmodifiableMap(coverage), List.copyOf(failures), savedReplayed, List.copyOf(savedErrors),
                stoppedEarly);
    }

    private static void count(Map<String, Long> coverage, Coverage c) {
        for (Counter e : COVERAGE_EVENTS) {
            if (c.get(e) > 0) {
                coverage.merge(e.key(), 1L, Long::sum);
            }
        }
    }

    /** {@code ID target}: what a shrink must keep failing. */
    static String signature(Violation v) {
        return v.id() + " " + v.engine();
    }

    /**
     * The oracle a shrink uses: runs the program on the one target that failed and answers the signature of
     * its violation (empty when it passes).
     */
    public static Optional<String> oracle(CheckTarget target, Program p, RunOptions options) {
        RunResult r = Runner.run(p, List.of(target.spec()), options.withDiagrams(false)
                .withStopAtFirstViolation(true).withRecordObservations(false));
        return r.violations().isEmpty() ? Optional.empty() : Optional.of(signature(r.violations().get(0)));
    }

    /** Shrinks (when choices are given, or for a saved program), draws the diagrams, saves. */
    private static Failure explain(List<CheckTarget> targets, Violation first, Program program,
                                   ProgramGenerator generator, ChoiceSequence choices, long number, Path source,
                                   Options options, Long programSeed) {
        CheckTarget target = targets.stream().filter(t -> t.name().equals(first.engine())).findFirst().orElseThrow();
        String sig = signature(first);
        Shrinker shrinker = new Shrinker(p -> oracle(target, p, options.runOptions()), options.shrinkBudget());
        Shrinker.Result shrink = null;
        Program shrunk = program;
        if (oracle(target, program, options.runOptions()).filter(sig::equals).isPresent()) {
            if (choices != null) {
                shrink = shrinker.shrink(generator, choices);
                shrunk = shrink.program();
            } else if (source != null) {
                shrink = shrinker.shrink(program);
                shrunk = shrink.program();
            }
        }
        RunResult r = Runner.run(shrunk, List.of(target.spec()), options.runOptions().withDiagrams(true)
                .withStopAtFirstViolation(true).withRecordObservations(false));
        Violation v = r.violations().isEmpty() ? first : r.violations().get(0);
        Failure f = new Failure(sig, target, v, program, shrunk, programSeed, number, shrink, null, source, null);
        if (options.failureDir() != null) {
            Path file = source != null ? source
                    : options.failureDir().resolve(fileName(v, target, shrunk));
            try {
                Files.createDirectories(options.failureDir());
                Failure saved = new Failure(sig, target, v, program, shrunk, programSeed, number, shrink, file, source,
                        null);
                Files.writeString(file, saved.stk(options.seed()), StandardCharsets.UTF_8);
                f = saved;
            } catch (IOException | RuntimeException e) {
                // the failure is still reported; the caller prints why it was not saved after it
                f = new Failure(sig, target, v, program, shrunk, programSeed, number, shrink, null, source,
                        "cannot save the counterexample to " + file + ": " + e);
            }
        }
        return f;
    }

    private static String fileName(Violation v, CheckTarget target, Program p) {
        String engine = target.name().replaceAll("[^A-Za-z0-9.-]", "_");
        return v.id() + "-" + engine + "-" + String.format("%08x", Printer.print(p).hashCode()) + ".stk";
    }

    private static List<Path> savedFiles(Path dir, List<String> errors) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".stk")).sorted().toList();
        } catch (IOException e) {
            errors.add(dir + ": " + e.getMessage());
            return List.of();
        }
    }
}

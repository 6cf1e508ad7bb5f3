package dev.stackcheck.gen;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.RunOptions;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.check.Violation;
import dev.stackcheck.engine.Counter;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A check: random programs from a seed, each run in lock step on the specification and every target
 * engine, every invariant checked after every statement; the first failure of each kind shrunk, explained
 * and saved. The JUnit properties and {@code ./stackcheck check} both run this, and nothing else.
 *
 * <p>Invariant: with the same targets and options (and no time bound reached), a session draws the same
 * programs, runs the same statements, counts the same coverage and reaches the same verdict and the same
 * shrunk counterexamples, on one worker thread or many: tries run in parallel ({@link TryRunner}) but are
 * added up in try order ({@link Tally}), and only the lowest-numbered failure of each kind is shrunk, after
 * the tries, on the calling thread (engines from a provider must therefore be independent of one another: no
 * shared mutable state). Try {@code i} of shard {@code I/N} is program number {@code i*N + I-1} of the
 * unsharded sequence, whose seed is a fixed mix of the session seed and that number; so shard runs never
 * overlap, and N shards of T tries cover exactly the programs of one run of N*T tries. The targets that refuse
 * a program because it declares {@code nomap} layouts (copying stacks) run, in the same try, a second program
 * drawn without them from a seed fixed by the first's; a failure is shrunk from the program that failed.
 *
 * <p>Saved failures ({@link FailureStore}: per engine and configuration under
 * {@link CheckOptions#failureDir()}) run first, each on its own target, unless
 * {@link CheckOptions#replaySaved()} is off; a saved program that still fails is reported (shrunk again)
 * like a new failure, and the report says it was replayed.
 */
public final class CheckSession {

    /** The events whose share of programs a session reports, in report order. */
    public static final List<Counter> COVERAGE_EVENTS = List.of(Counter.SPLIT, Counter.LESSSTACK, Counter.CACHE_HIT,
            Counter.GROW, Counter.SHRINK, Counter.HYBRID_FALLBACK, Counter.DEFER_ADJUSTED, Counter.BIG_FRAME,
            Counter.OVERFLOW);

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
    public static CheckReport run(List<CheckTarget> targets, CheckOptions options) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no engine to check");
        }
        long start = System.nanoTime();
        long deadline = options.maxMillis() > 0 ? start + options.maxMillis() * 1_000_000L : Long.MAX_VALUE;
        ProgramGenerator generator = new ProgramGenerator(options.generatorFor(targets));
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
        FailureStore store = options.failureDir() != null ? new FailureStore(options.failureDir()) : null;

        List<CheckFailure> failures = new ArrayList<>();
        List<String> savedErrors = new ArrayList<>();
        long shrinkNanos = 0;
        int savedReplayed = 0;
        if (store != null && options.replaySaved()) {
            for (CheckTarget target : targets) {
                for (Path file : store.saved(target, savedErrors)) {
                    Program p;
                    RunResult r;
                    try {
                        p = Parser.parse(file);
                        r = Runner.run(p, List.of(target.spec()), runOptions);
                    } catch (IOException | RuntimeException e) {
                        savedErrors.add(file + ": " + e.getMessage());
                        continue;
                    }
                    savedReplayed++;
                    if (!r.violations().isEmpty()) {
                        long t0 = System.nanoTime();
                        failures.add(explain(target, r.violations().get(0), p, null, null, -1, file, options, null,
                                store));
                        shrinkNanos += System.nanoTime() - t0;
                        if (!options.keepGoing()) {
                            return report(options, start, shrinkNanos, new Tally(skipped, coverage), names, failures,
                                    savedReplayed, savedErrors, false);
                        }
                    }
                }
            }
        }

        Tally tally = new Tally(skipped, coverage);
        TryRunner tries = new TryRunner(options, generator, specs, runOptions, deadline);
        boolean stoppedEarly = options.effectiveWorkers() <= 1 || options.tries() <= 1
                ? tries.runInline(tally) : tries.runParallel(tally, options.effectiveWorkers());
        long t0 = System.nanoTime();
        int shrunk = 0;
        for (Map.Entry<String, Try.Found> kind : tally.firstOfKind.entrySet()) {
            boolean doShrink = shrunk < options.maxShrinks();
            shrunk++;
            Violation v = kind.getValue().violation();
            Draw d = kind.getValue().draw(); // the program that failed: the try's first, or its second draw
            CheckTarget target = targets.stream().filter(t -> t.name().equals(v.engine())).findFirst().orElseThrow();
            failures.add(explain(target, v, d.generated().program(), d.generator(),
                    doShrink ? d.generated().choices() : null, tally.firstTry.get(kind.getKey()), null, options, d,
                    store));
        }
        shrinkNanos += System.nanoTime() - t0;
        return report(options, start, shrinkNanos, tally, names, failures, savedReplayed, savedErrors, stoppedEarly);
    }

    private static CheckReport report(CheckOptions options, long start, long shrinkNanos, Tally tally,
                                      List<String> names, List<CheckFailure> failures, int savedReplayed,
                                      List<String> savedErrors, boolean stoppedEarly) {
        long elapsed = (System.nanoTime() - start) / 1_000_000L;
        return new CheckReport(options.seed(), options.shard(), options.shards(), tally.programs, tally.ops,
                tally.engineOps, tally.violating, elapsed, shrinkNanos / 1_000_000L, List.copyOf(names),
                Collections.unmodifiableMap(tally.skipped), Collections.unmodifiableMap(tally.coverage),
                List.copyOf(failures), savedReplayed, List.copyOf(savedErrors), stoppedEarly);
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
    private static CheckFailure explain(CheckTarget target, Violation first, Program program,
                                        ProgramGenerator generator, ChoiceSequence choices, long number, Path source,
                                        CheckOptions options, Draw draw, FailureStore store) {
        Long programSeed = draw != null ? draw.seed() : null;
        boolean withoutNomap = draw != null && draw.withoutNomap();
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
        CheckFailure f = new CheckFailure(sig, target, v, program, shrunk, programSeed, withoutNomap, number, shrink,
                null, source, null);
        if (store != null) {
            Path file = source != null ? source : store.file(v, target, shrunk);
            try {
                CheckFailure saved = new CheckFailure(sig, target, v, program, shrunk, programSeed, withoutNomap,
                        number, shrink, file, source, null);
                FailureStore.write(file, saved.stk(options.seed()));
                f = saved;
            } catch (IOException | RuntimeException e) {
                // the failure is still reported; the caller prints why it was not saved after it
                f = new CheckFailure(sig, target, v, program, shrunk, programSeed, withoutNomap, number, shrink, null,
                        source, "cannot save the counterexample to " + file + ": " + e);
            }
        }
        return f;
    }
}

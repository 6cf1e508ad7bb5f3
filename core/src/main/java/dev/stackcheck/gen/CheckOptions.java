package dev.stackcheck.gen;

import dev.stackcheck.check.RunOptions;
import dev.stackcheck.engine.EngineParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a check session runs: seed, tries, shard, generator, shrink budget, bounds, workers and where failures
 * are kept. An immutable value; {@link CheckSettings} reads one from {@code stackcheck.*} settings.
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
 * @param failureDir   where failures are saved, per engine and configuration ({@link FailureStore}); null:
 *                     nowhere
 * @param replaySaved  run the saved failures of each target before drawing programs
 * @param runOptions   the runner's options for the tries (diagrams are drawn only for the shrunk failures)
 * @param workers      threads that run the tries (0: one per available processor); the report does not
 *                     depend on it, only the time taken does
 */
public record CheckOptions(long seed, long tries, int shard, int shards, GenConfig generator,
                           Shrinker.Budget shrinkBudget, long maxMillis, boolean keepGoing, int maxShrinks,
                           Path failureDir, boolean replaySaved, RunOptions runOptions, int workers) {

    /** Where failures are saved, and read back, by default. */
    public static final Path DEFAULT_FAILURE_DIR = Path.of("target", "stackcheck", "failures");

    public static final CheckOptions DEFAULT = new CheckOptions(0, 200, 1, 1, null, Shrinker.Budget.DEFAULT, 0, false,
            3, DEFAULT_FAILURE_DIR, true, RunOptions.DEFAULT.withDiagrams(false).withRecordObservations(false), 0);

    public CheckOptions {
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
    public CheckOptions withWorkers(int v) {
        return new CheckOptions(seed, tries, shard, shards, generator, shrinkBudget, maxMillis, keepGoing, maxShrinks,
                failureDir, replaySaved, runOptions, v);
    }

    public CheckOptions withSeed(long v) {
        return new CheckOptions(v, tries, shard, shards, generator, shrinkBudget, maxMillis, keepGoing, maxShrinks,
                failureDir, replaySaved, runOptions, workers);
    }

    public CheckOptions withTries(long v) {
        return new CheckOptions(seed, v, shard, shards, generator, shrinkBudget, maxMillis, keepGoing, maxShrinks,
                failureDir, replaySaved, runOptions, workers);
    }

    /** Shard {@code i} of {@code n} (1 <= i <= n). */
    public CheckOptions withShard(int i, int n) {
        return new CheckOptions(seed, tries, i, n, generator, shrinkBudget, maxMillis, keepGoing, maxShrinks,
                failureDir, replaySaved, runOptions, workers);
    }

    /** Parses {@code I/N}, as {@code --shard} takes it. */
    public CheckOptions withShard(String spec) {
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

    public CheckOptions withGenerator(GenConfig v) {
        return new CheckOptions(seed, tries, shard, shards, v, shrinkBudget, maxMillis, keepGoing, maxShrinks,
                failureDir, replaySaved, runOptions, workers);
    }

    public CheckOptions withShrinkBudget(Shrinker.Budget v) {
        return new CheckOptions(seed, tries, shard, shards, generator, v, maxMillis, keepGoing, maxShrinks,
                failureDir, replaySaved, runOptions, workers);
    }

    public CheckOptions withMaxMillis(long v) {
        return new CheckOptions(seed, tries, shard, shards, generator, shrinkBudget, v, keepGoing, maxShrinks,
                failureDir, replaySaved, runOptions, workers);
    }

    public CheckOptions withKeepGoing(boolean v) {
        return new CheckOptions(seed, tries, shard, shards, generator, shrinkBudget, maxMillis, v, maxShrinks,
                failureDir, replaySaved, runOptions, workers);
    }

    public CheckOptions withMaxShrinks(int v) {
        return new CheckOptions(seed, tries, shard, shards, generator, shrinkBudget, maxMillis, keepGoing, v,
                failureDir, replaySaved, runOptions, workers);
    }

    /** Saves failures under {@code v} (null: nowhere, and nothing is replayed). */
    public CheckOptions withFailureDir(Path v) {
        return new CheckOptions(seed, tries, shard, shards, generator, shrinkBudget, maxMillis, keepGoing, maxShrinks,
                v, replaySaved, runOptions, workers);
    }

    /** Runs (true) or skips (false) the saved failures before the random programs. */
    public CheckOptions withReplaySaved(boolean v) {
        return new CheckOptions(seed, tries, shard, shards, generator, shrinkBudget, maxMillis, keepGoing, maxShrinks,
                failureDir, v, runOptions, workers);
    }

    public CheckOptions withRunOptions(RunOptions v) {
        return new CheckOptions(seed, tries, shard, shards, generator, shrinkBudget, maxMillis, keepGoing, maxShrinks,
                failureDir, replaySaved, v, workers);
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

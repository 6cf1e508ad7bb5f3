package dev.stackcheck.gen;

import dev.stackcheck.check.Coverage;
import dev.stackcheck.check.EngineResult;
import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.RunOptions;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.check.Skipped;
import dev.stackcheck.check.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
final class TryRunner {
    static final int WINDOW_PER_WORKER = 32;

    private final CheckOptions options;
    private final ProgramGenerator generator;
    /** the generator's variant without nomap layouts, or null when the generator declares none */
    private final ProgramGenerator withoutNomap;
    private final List<EngineSetup> specs;
    private final RunOptions runOptions;
    private final long deadline;

    TryRunner(CheckOptions options, ProgramGenerator generator, List<EngineSetup> specs, RunOptions runOptions,
              long deadline) {
        this.options = options;
        this.generator = generator;
        this.withoutNomap = generator.config().allowNomap()
                ? new ProgramGenerator(generator.config().withAllowNomap(false)) : null;
        this.specs = specs;
        this.runOptions = runOptions;
        this.deadline = deadline;
    }

    /**
     * Try {@code i} of this shard: program number {@code i*N + I-1}, drawn and run on every target; when it
     * declares {@code nomap} layouts, the targets that refused it (copying stacks) run a second program drawn
     * without them, from {@link #withoutNomapSeed}, so that they too check a program in every try.
     */
    Try run(long i) {
        long number = i * options.shards() + (options.shard() - 1);
        long seed = CheckSession.programSeed(options.seed(), number);
        try {
            Draw first = new Draw(seed, generator, generator.draw(seed), false);
            RunResult r = Runner.run(first.generated().program(), specs, runOptions);
            long engineOps = engineOps(r);
            Coverage met = coverage(r);
            List<Try.Found> found = new ArrayList<>();
            for (Violation v : r.violations()) {
                found.add(new Try.Found(v, first));
            }
            List<Skipped> skipped = r.skipped();
            List<EngineSetup> refused = refusedForNomap(first, r);
            if (!refused.isEmpty() && (found.isEmpty() || options.keepGoing())) {
                long seed2 = withoutNomapSeed(seed);
                Draw second = new Draw(seed2, withoutNomap, withoutNomap.draw(seed2), true);
                RunResult r2 = Runner.run(second.generated().program(), refused, runOptions);
                engineOps += engineOps(r2);
                met = met.plus(coverage(r2));
                for (Violation v : r2.violations()) {
                    found.add(new Try.Found(v, second));
                }
                skipped = r2.skipped();
            }
            List<String> skippedNames = new ArrayList<>(skipped.size());
            for (Skipped s : skipped) {
                skippedNames.add(s.name());
            }
            return new Try(number, seed, r.steps(), engineOps, met, skippedNames, found, null);
        } catch (RuntimeException | Error e) {
            return new Try(number, seed, 0, 0, Coverage.ZERO, List.of(), List.of(), e);
        }
    }

    /**
     * The seed of a try's second draw, from the seed of its first: a SplitMix64 step, so that it is fixed by the
     * session seed and the program's number, as the first is, and unrelated to any other program's seed.
     */
    static long withoutNomapSeed(long programSeed) {
        return CheckSession.programSeed(programSeed, 0);
    }

    /**
     * The targets that refused the drawn program, when it declares nomap layouts (none when it declares none).
     * A refusal names no cause, so a target that refused for another reason gets the second program too; if it
     * refuses that one as well, the try counts as refused for it.
     */
    private List<EngineSetup> refusedForNomap(Draw first, RunResult r) {
        if (!first.generated().program().hasNomapLayout()) { // so the generator allows them: withoutNomap is set
            return List.of();
        }
        List<EngineSetup> out = new ArrayList<>();
        for (EngineSetup spec : specs) {
            for (Skipped s : r.skipped()) {
                if (s.name().equals(spec.name())) {
                    out.add(spec);
                    break;
                }
            }
        }
        return out;
    }

    private static long engineOps(RunResult r) {
        long ops = 0;
        for (EngineResult e : r.engines()) {
            ops += e.statements();
        }
        return ops;
    }

    private static Coverage coverage(RunResult r) {
        Coverage met = Coverage.ZERO;
        for (EngineResult e : r.engines()) {
            met = met.plus(e.coverage());
        }
        return met;
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
                    if (t.error() != null || (!t.found().isEmpty() && !options.keepGoing())) {
                        bound = Math.min(bound, i + 1);
                    }
                }
                lock.notifyAll();
            }
        }
    }
}

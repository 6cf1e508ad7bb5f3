package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput and shrink figures, run on demand:
 * {@code mvn -q -o test -Dtest=CheckBenchmark -Dstackcheck.bench=true [-Dstackcheck.tries=2000]}.
 * A warm-up session first, then a default session on every engine (all invariants checked), on one worker
 * and on one per processor ({@code dev.stackcheck.bench.CheckRate} in core/src/bench gives wall and CPU figures for each worker count), then the
 * planted faults caught and shrunk for ten seeds. It prints the figures; it asserts only that the default
 * session passed and that every shrunk counterexample has at most ten statements.
 */
@EnabledIfSystemProperty(named = "stackcheck.bench", matches = "true")
class CheckBenchmark {

    @Test
    void throughputAndShrinkSizes() {
        long tries = Long.getLong("stackcheck.tries", 2000);
        List<CheckTarget> targets = CheckTarget.defaults();
        CheckOptions o = CheckOptions.DEFAULT.withFailureDir(null);
        CheckSession.run(targets, o.withSeed(99).withTries(300));
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        // one worker, on this thread, so that this thread's CPU time is the session's
        long cpu0 = mx.getCurrentThreadCpuTime();
        CheckReport r = CheckSession.run(targets, o.withSeed(1).withTries(tries).withWorkers(1));
        double cpuSeconds = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.print("default check, all engines, one worker:\n" + r.summary());
        System.out.printf(java.util.Locale.ROOT, "per CPU second (this thread, immune to other load): %.0f statements,"
                + " %.0f engine statements, %.0f programs%n", r.ops() / cpuSeconds, r.engineOps() / cpuSeconds,
                r.programs() / cpuSeconds);
        assertTrue(r.ok(), r.summary());
        CheckReport all = CheckSession.run(targets, o.withSeed(1).withTries(tries));
        System.out.print("the same on " + o.effectiveWorkers() + " workers:\n" + all.summary());
        assertTrue(all.ok(), all.summary());

        for (CheckTarget fault : List.of(PlantedFaults.copyForgetsCallers(), PlantedFaults.lessstackWrongSegment(),
                PlantedFaults.shrinkIgnoresQuarter())) {
            List<Integer> sizes = new ArrayList<>();
            List<Integer> from = new ArrayList<>();
            long runs = 0;
            long ms = 0;
            for (long seed = 1; seed <= 10; seed++) {
                CheckReport f = CheckSession.run(List.of(fault), o.withSeed(seed));
                CheckFailure first = f.failures().get(0);
                sizes.add(first.program().length());
                from.add(first.original().length());
                runs += first.shrink().oracleCalls();
                ms += f.shrinkMs();
                assertTrue(first.program().length() <= 10, first.message(seed));
            }
            System.out.printf("%s: shrunk to %s statements (from %s), %d runs and %d ms of shrinking in all%n",
                    fault.name(), sizes, from, runs, ms);
        }
    }
}

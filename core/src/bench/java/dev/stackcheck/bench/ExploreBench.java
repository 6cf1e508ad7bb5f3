package dev.stackcheck.bench;

import dev.stackcheck.engine.Engines;
import dev.stackcheck.explore.Counterexample;
import dev.stackcheck.explore.ExploreConfig;
import dev.stackcheck.explore.ExploreResult;
import dev.stackcheck.explore.Explorer;

/**
 * Measures the explorer (a program, not a JMH benchmark: it measures whole searches and the heap they hold):
 * {@code mvn -q -o -Pbench -DskipTests -pl core -am package}, then
 * {@code java -cp core/target/benchmarks.jar dev.stackcheck.bench.ExploreBench [maxDepth] [minDepth] [workers...]}. For each depth up to maxDepth and each worker count it prints states, transitions, time,
 * states per second and bytes per state.
 */
public final class ExploreBench {

    private ExploreBench() {
    }

    public static void main(String[] args) {
        int maxDepth = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int minDepth = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int[] workers = {1, 2};
        if (args.length > 2) {
            workers = new int[args.length - 2];
            for (int i = 2; i < args.length; i++) {
                workers[i - 2] = Integer.parseInt(args[i]);
            }
        }
        // warm up
        new Explorer(ExploreConfig.standard(ExploreConfig.engines(Engines.providers()), 4, 2)).run();
        for (int d = minDepth; d <= maxDepth; d++) {
            for (int w : workers) {
                ExploreConfig c = ExploreConfig.standard(ExploreConfig.engines(Engines.providers()), d, w);
                com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
                long cpu0 = os.getProcessCpuTime();
                System.gc();
                Runtime rt = Runtime.getRuntime();
                long heap0 = rt.totalMemory() - rt.freeMemory();
                Explorer explorer = new Explorer(c);
                ExploreResult r = explorer.run();
                long cpu = os.getProcessCpuTime() - cpu0;
                System.gc();
                long heap = rt.totalMemory() - rt.freeMemory() - heap0;
                System.out.printf("  heap held after the search (after gc): %,d bytes, %.1f bytes per state%n", heap,
                        heap / (double) r.states());
                java.lang.ref.Reference.reachabilityFence(explorer);
                System.out.printf("  sequential step %,d ms of %,d ms%n", r.serialMs(), r.elapsedMs());
                System.out.printf("  cpu %,d ms: %,.0f states per cpu-second%n", cpu / 1_000_000, r.states() * 1e9 / cpu);
                System.out.printf("depth %d workers %d: %,d states, %,d transitions (%,d reused, %,d copies), %,d ms, %,.0f states/s,"
                                + " %.1f bytes/state, complete=%s, violations=%d%n", d, w, r.states(), r.transitions(),
                        r.reused(), r.copies(), r.elapsedMs(), r.statesPerSecond(), r.bytesPerState(), r.complete(),
                        r.violations().size());
                for (Counterexample v : r.violations()) {
                    System.out.println(v.text());
                }
            }
        }
    }
}

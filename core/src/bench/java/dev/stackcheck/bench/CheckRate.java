package dev.stackcheck.bench;

import dev.stackcheck.gen.CheckOptions;
import dev.stackcheck.gen.CheckReport;
import dev.stackcheck.gen.CheckSession;
import dev.stackcheck.gen.CheckTarget;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The rate of a default check, the figure the project promises (at least 100,000 statements per second,
 * every invariant checked): a main class, so it runs without the test suite. Build and run with
 * <pre>
 *   mvn -q -o -Pbench -DskipTests -pl core -am package
 *   java -Xmx8g -XX:+UseParallelGC -cp core/target/benchmarks.jar dev.stackcheck.bench.CheckRate \
 *       [tries=1000] [workers=1,2] [repeats=3] [seed=0]
 * </pre>
 * It warms the JIT up with one session, then runs the default session on every engine ({@code ./stackcheck
 * check}'s targets and options, nothing saved) {@code repeats} times per worker count, and prints for each
 * the best and the median of: wall time, CPU time of the whole process (all threads, JIT and GC included),
 * statements per wall second and statements per CPU second; with one worker also the CPU time of the one
 * thread that ran the tries. CPU time is the figure to compare on a loaded
 * machine; wall time shows what the workers buy. Each report is checked to be the same for every worker
 * count (programs, statements, coverage, verdict).
 */
public final class CheckRate {

    private CheckRate() {
    }

    public static void main(String[] args) {
        long tries = 1000;
        List<Integer> workers = List.of(1, 2);
        int repeats = 3;
        long seed = 0;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "tries" -> tries = Long.parseLong(kv[1]);
                case "repeats" -> repeats = Integer.parseInt(kv[1]);
                case "seed" -> seed = Long.parseLong(kv[1]);
                case "workers" -> {
                    List<Integer> w = new ArrayList<>();
                    for (String x : kv[1].split(",")) {
                        w.add(Integer.parseInt(x.trim()));
                    }
                    workers = w;
                }
                default -> throw new IllegalArgumentException("unknown argument " + a
                        + " (tries=N workers=K[,K...] repeats=R seed=S)");
            }
        }
        List<CheckTarget> targets = CheckTarget.defaults();
        CheckOptions o = CheckOptions.DEFAULT.withTries(tries).withSeed(seed).withFailureDir(null);
        System.out.printf(Locale.ROOT, "stackcheck check rate: %d tries, seed %d, engines %s, %d processors%n", tries,
                seed, names(targets), Runtime.getRuntime().availableProcessors());
        CheckSession.run(targets, o.withSeed(seed + 99).withWorkers(workers.get(workers.size() - 1)));
        CheckReport reference = null;
        for (int w : workers) {
            List<Double> wall = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            List<Double> threadCpu = new ArrayList<>();
            CheckReport r = null;
            for (int k = 0; k < repeats; k++) {
                long cpu0 = processCpuNanos();
                long thread0 = threadCpuNanos();
                r = CheckSession.run(targets, o.withWorkers(w));
                cpu.add((processCpuNanos() - cpu0) / 1e9);
                threadCpu.add((threadCpuNanos() - thread0) / 1e9);
                wall.add((r.elapsedMs() - r.shrinkMs()) / 1e3);
                if (!r.ok()) {
                    throw new AssertionError("the default check failed:\n" + r.summary());
                }
            }
            if (reference == null) {
                reference = r;
            } else if (reference.ops() != r.ops() || reference.programs() != r.programs()
                    || !reference.coverageCounts().equals(r.coverageCounts())) {
                throw new AssertionError("reports differ between worker counts");
            }
            Collections.sort(wall);
            Collections.sort(cpu);
            Collections.sort(threadCpu);
            double bestWall = wall.get(0);
            double bestCpu = cpu.get(0);
            double medWall = wall.get(wall.size() / 2);
            double medCpu = cpu.get(cpu.size() / 2);
            System.out.printf(Locale.ROOT, "workers %d: %d programs, %d statements (%d on engines);"
                            + " wall %.2f s (median %.2f) = %.0f statements/s (median %.0f);"
                            + " CPU %.2f s (median %.2f) = %.0f statements per CPU second (median %.0f)%n", w,
                    r.programs(), r.ops(), r.engineOps(), bestWall, medWall, r.ops() / bestWall, r.ops() / medWall,
                    bestCpu, medCpu, r.ops() / bestCpu, r.ops() / medCpu);
            if (w == 1) {
                // one worker runs on this thread: its CPU time leaves out the JIT's and the collector's threads
                System.out.printf(Locale.ROOT, "  workers 1, this thread only: CPU %.2f s (median %.2f) = %.0f statements"
                        + " per CPU second%n", threadCpu.get(0), threadCpu.get(threadCpu.size() / 2),
                        r.ops() / threadCpu.get(0));
            }
        }
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static String names(List<CheckTarget> targets) {
        List<String> n = new ArrayList<>();
        for (CheckTarget t : targets) {
            n.add(t.name());
        }
        return String.join(", ", n);
    }
}

package dev.stackcheck.check;

import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Speed of the runner (not a test: run its main). Prints statements per second on long random programs
 * with the three reference engines, and the time of a million-frame program per engine: wall-clock time
 * and this thread's CPU time (the fairer figure on a busy machine).
 */
public final class RunnerBench {

    static final String MILLION = String.join("\n",
            "frame main words=2",
            "frame f words=2 ptrs=1",
            "call main",
            "set 0 7",
            "repeat 1000000 {",
            "  call f",
            "  addr 1 0.0",
            "}",
            "load 1",
            "store 1 8",
            "repeat 1000000 {",
            "  ret",
            "}",
            "get 0",
            "ret",
            "");

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        for (int round = 0; round < rounds; round++) {
            long statements = 0;
            long t0 = System.nanoTime();
            long c0 = cpu();
            for (long seed = 1; seed <= 20; seed++) {
                Program p = RandomPrograms.generate(seed, 50_000, 200, RandomPrograms.LAYOUTS);
                RunResult r = Runner.run(p, Fixtures.reference(), RunOptions.DEFAULT);
                if (!r.ok()) {
                    throw new AssertionError(r.violations().get(0).explain());
                }
                statements += r.steps();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            double c = (cpu() - c0) / 1e9;
            System.out.printf("random programs, 3 engines: %d statements in %.2f s = %.0f statements/s"
                    + " (cpu %.2f s = %.0f statements/s)%n", statements, s, statements / s, c, statements / c);
        }
        Program million = Parser.parse(MILLION);
        for (EngineSetup e : Fixtures.reference()) {
            long t0 = System.nanoTime();
            long c0 = cpu();
            RunResult r = Runner.run(million, List.of(e), RunOptions.DEFAULT);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("million frames, %s: %s, %d statements in %.2f s (cpu %.2f s)%n", e.name(), r.verdict(),
                    r.steps(), s, (cpu() - c0) / 1e9);
        }
    }
}

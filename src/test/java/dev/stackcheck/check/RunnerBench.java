package dev.stackcheck.check;

import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.util.List;

/**
 * Speed of the runner (not a test: run its main). Prints statements per second on long random programs
 * with the three reference engines, and the time of a million-frame program per engine.
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

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        for (int round = 0; round < rounds; round++) {
            long statements = 0;
            long t0 = System.nanoTime();
            for (long seed = 1; seed <= 20; seed++) {
                Program p = RandomPrograms.generate(seed, 50_000, 200, RandomPrograms.LAYOUTS);
                RunResult r = Runner.run(p, Fixtures.reference(), RunOptions.DEFAULT);
                if (!r.ok()) {
                    throw new AssertionError(r.violations().get(0).explain());
                }
                statements += r.steps();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("random programs, 3 engines: %d statements in %.2f s = %.0f statements/s%n",
                    statements, s, statements / s);
        }
        Program million = Parser.parse(MILLION);
        for (EngineSpec e : Fixtures.reference()) {
            long t0 = System.nanoTime();
            RunResult r = Runner.run(million, List.of(e), RunOptions.DEFAULT);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("million frames, %s: %s, %d statements in %.2f s%n", e.name(), r.verdict(), r.steps(), s);
        }
    }
}

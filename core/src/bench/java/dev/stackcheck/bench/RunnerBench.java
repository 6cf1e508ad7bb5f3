package dev.stackcheck.bench;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.RunOptions;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The lock-step runner on a million frames: one reference engine with its historical profile (segmented Go
 * 1.2, hybrid Go 1.3, copying Go 1.19) runs a program a million frames deep and back beside the
 * specification, every invariant checked after every statement; the score is statements per second. The
 * program must run iteratively, never on the JVM stack. {@link CheckerBench} measures the three engines
 * together on the growth program; {@link CheckRate} a whole default check on random programs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RunnerBench {

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

    /** 2 + 2,000,000 + 2 + 1,000,000 + 2 statements. */
    static final int STEPS = 3_000_006;

    @Param({"segmented", "hybrid", "copying"})
    public String engine;

    private Program program;
    private List<EngineSetup> engines;

    @Setup
    public void setUp() {
        program = Parser.parse(MILLION);
        if (program.steps() != STEPS) {
            throw new IllegalStateException("the program runs " + program.steps() + " statements, not " + STEPS);
        }
        Profile profile = switch (engine) {
            case "segmented" -> Profile.GO1_2;
            case "hybrid" -> Profile.GO1_3;
            default -> Profile.GO1_19;
        };
        engines = List.of(EngineSetup.of(Engines.provider(engine), profile.params()));
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public long millionFrames() {
        RunResult r = Runner.run(program, engines, RunOptions.DEFAULT.withRecordObservations(false));
        if (!r.ok()) {
            throw new AssertionError(r.violations().get(0).explain());
        }
        return r.steps();
    }
}

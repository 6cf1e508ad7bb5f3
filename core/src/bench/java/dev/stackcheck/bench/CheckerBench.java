package dev.stackcheck.bench;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.RunOptions;
import dev.stackcheck.check.Runner;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.StackEngineProvider;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import dev.stackcheck.report.Growth;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The lock-step checker's speed: statements per second of the growth program (10,000 frames deep and back,
 * 4 gcs) run on the specification and the three reference engines, every invariant checked after every
 * statement. Each invocation runs {@link #STEPS} statements, so the score is statements per second.
 */
@State(Scope.Benchmark)
public class CheckerBench {

    static final int DEPTH = 10_000;
    /** 1 call, 1 set, DEPTH x (call, addr), DEPTH x (load, ret), 4 gc, 1 ret. */
    static final int STEPS = 2 + 4 * DEPTH + 4 + 1;

    private Program program;
    private List<EngineSetup> engines;

    @Setup
    public void setUp() {
        program = Parser.parse(Growth.text(DEPTH, 4));
        if (program.steps() != STEPS) {
            throw new IllegalStateException("the program runs " + program.steps() + " statements, not " + STEPS);
        }
        engines = new ArrayList<>();
        for (StackEngineProvider p : Engines.providers()) {
            if (Engines.isReference(p)) {
                engines.add(new EngineSetup(p.name(), () -> p.create(p.defaultParams())));
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public long threeEngines() {
        return Runner.run(program, engines, RunOptions.DEFAULT.withRecordObservations(false)).steps();
    }
}

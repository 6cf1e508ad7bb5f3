package dev.stackcheck.bench;

import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackEngineProvider;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Layout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One call and its return on a stack with room to spare (no split, no copy): the engines' fast path. */
@State(Scope.Thread)
public class CallRetBench {

    @Param({"segmented", "hybrid", "copying"})
    public String engine;

    private StackEngine e;
    private final Layout leaf = new Layout("leaf", 2, new int[] {0}, false);

    @Setup(Level.Iteration)
    public void setUp() {
        StackEngineProvider p = Engines.provider(engine);
        e = p.create(p.defaultParams());
        e.start(new AddressSpace(), EngineEvents.NONE);
        e.call(new Layout("main", 2, new int[0], false));
    }

    @Benchmark
    public long callRet() {
        e.call(leaf);
        e.ret();
        return e.view().depth();
    }
}

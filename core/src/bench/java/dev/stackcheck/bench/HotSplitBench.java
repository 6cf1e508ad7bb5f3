package dev.stackcheck.bench;

import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Layout;
import dev.stackcheck.report.Contender;
import dev.stackcheck.report.HotSplit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One iteration of the hot-split loop (call the 24-byte leaf, return) on each engine of the hot-split
 * experiment, with frame 0 sized to put the leaf just past the boundary ({@code boundary=true}, as in the
 * experiment) or with a small frame 0 (no boundary crossed). The ratio of the two is the hot split's cost.
 */
@State(Scope.Thread)
public class HotSplitBench {

    /** Index into {@link HotSplit#contenders()}: 0 segmented, 1 segmented + cache, 2 copying, 3 hybrid. */
    @Param({"0", "1", "2", "3"})
    public int contender;

    @Param({"true", "false"})
    public boolean boundary;

    private StackEngine e;
    private final Layout leaf = new Layout("leaf", 2, new int[] {0}, false);

    @Setup(Level.Iteration)
    public void setUp() {
        Contender c = HotSplit.contenders().get(contender);
        e = c.factory().get();
        e.start(new AddressSpace(), EngineEvents.NONE);
        int words = boundary ? HotSplit.frame0Words(c) : 2;
        e.call(new Layout("main", words, new int[0], false));
    }

    @Benchmark
    public long callRet() {
        e.call(leaf);
        e.ret();
        return e.view().depth();
    }
}

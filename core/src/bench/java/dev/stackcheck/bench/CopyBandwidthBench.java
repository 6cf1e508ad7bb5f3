package dev.stackcheck.bench;

import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Layout;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The copying engine's copy (copystack: allocate the new stack, copy the used bytes, adjust every pointer
 * with the pointer maps, free the old stack) against the same bytes moved by {@code AddressSpace.copy}
 * alone and by {@code System.arraycopy}. Each invocation moves {@code bytes} used bytes once; the report
 * turns the times into bandwidth and ratios.
 */
@State(Scope.Thread)
public class CopyBandwidthBench {

    /** Used bytes moved per copy. */
    @Param({"65536", "1048576", "16777216"})
    public int bytes;

    /** A copying engine whose stack can be moved on demand, to a region of the same size. */
    static final class Mover extends CopyingEngine {
        Mover() {
            super(Profile.GO1_4.params());
        }

        void move() {
            movestack(stack(), stack().size(), stack().hi() - topOfStack(), 0, true);
        }

        /** The adjust step alone: every frame's pointer slots read, and rewritten by a delta of 0. */
        long adjustAll() {
            long n = 0;
            for (int f = 0; f < depth(); f++) {
                n += adjustframe(f, stack(), 0);
            }
            return n + adjustdefers(stack(), 0);
        }
    }

    private Mover engine;
    private AddressSpace memory;
    private long from;
    private long to;
    private long[] src;
    private long[] dst;

    @Setup(Level.Iteration)
    public void setUp() {
        memory = new AddressSpace();
        engine = new Mover();
        engine.start(memory, EngineEvents.NONE);
        // 72-byte frames, each with one pointer slot pointing at frame 0: one pointer to adjust per 72 bytes
        Layout main = new Layout("main", 8, new int[0], false);
        Layout rec = new Layout("rec", 8, new int[] {1}, false);
        engine.call(main);
        long used = main.frameBytes();
        while (used + rec.frameBytes() <= bytes) {
            engine.call(rec);
            engine.addr(1, 0, 0);
            used += rec.frameBytes();
        }
        var a = memory.allocate(((long) bytes + 7) & -8L, "a");
        var b = memory.allocate(((long) bytes + 7) & -8L, "b");
        from = a.lo();
        to = b.lo();
        src = new long[bytes / 8];
        dst = new long[bytes / 8];
    }

    /** copystack: allocate, copy, adjust pointers, free. */
    @Benchmark
    public long engineCopystack() {
        engine.move();
        return engine.stats().bytesCopied();
    }

    /** Allocating and freeing a region the size of the stack: what copystack pays besides the copy. */
    @Benchmark
    public long allocateAndFree() {
        var r = memory.allocate(2L * Integer.highestOneBit(bytes), "stack");
        memory.free(r);
        return r.lo();
    }

    /** Adjusting every pointer of the stack (by 0): what copystack pays per pointer slot. */
    @Benchmark
    public long adjustPointers() {
        return engine.adjustAll();
    }

    /** The checked word copy of the simulated memory alone. */
    @Benchmark
    public long addressSpaceCopy() {
        memory.copy(from, to, bytes);
        return to;
    }

    /** The JVM's copy of the same number of bytes. */
    @Benchmark
    public long[] systemArraycopy() {
        System.arraycopy(src, 0, dst, 0, src.length);
        return dst;
    }
}

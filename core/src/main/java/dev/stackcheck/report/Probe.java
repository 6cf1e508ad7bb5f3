package dev.stackcheck.report;

import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.engine.Stats;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Program;
import java.util.Objects;
import java.util.Optional;

/**
 * An engine seen through a probe: every statement goes to the wrapped engine unchanged, and afterwards the
 * probe's listener may read the engine's statistics, the bytes it reserves and the bytes it uses. The
 * runner checks a probed engine exactly as it checks the engine itself (same kind, view and memory), so an
 * experiment can sample an engine in the middle of a lock-step run.
 *
 * <p>Invariant: the probe never changes what the engine does or sees; it only reads.
 */
public final class Probe implements StackEngine {

    /** What the listener is told after each statement. */
    public enum Statement { CALL, RET, GC, OTHER }

    /** Called after every statement that returned normally. */
    @FunctionalInterface
    public interface Listener {
        void after(Statement statement, Probe probe);
    }

    private final StackEngine inner;
    private final Listener listener;
    private AddressSpace memory;

    public Probe(StackEngine inner, Listener listener) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Bytes of live regions: everything the engine holds (its stack, its segments, the cached segment). */
    public long reserved() {
        return memory.liveBytes();
    }

    /** Bytes the live frames take, plus one stack-info record per segment that has one. */
    public long used() {
        StackView v = inner.view();
        long bytes = 0;
        for (int f = 0; f < v.depth(); f++) {
            bytes += v.layout(f).frameBytes();
        }
        for (StackView.StackSegment s : v.segments()) {
            if (s.hasRecord()) {
                bytes += StackSegment.RECORD_BYTES;
            }
        }
        return bytes;
    }

    /** The number of live frames. */
    public int depth() {
        return inner.view().depth();
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public EngineParams params() {
        return inner.params();
    }

    @Override
    public StackKind kind() {
        return inner.kind();
    }

    @Override
    public Optional<String> refuse(Program program) {
        return inner.refuse(program);
    }

    @Override
    public void start(AddressSpace memory, EngineEvents events) {
        this.memory = memory;
        inner.start(memory, events);
    }

    @Override
    public void call(Layout layout) {
        inner.call(layout);
        listener.after(Statement.CALL, this);
    }

    @Override
    public void ret() {
        inner.ret();
        listener.after(Statement.RET, this);
    }

    @Override
    public void set(int slot, long value) {
        inner.set(slot, value);
        listener.after(Statement.OTHER, this);
    }

    @Override
    public long get(int slot) {
        long v = inner.get(slot);
        listener.after(Statement.OTHER, this);
        return v;
    }

    @Override
    public void addr(int slot, int frame, int target) {
        inner.addr(slot, frame, target);
        listener.after(Statement.OTHER, this);
    }

    @Override
    public void store(int slot, long value) {
        inner.store(slot, value);
        listener.after(Statement.OTHER, this);
    }

    @Override
    public long load(int slot) {
        long v = inner.load(slot);
        listener.after(Statement.OTHER, this);
        return v;
    }

    @Override
    public void defer(int slot, long value) {
        inner.defer(slot, value);
        listener.after(Statement.OTHER, this);
    }

    @Override
    public void gc() {
        inner.gc();
        listener.after(Statement.GC, this);
    }

    @Override
    public StackView view() {
        return inner.view();
    }

    @Override
    public Stats stats() {
        return inner.stats();
    }
}

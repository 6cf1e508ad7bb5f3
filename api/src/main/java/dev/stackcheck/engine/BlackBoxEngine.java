package dev.stackcheck.engine;

import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Program;

/**
 * An engine that runs a whole program by itself and shows only what it reports: its observations, its
 * structural events and its statistics, never its memory. An engine in another process
 * ({@code dev.stackcheck.proc.ProcessEngine}) is one.
 *
 * <p>The runner checks such an engine as a black box ({@code dev.stackcheck.check.BlackBoxCheck}): its
 * observations against the specification (REF-1), its copy events against the copying invariants
 * (CPY-2, CPY-3, CPY-4), its statistics against the run (STAT-1), a crash, a hang or output that breaks
 * its protocol as ENG-1. It is handed out by an {@code EngineSetup} factory like any engine; the lock-step
 * methods of {@link StackEngine} do not apply to it, and their defaults here throw.
 */
public interface BlackBoxEngine extends StackEngine {

    /**
     * Runs the whole program, which the specification has accepted, and reports what happened. The
     * engine's own failures (a crash, a hang, bad output) are a {@link BlackBoxRun.Outcome#FAILED} run,
     * not an exception.
     */
    BlackBoxRun runWhole(Program program);

    @Override
    default StackKind kind() {
        return StackKind.OTHER;
    }

    @Override
    default void start(AddressSpace memory, EngineEvents events) {
        throw lockStep();
    }

    @Override
    default void call(Layout layout) {
        throw lockStep();
    }

    @Override
    default void ret() {
        throw lockStep();
    }

    @Override
    default void set(int slot, long value) {
        throw lockStep();
    }

    @Override
    default long get(int slot) {
        throw lockStep();
    }

    @Override
    default void addr(int slot, int frame, int target) {
        throw lockStep();
    }

    @Override
    default void store(int slot, long value) {
        throw lockStep();
    }

    @Override
    default long load(int slot) {
        throw lockStep();
    }

    @Override
    default void defer(int slot, long value) {
        throw lockStep();
    }

    @Override
    default void gc() {
        throw lockStep();
    }

    @Override
    default StackView view() {
        throw lockStep();
    }

    @Override
    default Stats stats() {
        throw lockStep();
    }

    private UnsupportedOperationException lockStep() {
        return new UnsupportedOperationException(name() + " runs whole programs only (BlackBoxEngine.runWhole)");
    }
}

package dev.stackcheck.engine;

import dev.stackcheck.memory.AddressSpace;
import java.util.function.LongConsumer;

/**
 * An engine whose whole state can be copied: the model checker ({@code explore}) forks a state instead of
 * replaying the program that reached it. Optional: an engine that does not implement it is replayed.
 *
 * <p>Contract: the fork is a started engine of the same class and parameters whose bookkeeping equals
 * this engine's, keeping its stack in {@code memory} (a {@link AddressSpace#copy()} of this engine's
 * address space) and reporting to {@code events}; from then on the two never share mutable state, and
 * the same statements make them behave the same.
 *
 * <p>Whole state: an engine's state is its memory, what its {@link StackView} shows (frames, segments,
 * the cached segment, defer records) and what {@link #hiddenState} reports; its statistics only count
 * events (STAT-1 checks them after every statement). Two engines of one class whose whole states are
 * equal behave the same on every later statement: the model checker relies on it to merge states, and
 * checks it on samples (explore's merge audit). An engine that keeps anything else that can change what
 * a later statement does (a gc counter, a flag that it shrank in this cycle, the size of the last
 * segment) must report it in {@link #hiddenState}; an engine that cannot should not implement this
 * interface, and is then explored without merging.
 */
public interface Forkable {

    /** A copy of this engine working on {@code memory} and reporting to {@code events}. */
    StackEngine fork(AddressSpace memory, EngineEvents events);

    /**
     * Makes this engine's state equal to {@code other}'s, reusing this engine's storage: the cheap form of
     * {@link #fork} for a checker that recycles its copies. This engine keeps its own memory (which the
     * caller has made equal to {@code other}'s, for example with {@link AddressSpace#copyFrom}) and its own
     * events. Returns false, changing nothing, when it cannot (another class, say); then fork instead.
     */
    default boolean restore(StackEngine other) {
        return false;
    }

    /**
     * Reports to {@code out}, in a fixed order, every value of this engine's state that is neither in its
     * memory nor in its {@link StackView} and can influence a later statement (see the class comment);
     * addresses as they are. The default reports nothing: memory and view are the whole state.
     */
    default void hiddenState(LongConsumer out) {
    }
}

package dev.stackcheck.engine;

import dev.stackcheck.memory.AddressSpace;

/**
 * An engine whose whole state can be copied: the model checker ({@code explore}) forks a state instead of
 * replaying the program that reached it. Optional: an engine that does not implement it is replayed.
 *
 * <p>Contract: the fork is a started engine of the same class and parameters whose bookkeeping equals
 * this engine's, keeping its stack in {@code memory} (a {@link AddressSpace#copy()} of this engine's
 * address space) and reporting to {@code events}; from then on the two never share mutable state, and
 * the same statements make them behave the same.
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
}

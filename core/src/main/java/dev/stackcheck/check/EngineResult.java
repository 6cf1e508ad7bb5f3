package dev.stackcheck.check;

import dev.stackcheck.engine.StackKind;
import dev.stackcheck.engine.Stats;
import java.util.Arrays;

/**
 * What one engine did in a run.
 *
 * @param name         the engine's name
 * @param kind         its kind
 * @param observations the values its get and load statements returned, in order (empty when the run
 *                     did not record them)
 * @param stats        its statistics at the end (or when it stopped), {@link Stats#ZERO} if unreadable
 * @param overflow     the stack-overflow message when the engine overflowed, else null
 * @param coverage     its structural events, counted
 * @param statements   how many statements it ran (an engine stops at an overflow or its violation)
 * @param broken       true when it broke an invariant
 */
public record EngineResult(String name, StackKind kind, long[] observations, Stats stats, String overflow,
                           Coverage coverage, long statements, boolean broken) {

    public long observationCount() {
        return observations.length;
    }

    public long observation(int i) {
        return observations[i];
    }

    @Override
    public long[] observations() {
        return observations.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineResult r && r.name.equals(name) && r.kind == kind
                && Arrays.equals(r.observations, observations) && r.stats.equals(stats)
                && java.util.Objects.equals(r.overflow, overflow) && r.coverage.equals(coverage)
                && r.statements == statements && r.broken == broken;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(observations);
    }

    @Override
    public String toString() {
        return "EngineResult[" + name + " " + kind + ", " + observations.length + " observations, " + statements
                + " statements" + (overflow != null ? ", overflow: " + overflow : "") + (broken ? ", broken" : "")
                + ", " + stats + ", " + coverage + "]";
    }
}

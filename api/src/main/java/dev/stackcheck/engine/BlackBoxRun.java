package dev.stackcheck.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link BlackBoxEngine} reported for one program.
 *
 * @param outcome      how the run ended
 * @param message      the overflow message, the refusal's reason or the failure's description; "" when
 *                     the run completed
 * @param observations the values of the get and load statements, in order (for an overflow or a failure,
 *                     those made before it)
 * @param events       the structural events the engine reported, in order
 * @param stats        the statistics the engine reported, by {@link Stats} field name; fields it did not
 *                     report are absent
 * @param stderr       the tail of what the engine wrote on standard error (for failure reports), or ""
 */
public record BlackBoxRun(Outcome outcome, String message, long[] observations, List<BlackBoxEvent> events,
                          Map<String, Long> stats, String stderr) {

    /** How a black-box run ended. */
    public enum Outcome {
        /** the program ran to its end */
        COMPLETED,
        /** the engine stopped because its stack would pass its limit (Go: goroutine stack exceeds N-byte limit) */
        OVERFLOW,
        /** the engine declined the program before running it (for example a nomap layout) */
        REFUSED,
        /** the engine crashed, hung, or broke its protocol */
        FAILED
    }

    public BlackBoxRun {
        message = message == null ? "" : message;
        observations = observations.clone();
        events = List.copyOf(events);
        stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
        stderr = stderr == null ? "" : stderr;
    }

    /** A failed run: {@code message} says what went wrong. */
    public static BlackBoxRun failed(String message, long[] observations, List<BlackBoxEvent> events,
                                     String stderr) {
        return new BlackBoxRun(Outcome.FAILED, message, observations, events, Map.of(), stderr);
    }

    @Override
    public long[] observations() {
        return observations.clone();
    }

    public int observationCount() {
        return observations.length;
    }

    public long observation(int i) {
        return observations[i];
    }

    @Override
    public String toString() {
        return "BlackBoxRun[" + outcome + (message.isEmpty() ? "" : ": " + message) + ", " + observations.length
                + " observations, " + events.size() + " events, stats=" + stats + "]";
    }
}

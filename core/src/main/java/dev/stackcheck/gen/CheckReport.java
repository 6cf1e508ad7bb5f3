package dev.stackcheck.gen;

import dev.stackcheck.engine.Counter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a session found.
 *
 * @param seed           the session seed
 * @param shard          the shard run (1..shards)
 * @param shards         the number of shards
 * @param programs       random programs run
 * @param ops            statements the specification ran over all programs (each checked on every engine)
 * @param engineOps      statements the engines ran, summed over engines
 * @param violations     programs that broke an invariant
 * @param elapsedMs      wall-clock milliseconds, shrinking included
 * @param shrinkMs       of which shrinking
 * @param engines        the targets' names
 * @param skipped        per target, the tries in which it ran no program: it refused the try's program, and
 *                       the second one drawn without nomap layouts when it had refused the first for them
 * @param coverageCounts per event of {@link CheckSession#COVERAGE_EVENTS}, programs in which some engine met it
 * @param failures       the failures, the first first (shrunk, explained, saved)
 * @param savedReplayed  saved failures run before the random programs
 * @param savedErrors    saved files that could not be run (unreadable, bad input), with why
 * @param stoppedEarly   true when the time bound cut the tries short
 */
public record CheckReport(long seed, int shard, int shards, long programs, long ops, long engineOps, long violations,
                          long elapsedMs, long shrinkMs, List<String> engines, Map<String, Long> skipped,
                          Map<String, Long> coverageCounts, List<CheckFailure> failures, int savedReplayed,
                          List<String> savedErrors, boolean stoppedEarly) {

    /** True when no invariant broke and every engine really ran some of the programs. */
    public boolean ok() {
        return failures.isEmpty() && unchecked().isEmpty();
    }

    /** "ok"; "violation"; or "unchecked" when no invariant broke but some engine refused every program. */
    public String verdict() {
        return !failures.isEmpty() ? "violation" : unchecked().isEmpty() ? "ok" : "unchecked";
    }

    /** The engines that refused every program drawn: they checked nothing, which is not a pass. */
    public List<String> unchecked() {
        List<String> out = new ArrayList<>();
        for (String e : engines) {
            if (programs > 0 && skipped.getOrDefault(e, 0L) >= programs) {
                out.add(e);
            }
        }
        return out;
    }

    /** Per engine, the programs it really ran and the programs it refused, in target order. */
    public Map<String, Map<String, Long>> perEngine() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (String e : engines) {
            long refused = skipped.getOrDefault(e, 0L);
            Map<String, Long> m = new LinkedHashMap<>();
            m.put("programs", programs - refused);
            m.put("refused", refused);
            out.put(e, m);
        }
        return out;
    }

    /** Per event, the share of programs (0 to 1) in which some engine met it. */
    public Map<String, Double> coverage() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Counter e : CheckSession.COVERAGE_EVENTS) {
            out.put(e.key(), programs == 0 ? 0.0 : coverageCounts.getOrDefault(e.key(), 0L) / (double) programs);
        }
        return out;
    }

    /** Statements per second over the whole session (shrinking excluded). */
    public double opsPerSecond() {
        long ms = Math.max(1, elapsedMs - shrinkMs);
        return ops * 1000.0 / ms;
    }

    public double programsPerSecond() {
        long ms = Math.max(1, elapsedMs - shrinkMs);
        return programs * 1000.0 / ms;
    }

    /**
     * True when the session stopped at a saved failure it replayed, before drawing any program: its verdict
     * is that failure's, not the seed's.
     */
    public boolean stoppedAtSaved() {
        return programs == 0 && !failures.isEmpty() && failures.get(0).source() != null;
    }

    /** The fields of {@code check --json}, in order (the JSON object the command line prints). */
    public Map<String, Object> toJson() {
        return ReportJson.of(this);
    }

    /** A few lines for people: counts, rate, coverage, verdict. */
    public String summary() {
        return ReportText.summary(this);
    }
}

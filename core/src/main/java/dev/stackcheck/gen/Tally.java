package dev.stackcheck.gen;

import dev.stackcheck.engine.Counter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sums of a session, added up try by try in try order (whichever thread ran them), so that they
 * never depend on the number of threads or on timing.
 */
final class Tally {
    final Map<String, Long> skipped;
    final Map<String, Long> coverage;
    long programs;
    long ops;
    long engineOps;
    long violating;
    /** per signature, the lowest-numbered try that broke it (its number), and its violation with its program */
    final Map<String, Long> firstTry = new LinkedHashMap<>();
    final Map<String, Try.Found> firstOfKind = new LinkedHashMap<>();

    Tally(Map<String, Long> skipped, Map<String, Long> coverage) {
        this.skipped = skipped;
        this.coverage = coverage;
    }

    /** Adds the next try; rethrows what it threw. Returns true when the session stops after it. */
    boolean add(Try t, boolean keepGoing) {
        if (t.error() instanceof RuntimeException e) {
            throw e;
        }
        if (t.error() instanceof Error e) {
            throw e;
        }
        if (t.error() != null) {
            throw new IllegalStateException(t.error());
        }
        programs++;
        ops += t.steps();
        engineOps += t.engineOps();
        for (String name : t.skipped()) {
            skipped.merge(name, 1L, Long::sum);
        }
        for (Counter e : CheckSession.COVERAGE_EVENTS) {
            if (t.met().get(e) > 0) {
                coverage.merge(e.key(), 1L, Long::sum);
            }
        }
        if (t.found().isEmpty()) {
            return false;
        }
        violating++;
        for (Try.Found f : t.found()) {
            String sig = CheckSession.signature(f.violation());
            if (!firstOfKind.containsKey(sig)) {
                firstTry.put(sig, t.number());
                firstOfKind.put(sig, f);
            }
        }
        return !keepGoing;
    }
}

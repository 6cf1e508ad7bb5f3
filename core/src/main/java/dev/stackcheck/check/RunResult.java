package dev.stackcheck.check;

import java.util.List;

/**
 * The outcome of one run of a program on the specification and a set of engines.
 *
 * @param engines    one result per engine that ran, in the order given
 * @param skipped    the engines that refused the program, with their reasons
 * @param violations every violation found (at most one per engine; only the first when the run stops at it)
 * @param steps      statements run
 * @param completed  true when the program ran to its end (or every engine stopped); false when cut short
 *                   by {@link RunOptions#maxSteps()} or by the first violation
 * @param expected   the specification's observations (what every engine must observe)
 */
public record RunResult(List<EngineResult> engines, List<Skipped> skipped, List<Violation> violations, long steps,
                        boolean completed, long[] expected) {

    public RunResult {
        engines = List.copyOf(engines);
        skipped = List.copyOf(skipped);
        violations = List.copyOf(violations);
    }

    /** "ok" when no invariant broke, else "violation". */
    public String verdict() {
        return violations.isEmpty() ? "ok" : "violation";
    }

    public boolean ok() {
        return violations.isEmpty();
    }

    /** The result of the named engine, or null. */
    public EngineResult engine(String name) {
        for (EngineResult r : engines) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        return null;
    }

    @Override
    public long[] expected() {
        return expected.clone();
    }

    @Override
    public String toString() {
        return "RunResult[" + verdict() + ", " + steps + " steps, engines=" + engines + ", skipped=" + skipped
                + ", violations=" + violations + "]";
    }
}

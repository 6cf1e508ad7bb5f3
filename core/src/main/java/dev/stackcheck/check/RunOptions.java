package dev.stackcheck.check;

/**
 * How the runner runs.
 *
 * @param stopAtFirstViolation stop the whole run at the first violation; otherwise only the engine that
 *                             broke stops receiving statements and the others go on
 * @param maxSteps             run at most this many statements (a guard against endless programs); a run
 *                             cut short says so in {@link RunResult#completed()}
 * @param sweepCredit          units of full checking earned per statement (a unit is about one slot read):
 *                             whenever the credit covers the whole stack, every frame, defer record and segment is checked again (0: only
 *                             at structural events and at the end; a broken slot is still found, at the
 *                             latest before its frame returns, see {@link Lane}). Keeps checking linear in
 *                             the program
 * @param diagrams             draw before/after stack diagrams for each violation (by replay)
 * @param recordObservations   keep every engine's observations in its {@link EngineResult}
 */
public record RunOptions(boolean stopAtFirstViolation, long maxSteps, long sweepCredit, boolean diagrams,
                         boolean recordObservations) {

    public static final RunOptions DEFAULT = new RunOptions(true, 100_000_000L, 16, true, true);

    public RunOptions {
        if (maxSteps < 0 || sweepCredit < 0) {
            throw new IllegalArgumentException("maxSteps and sweepCredit must not be negative");
        }
    }

    public RunOptions withStopAtFirstViolation(boolean v) {
        return new RunOptions(v, maxSteps, sweepCredit, diagrams, recordObservations);
    }

    public RunOptions withMaxSteps(long v) {
        return new RunOptions(stopAtFirstViolation, v, sweepCredit, diagrams, recordObservations);
    }

    public RunOptions withSweepCredit(long v) {
        return new RunOptions(stopAtFirstViolation, maxSteps, v, diagrams, recordObservations);
    }

    public RunOptions withDiagrams(boolean v) {
        return new RunOptions(stopAtFirstViolation, maxSteps, sweepCredit, v, recordObservations);
    }

    public RunOptions withRecordObservations(boolean v) {
        return new RunOptions(stopAtFirstViolation, maxSteps, sweepCredit, diagrams, v);
    }
}

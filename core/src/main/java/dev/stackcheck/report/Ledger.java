package dev.stackcheck.report;

import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Violation;
import dev.stackcheck.engine.StackKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every lock-step run a report made, counted: how many runs, how many statements went through the
 * checker, on which kinds of stack, and every violation. The invariant catalogue's status column is read
 * from here, so it states what was actually checked, never what was meant to be.
 */
public final class Ledger {

    private long runs;
    private long statements;
    private long engineRuns;
    private final Set<StackKind> kinds = EnumSet.noneOf(StackKind.class);
    private final List<Violation> violations = new ArrayList<>();

    /** Counts one run of the runner. */
    public synchronized void add(RunResult result) {
        runs++;
        statements += result.steps();
        engineRuns += result.engines().size();
        result.engines().forEach(e -> kinds.add(e.kind()));
        violations.addAll(result.violations());
    }

    /**
     * Counts runs made elsewhere (a check session's programs): {@code runs} runs of the runner,
     * {@code statements} statements, on engines of {@code kinds}, with these violations.
     */
    public synchronized void add(long runs, long statements, Set<StackKind> kinds, List<Violation> violations) {
        this.runs += runs;
        this.statements += statements;
        this.engineRuns += runs * Math.max(1, kinds.size());
        this.kinds.addAll(kinds);
        this.violations.addAll(violations);
    }

    /** Runs of the lock-step runner. */
    public synchronized long runs() {
        return runs;
    }

    /** Statements the specification ran, summed over runs (each checked on every engine of its run). */
    public synchronized long statements() {
        return statements;
    }

    /** Engine runs: a run of the runner on k engines counts k. */
    public synchronized long engineRuns() {
        return engineRuns;
    }

    /** The kinds of stack that ran. */
    public synchronized Set<StackKind> kinds() {
        return kinds.isEmpty() ? EnumSet.noneOf(StackKind.class) : EnumSet.copyOf(kinds);
    }

    /** Every violation found. */
    public synchronized List<Violation> violations() {
        return List.copyOf(violations);
    }
}

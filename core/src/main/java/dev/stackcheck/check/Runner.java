package dev.stackcheck.check;

import dev.stackcheck.engine.BlackBoxEngine;
import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Cursor;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Pos;
import dev.stackcheck.program.Printer;
import dev.stackcheck.program.Program;
import dev.stackcheck.spec.RuleViolation;
import dev.stackcheck.spec.Spec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lock-step runner: one specification and any number of engines run a program statement by
 * statement through the {@link LockStep} driver; after each statement every engine's state is checked
 * against the specification and the invariant catalogue ({@link Invariant}).
 *
 * <p>Invariant of a run: a statement reaches an engine only after the specification has accepted it
 * (an illegal statement is a {@link ProgramRuleError}, bad input), so every engine only ever sees legal
 * programs; and an engine receives no statement after it overflowed or broke an invariant. A violation is
 * explained by replaying the engine from a fresh instance up to the failing statement and drawing its
 * stack before and after it; nothing is snapshotted while all goes well.
 *
 * <p>A {@link BlackBoxEngine} (one that exposes no memory, such as an engine in another process) does not
 * run in lock step: once the lock-step engines have finished, it runs the whole program and what it
 * reports is checked by {@link BlackBoxCheck}.
 *
 * <p>MEM-1 and MEM-2 (a {@link dev.stackcheck.memory.MemoryFault} in a statement or while reading the
 * stack through the engine's view) and ENG-1 (any other exception but
 * {@link dev.stackcheck.engine.StackOverflow}) are enforced here.
 */
public final class Runner {

    private Runner() {
    }

    /**
     * Runs the program on every engine in lock step with the specification.
     *
     * @throws ProgramRuleError when a statement breaks a rule of the specification (bad input)
     */
    public static RunResult run(Program program, List<EngineSetup> engines, RunOptions options) {
        List<Skipped> skipped = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        Map<EngineSetup, BlackBoxEngine> blackBoxes = new IdentityHashMap<>();
        LongStack expected = new LongStack(64);
        LockStep lockStep = LockStep.open(engines, options, false, (i, source, engine) -> {
            Optional<String> refusal = engine.refuse(program);
            if (refusal.isPresent()) {
                skipped.add(new Skipped(source.name(), refusal.get()));
                return false;
            }
            if (engine instanceof BlackBoxEngine bb) {
                blackBoxes.put(source, bb);
                return false;
            }
            return true;
        });
        for (LockStep.Failure f : lockStep.startFailures()) {
            Lane lane = lockStep.lane(f.lane());
            violations.add(lane == null
                    ? new Violation(f.invariant(), f.engine(), 0, -1, Pos.UNKNOWN, "(start)", f.message(), "", "")
                    : startViolation(program, lane, lane.brokenBy(), options));
        }
        boolean stopped = options.stopAtFirstViolation() && !violations.isEmpty();
        long steps = 0;
        boolean cut = false;
        if (!stopped) {
            Cursor cursor = program.cursor();
            boolean specOnly = noLane(lockStep); // no engine runs: the specification still checks every rule
            while (cursor.hasNext()) {
                if (!specOnly && lockStep.activeCount() == 0) {
                    break;
                }
                if (steps >= options.maxSteps()) {
                    cut = true;
                    break;
                }
                Op op = cursor.next();
                List<LockStep.Failure> failures;
                try {
                    failures = lockStep.apply(op);
                } catch (RuleViolation why) {
                    throw new ProgramRuleError(program.position(cursor.index()), Printer.statement(op),
                            why.getMessage());
                }
                steps++;
                Spec spec = lockStep.spec();
                if (spec.observed() && options.recordObservations()) {
                    expected.push(spec.observation());
                }
                for (int k = 0; k < failures.size(); k++) {
                    Lane lane = lockStep.lane(failures.get(k).lane());
                    violations.add(violation(program, lane, lane.brokenBy(), cursor.step(), cursor.index(), op,
                            options));
                }
                if (options.stopAtFirstViolation() && !failures.isEmpty()) {
                    stopped = true;
                    break;
                }
            }
        }
        if (!stopped) {
            // the end of the run, or of its first maxSteps statements: a last full check and the statistics
            List<LockStep.Failure> failures = lockStep.finish(true);
            for (int k = 0; k < failures.size(); k++) {
                Lane lane = lockStep.lane(failures.get(k).lane());
                violations.add(endViolation(lane, lane.brokenBy(), steps, options));
            }
            stopped = options.stopAtFirstViolation() && !failures.isEmpty();
        }
        Map<EngineSetup, EngineResult> wholeRuns = new IdentityHashMap<>();
        for (EngineSetup source : engines) {
            BlackBoxEngine bb = blackBoxes.get(source);
            if (bb == null || stopped || cut) {
                continue;
            }
            BlackBoxCheck.Outcome o = BlackBoxCheck.run(program, source, bb, options);
            if (o.skipped() != null) {
                skipped.add(o.skipped());
                continue;
            }
            wholeRuns.put(source, o.result());
            if (o.violation() != null) {
                violations.add(o.violation());
                stopped = options.stopAtFirstViolation();
            }
        }
        List<EngineResult> results = new ArrayList<>();
        for (int i = 0; i < engines.size(); i++) {
            EngineSetup source = engines.get(i);
            Lane lane = lockStep.lane(i);
            if (wholeRuns.containsKey(source)) {
                results.add(wholeRuns.get(source));
            } else if (lane != null) {
                results.add(new EngineResult(lane.name(), lane.kind(), lane.observedValues(), lane.statsOrZero(),
                        lane.overflow(), lane.coverage(), lane.statements(), lane.status() == Lane.Status.BROKEN));
            }
        }
        return new RunResult(results, skipped, violations, steps, !stopped && !cut, expected.toArray());
    }

    /** Runs with {@link RunOptions#DEFAULT}. */
    public static RunResult run(Program program, List<EngineSetup> engines) {
        return run(program, engines, RunOptions.DEFAULT);
    }

    /** True when no engine got a lane (none constructed, all refused or outside the lock step). */
    private static boolean noLane(LockStep lockStep) {
        for (int i = 0; i < lockStep.laneCount(); i++) {
            if (lockStep.lane(i) != null) {
                return false;
            }
        }
        return true;
    }

    private static Violation violation(Program program, Lane lane, Broken b, long step, int index, Op op,
                                       RunOptions options) {
        String before = "";
        String after = "";
        if (options.diagrams()) {
            Set<Integer> focus = new HashSet<>();
            focus.add(b.frame);
            if (op instanceof Op.Addr a) {
                focus.add(a.frame());
            }
            String[] d = replay(program, lane.source(), step, focus);
            before = d[0];
            after = d[1];
        }
        return new Violation(b.invariant, lane.name(), step, index, program.position(index), Printer.statement(op),
                b.getMessage(), before, after);
    }

    private static Violation startViolation(Program program, Lane lane, Broken b, RunOptions options) {
        String after = options.diagrams() ? replay(program, lane.source(), -1, Set.of())[1] : "";
        return new Violation(b.invariant, lane.name(), 0, -1, Pos.UNKNOWN, "(start)", b.getMessage(), "", after);
    }

    private static Violation endViolation(Lane lane, Broken b, long steps, RunOptions options) {
        String after = "";
        if (options.diagrams()) {
            Set<Integer> focus = new HashSet<>();
            focus.add(b.frame);
            after = StackDiagram.render(Snapshot.capture(lane.engine(), lane.memory(), focus));
        }
        return new Violation(b.invariant, lane.name(), steps, -1, Pos.UNKNOWN, "(end of run)", b.getMessage(), "",
                after);
    }

    /**
     * Replays a fresh engine from the factory: the statements before {@code step}, a snapshot, statement
     * {@code step}, a snapshot. With {@code step} -1, only the start.
     *
     * @return the diagrams before and after
     */
    static String[] replay(Program program, EngineSetup source, long step, Set<Integer> focus) {
        StackEngine engine;
        AddressSpace memory = new AddressSpace();
        Cursor cursor = program.cursor();
        try {
            engine = source.factory().get();
            engine.start(memory, EngineEvents.NONE);
            for (long i = 0; i < step; i++) {
                Lane.dispatch(engine, cursor.next());
            }
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            return new String[] {"(the replay failed before the statement: " + e + ")\n", ""};
        }
        if (step < 0) {
            return new String[] {"", StackDiagram.render(Snapshot.capture(engine, memory, focus))};
        }
        String before = StackDiagram.render(Snapshot.capture(engine, memory, focus));
        String note = "";
        try {
            Lane.dispatch(engine, cursor.next());
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            note = "(the statement threw " + e + ")\n";
        }
        return new String[] {before, note + StackDiagram.render(Snapshot.capture(engine, memory, focus))};
    }
}

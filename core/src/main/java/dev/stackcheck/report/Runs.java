package dev.stackcheck.report;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.RunOptions;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.check.Violation;
import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Cursor;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Program;
import java.util.List;
import java.util.function.Supplier;

/**
 * The two ways an experiment runs a program: through the lock-step runner, with every invariant checked
 * after every statement ({@link #checked}), or on the engine alone ({@link #direct}), for points too big
 * to check in the time a report may take. Both drive the engine through a {@link Probe}.
 *
 * <p>Invariant: an experiment reports numbers only from runs in which every invariant held; a violation
 * stops the report with the counterexample ({@link ExperimentFailed}).
 */
public final class Runs {

    private Runs() {
    }

    /** Thrown when an experiment's run broke an invariant: the report must not show its numbers. */
    public static final class ExperimentFailed extends RuntimeException {
        ExperimentFailed(String message) {
            super(message);
        }
    }

    /** Runs the program through the runner on one probed engine; records the run in the ledger. */
    public static RunResult checked(Program program, String name, Supplier<StackEngine> engine,
                                    Probe.Listener listener, Ledger ledger) {
        EngineSetup spec = new EngineSetup(name, () -> new Probe(engine.get(), listener));
        RunResult r = Runner.run(program, List.of(spec), RunOptions.DEFAULT.withRecordObservations(false));
        ledger.add(r);
        if (!r.ok()) {
            StringBuilder s = new StringBuilder("experiment run on " + name + " broke an invariant:\n");
            for (Violation v : r.violations()) {
                s.append(v.explain());
            }
            throw new ExperimentFailed(s.toString());
        }
        if (!r.skipped().isEmpty() || !r.completed()) {
            throw new ExperimentFailed("experiment run on " + name + " did not run to its end: " + r);
        }
        return r;
    }

    /** Runs the program on the probed engine alone, without the specification or any check. */
    public static Probe direct(Program program, Supplier<StackEngine> engine, Probe.Listener listener) {
        Probe probe = new Probe(engine.get(), listener);
        probe.start(new AddressSpace(), EngineEvents.NONE);
        Cursor c = program.cursor();
        while (c.hasNext()) {
            dispatch(probe, c.next());
        }
        return probe;
    }

    /** Runs one statement on an engine. */
    static void dispatch(StackEngine e, Op op) {
        if (op instanceof Op.Call c) {
            e.call(c.layout());
        } else if (op instanceof Op.Ret) {
            e.ret();
        } else if (op instanceof Op.Set s) {
            e.set(s.slot(), s.value());
        } else if (op instanceof Op.Get g) {
            e.get(g.slot());
        } else if (op instanceof Op.Addr a) {
            e.addr(a.slot(), a.frame(), a.target());
        } else if (op instanceof Op.Store s) {
            e.store(s.slot(), s.value());
        } else if (op instanceof Op.Load l) {
            e.load(l.slot());
        } else if (op instanceof Op.Defer d) {
            e.defer(d.slot(), d.value());
        } else if (op instanceof Op.Gc) {
            e.gc();
        } else {
            throw new IllegalArgumentException("not a runnable statement: " + op);
        }
    }
}

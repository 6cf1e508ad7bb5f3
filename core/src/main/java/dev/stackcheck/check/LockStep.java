package dev.stackcheck.check;

import dev.stackcheck.engine.Forkable;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Printer;
import dev.stackcheck.spec.RuleViolation;
import dev.stackcheck.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * The lock-step driver, one statement at a time: one specification and its engines (each in a {@link Lane}
 * with its own address space), advanced by {@link #step}. It is the only driver: {@link Runner} runs a
 * program through it (adding diagrams, observations and the engines that run outside the lock step), and
 * the model checker explores with it, copying states by {@link #fork} or {@link #restore} so that every
 * successor of a state can be tried from the same state.
 *
 * <p>Invariant between statements: every {@link Status#ACTIVE active} lane has run exactly the statements
 * the specification has applied and has passed, after each of them, the per-statement checks (and STAT-1
 * when the driver checks the statistics after every statement, as the model checker's does).
 * {@link #verify()} adds the end-of-run checks on the current state ({@link Lane#finish()}: every frame,
 * segment and defer record in full, and STAT-1), so a state that passed it is checked as
 * {@code stackcheck run} checks a program that ends there. A lane that broke, overflowed or was skipped
 * receives no further statement; with {@link RunOptions#stopAtFirstViolation()} no lane receives any
 * statement after the first violation.
 *
 * <p>A fork shares nothing mutable with its original: the specification is copied, each active lane's
 * engine is forked ({@link Forkable}) onto a copy of its memory and every check's shadow is copied; a
 * restore does the same into the storage of an existing state. When some engine is not forkable, a fork
 * replays the statements from a fresh start instead (slower, same result). Lanes that no longer run are
 * shared, since nothing changes them any more.
 */
public final class LockStep {

    /** Where a lane stands. */
    public enum Status {
        /** it runs every statement */
        ACTIVE,
        /** a statement threw StackOverflow at the engine's limit; it runs nothing more */
        OVERFLOWED,
        /** it broke an invariant; it runs nothing more */
        BROKEN,
        /** the caller took it out (an engine that refuses a layout the path called) */
        SKIPPED
    }

    /** One broken invariant: which lane and engine, which invariant, and the runner's message. */
    public record Failure(int lane, String engine, Invariant invariant, String message) {}

    /** Per-statement checks only (the full check is {@link #verify()}); no diagrams, no observations kept. */
    static final RunOptions OPTIONS = RunOptions.DEFAULT.withStopAtFirstViolation(false).withSweepCredit(0)
            .withDiagrams(false).withRecordObservations(false);

    /**
     * The statements and skips so far, newest first (shared between forks), kept only when some engine
     * cannot fork: a fork then replays them.
     */
    private record History(Op op, int skip, History previous, int length) {}

    /**
     * Which engines take part, decided once each is constructed, before it starts: the runner leaves out an
     * engine that refuses the program or runs outside the lock step.
     */
    interface Admission {
        /** True when engine {@code i} runs in the lock step; false leaves lane {@code i} {@link Status#SKIPPED}. */
        boolean admit(int i, EngineSetup source, StackEngine engine);
    }

    private final List<EngineSetup> sources;
    private final Spec spec;
    private final Lane[] lanes;
    /** owned[i]: lanes[i] belongs to this state alone (a dead lane may be shared with other states) */
    private final boolean[] owned;
    /**
     * spare[i]: a lane this state owned before a {@link #restore} replaced it by a shared dead lane (or a
     * {@link #skip} took it out), kept so
     * that a later restore to an active lane reuses its storage instead of forking (null when there is none)
     */
    private final Lane[] spare;
    private final Status[] startStatus;
    private final boolean forkable;
    /** the model checker's driver: STAT-1 after every statement, and a history when some engine cannot fork */
    private final boolean explorer;
    private final RunOptions options;
    private History history;
    private final List<Failure> startFailures;

    private LockStep(List<EngineSetup> sources, Spec spec, Lane[] lanes, Status[] startStatus, boolean forkable,
                     boolean explorer, RunOptions options, History history, List<Failure> startFailures) {
        this.sources = sources;
        this.spec = spec;
        this.lanes = lanes;
        this.owned = new boolean[lanes.length];
        this.spare = new Lane[lanes.length];
        this.startStatus = startStatus;
        this.forkable = forkable;
        this.explorer = explorer;
        this.options = options;
        this.history = history;
        this.startFailures = startFailures;
    }

    /**
     * Makes and starts one lane per engine, with no statement run yet, for the model checker: STAT-1 is
     * checked after every statement. An engine whose construction or start fails is {@link Status#BROKEN}
     * from the outset; see {@link #startFailures()}.
     */
    public static LockStep start(List<EngineSetup> engines) {
        return open(engines, OPTIONS, true, (i, source, engine) -> true);
    }

    /**
     * Makes and starts one lane per engine admitted, in order. An engine whose construction fails (or whose
     * admission throws) has no lane; one whose start fails keeps its lane, {@link Status#BROKEN}; both are
     * in {@link #startFailures()}. With {@link RunOptions#stopAtFirstViolation()}, no engine after the
     * first failure is constructed.
     *
     * @param explorer the model checker's driver (STAT-1 after every statement, replayable forks)
     */
    static LockStep open(List<EngineSetup> engines, RunOptions options, boolean explorer, Admission admission) {
        List<EngineSetup> sources = List.copyOf(engines);
        Spec spec = new Spec();
        Lane[] lanes = new Lane[sources.size()];
        Status[] startStatus = new Status[sources.size()];
        java.util.Arrays.fill(startStatus, Status.SKIPPED);
        List<Failure> failures = new ArrayList<>();
        boolean forkable = true;
        for (int i = 0; i < lanes.length && (failures.isEmpty() || !options.stopAtFirstViolation()); i++) {
            EngineSetup source = sources.get(i);
            Lane lane;
            try {
                StackEngine engine = source.factory().get();
                if (!admission.admit(i, source, engine)) {
                    continue;
                }
                lane = new Lane(source, engine, spec, options);
            } catch (RuntimeException | AssertionError e) {
                startStatus[i] = Status.BROKEN;
                failures.add(new Failure(i, source.name(), Invariant.ENG_1,
                        Lane.crash(e, "its construction").getMessage()));
                continue;
            }
            lanes[i] = lane;
            startStatus[i] = Status.ACTIVE;
            try {
                lane.start();
            } catch (Broken b) {
                startStatus[i] = Status.BROKEN;
                lane.markBroken(b);
                failures.add(new Failure(i, source.name(), b.invariant, b.getMessage()));
                if (explorer) {
                    lanes[i] = null; // the model checker keeps no lane that never ran
                }
                continue;
            }
            forkable &= lane.engine() instanceof Forkable;
        }
        LockStep s = new LockStep(sources, spec, lanes, startStatus, forkable, explorer, options, null,
                List.copyOf(failures));
        java.util.Arrays.fill(s.owned, true);
        return s;
    }

    /** The engines that broke at construction or start. */
    public List<Failure> startFailures() {
        return startFailures;
    }

    /** The specification state. Read it; change it only through {@link #step}. */
    public Spec spec() {
        return spec;
    }

    /** Number of lanes (one per engine given to {@link #start}). */
    public int laneCount() {
        return lanes.length;
    }

    /** The name of lane {@code i}'s engine. */
    public String name(int i) {
        return sources.get(i).name();
    }

    /** The engine of lane {@code i}. */
    public EngineSetup source(int i) {
        return sources.get(i);
    }

    public Status status(int i) {
        Lane lane = lanes[i];
        if (lane == null) {
            return startStatus[i];
        }
        if (lane.status() == Lane.Status.ACTIVE) {
            return Status.ACTIVE;
        }
        return lane.status() == Lane.Status.OVERFLOWED ? Status.OVERFLOWED : Status.BROKEN;
    }

    /** Number of lanes still {@link Status#ACTIVE}. */
    public int activeCount() {
        int n = 0;
        for (int i = 0; i < lanes.length; i++) {
            if (lanes[i] != null && lanes[i].status() == Lane.Status.ACTIVE) {
                n++;
            }
        }
        return n;
    }

    /** The engine of lane {@code i}, or null when it never started or was skipped. */
    public StackEngine engine(int i) {
        return lanes[i] == null ? null : lanes[i].engine();
    }

    /** The view of lane {@code i}'s engine as of the last statement, or null when it has none. */
    public StackView view(int i) {
        return lanes[i] == null ? null : lanes[i].view();
    }

    /** The address space of lane {@code i}, or null when it never started or was skipped. */
    public AddressSpace memory(int i) {
        return lanes[i] == null ? null : lanes[i].memory();
    }

    /** Takes lane {@code i} out: it runs no further statement ({@link Status#SKIPPED}). */
    public void skip(int i) {
        if (startStatus[i] == Status.ACTIVE) { // a lane that broke at start stays BROKEN; one skipped, SKIPPED
            if (owned[i] && lanes[i] != null) {
                spare[i] = lanes[i]; // its storage serves a later restore (see restore)
            }
            lanes[i] = null;
            startStatus[i] = Status.SKIPPED;
            if (explorer && !forkable) {
                history = new History(null, i, history, history == null ? 1 : history.length + 1);
            }
        }
    }

    /**
     * Runs one statement: the specification applies it, then every active lane runs it and is checked with
     * the per-statement checks (and STAT-1, see {@link #start}). The full check of the state that results is
     * {@link #verify()}.
     *
     * @return the invariants broken by this statement, one per lane that broke (empty when none)
     * @throws IllegalArgumentException when the specification does not allow the statement here
     */
    public List<Failure> step(Op op) {
        try {
            return apply(op);
        } catch (RuleViolation why) {
            throw new IllegalArgumentException("illegal statement `" + Printer.statement(op) + "`: "
                    + why.getMessage());
        }
    }

    /**
     * {@link #step}, with a statement the specification does not allow thrown as the specification's
     * {@link RuleViolation}; the state is then unchanged.
     */
    List<Failure> apply(Op op) {
        int depthBefore = spec.depth();
        if (op instanceof Op.Ret && depthBefore > 0) { // (a ret at depth 0 is illegal: apply throws below)
            for (Lane lane : lanes) {
                if (lane != null) {
                    lane.beforeRet();
                }
            }
        }
        spec.apply(op); // checks the rules first, and leaves the state alone when one is broken
        if (explorer && !forkable) {
            history = new History(op, -1, history, history == null ? 1 : history.length + 1);
        }
        List<Failure> out = null;
        for (int i = 0; i < lanes.length; i++) {
            Lane lane = lanes[i];
            if (lane == null || lane.status() != Lane.Status.ACTIVE) {
                continue;
            }
            try {
                lane.step(op, depthBefore);
                if (explorer) {
                    try {
                        lane.stats().check();
                    } catch (Broken b) {
                        throw b;
                    } catch (RuntimeException | AssertionError e) {
                        throw Lane.crash(e, "its stats");
                    }
                }
            } catch (Broken b) {
                out = fail(out, i, lane, b);
                if (options.stopAtFirstViolation()) {
                    break;
                }
            }
        }
        return out == null ? List.of() : out;
    }

    /**
     * The runner's end-of-run checks on the state as it is, for every active lane: every frame, segment
     * and defer record in full, and STAT-1 ({@link Lane#finish()}), as {@code run} checks a program that
     * ends here. A lane that fails them is {@link Status#BROKEN} from now on.
     *
     * @return the invariants broken, one per lane that broke (empty when none)
     */
    public List<Failure> verify() {
        return finish(false);
    }

    /**
     * The end-of-run checks ({@link Lane#finish()}) on every active lane, and with {@code overflowed} also
     * STAT-1 on every lane that overflowed (the runner's end of a run; the model checker has checked those
     * after their last statement). A lane that fails them is {@link Status#BROKEN} from now on; with
     * {@link RunOptions#stopAtFirstViolation()} the checks stop at the first.
     */
    List<Failure> finish(boolean overflowed) {
        List<Failure> out = null;
        for (int i = 0; i < lanes.length; i++) {
            Lane lane = lanes[i];
            if (lane == null || !(lane.status() == Lane.Status.ACTIVE
                    || overflowed && lane.status() == Lane.Status.OVERFLOWED)) {
                continue;
            }
            try {
                lane.finish();
            } catch (Broken b) {
                out = fail(out, i, lane, b);
                if (options.stopAtFirstViolation()) {
                    break;
                }
            }
        }
        return out == null ? List.of() : out;
    }

    private static List<Failure> fail(List<Failure> out, int i, Lane lane, Broken b) {
        lane.markBroken(b);
        List<Failure> o = out == null ? new ArrayList<>(2) : out;
        o.add(new Failure(i, lane.name(), b.invariant, b.getMessage()));
        return o;
    }

    /** Lane {@code i}, or null when its engine failed to construct or was not admitted. */
    Lane lane(int i) {
        return lanes[i];
    }

    /**
     * Makes this state equal to {@code other}'s (a state of the same {@link #start}, reached by another
     * path), reusing this state's storage where it can; the cheap form of {@link #fork()} for a checker
     * that recycles its copies.
     */
    public void restore(LockStep other) {
        if (!other.sources.equals(sources)) {
            throw new IllegalArgumentException("restore from a state of another start");
        }
        if (!forkable || !other.forkable) {
            throw new IllegalStateException("restore needs forkable engines; use fork()");
        }
        spec.copyFrom(other.spec);
        for (int i = 0; i < lanes.length; i++) {
            Lane src = other.lanes[i];
            startStatus[i] = other.startStatus[i];
            if (src == null || src.status() != Lane.Status.ACTIVE) {
                if (owned[i] && lanes[i] != null) {
                    spare[i] = lanes[i];
                }
                lanes[i] = src;
                owned[i] = false;
            } else {
                if (!owned[i] || lanes[i] == null) {
                    lanes[i] = spare[i];
                    spare[i] = null;
                }
                if (!(lanes[i] != null && lanes[i].restore(src))) {
                    lanes[i] = src.fork(spec);
                }
                owned[i] = true;
            }
        }
        history = other.history;
    }

    /** True when {@link #restore} can be used: every engine is {@link Forkable}. */
    public boolean restorable() {
        return forkable;
    }

    /** An independent copy of this state (see the class comment). */
    public LockStep fork() {
        if (!forkable) {
            return replay();
        }
        Spec s = spec.copy();
        Lane[] copies = new Lane[lanes.length];
        for (int i = 0; i < lanes.length; i++) {
            Lane lane = lanes[i];
            if (lane == null) {
                continue;
            }
            copies[i] = lane.status() == Lane.Status.ACTIVE ? lane.fork(s) : lane;
        }
        LockStep c = new LockStep(sources, s, copies, startStatus.clone(), true, explorer, options, history,
                startFailures);
        for (int i = 0; i < copies.length; i++) {
            c.owned[i] = copies[i] != lane(i); // null (no lane) and shared lanes are not owned
        }
        return c;
    }

    private LockStep replay() {
        LockStep fresh = open(sources, options, explorer, (i, source, engine) -> true);
        int n = history == null ? 0 : history.length;
        History[] order = new History[n];
        int k = n;
        for (History h = history; h != null; h = h.previous) {
            order[--k] = h;
        }
        for (History h : order) {
            if (h.op == null) {
                fresh.skip(h.skip);
            } else {
                fresh.step(h.op);
            }
        }
        return fresh;
    }
}

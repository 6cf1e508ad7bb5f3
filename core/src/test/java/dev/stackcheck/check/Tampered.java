package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.stackcheck.engine.EngineEvent;
import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.engine.Stats;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Cursor;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Program;
import dev.stackcheck.spec.Spec;
import java.util.List;
import java.util.Optional;

/**
 * A reference engine whose report to the checker is tampered with at one chosen statement: its view (frame
 * addresses, segments, defer records, cache), its events, or the memory it left behind. Each test breaks
 * exactly one thing the checker reads, so it can assert which check fires, at which statement, and what it
 * says; the unbroken engine passes the same program.
 */
class Tampered implements StackEngine {

    final StackEngine inner;
    AddressSpace memory;
    private EngineEvents out;
    /** statements run so far (the one running now, once it started) */
    int n;

    Tampered(StackEngine inner) {
        this.inner = inner;
    }

    // ---- hooks, overridden by the tests

    /** The view the checker sees after statement {@code n} (1-based). */
    StackView view(StackView real, int n) {
        return real;
    }

    /** Passes an event of statement {@code n} on (or changes, drops, adds to it). */
    void event(EngineEvent e, int n, EngineEvents out) {
        out.event(e);
    }

    /** Runs after statement {@code n} on the real engine (to break memory, report events...). */
    void after(int n) {
    }

    void emit(EngineEvent e) {
        out.event(e);
    }

    // ---- the engine

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public EngineParams params() {
        return inner.params();
    }

    @Override
    public StackKind kind() {
        return inner.kind();
    }

    @Override
    public Optional<String> refuse(Program program) {
        return inner.refuse(program);
    }

    @Override
    public void start(AddressSpace memory, EngineEvents events) {
        this.memory = memory;
        this.out = events;
        inner.start(memory, e -> event(e, n, events));
    }

    private void done() {
        after(n);
    }

    @Override
    public void call(Layout layout) {
        n++;
        inner.call(layout);
        done();
    }

    @Override
    public void ret() {
        n++;
        inner.ret();
        done();
    }

    @Override
    public void set(int slot, long value) {
        n++;
        inner.set(slot, value);
        done();
    }

    @Override
    public long get(int slot) {
        n++;
        long v = inner.get(slot);
        done();
        return v;
    }

    @Override
    public void addr(int slot, int frame, int target) {
        n++;
        inner.addr(slot, frame, target);
        done();
    }

    @Override
    public void store(int slot, long value) {
        n++;
        inner.store(slot, value);
        done();
    }

    @Override
    public long load(int slot) {
        n++;
        long v = inner.load(slot);
        done();
        return v;
    }

    @Override
    public void defer(int slot, long value) {
        n++;
        inner.defer(slot, value);
        done();
    }

    @Override
    public void gc() {
        n++;
        inner.gc();
        done();
    }

    @Override
    public StackView view() {
        return view(inner.view(), n);
    }

    @Override
    public Stats stats() {
        return inner.stats();
    }

    /** A view that answers like another, except where a subclass says otherwise. */
    static class Edit implements StackView {
        final StackView real;

        Edit(StackView real) {
            this.real = real;
        }

        @Override
        public int depth() {
            return real.depth();
        }

        @Override
        public Layout layout(int frame) {
            return real.layout(frame);
        }

        @Override
        public long frameAddress(int frame) {
            return real.frameAddress(frame);
        }

        @Override
        public int deferCount() {
            return real.deferCount();
        }

        @Override
        public DeferRecord defer(int i) {
            return real.defer(i);
        }

        @Override
        public List<StackSegment> segments() {
            return real.segments();
        }

        @Override
        public Region cachedSegment() {
            return real.cachedSegment();
        }
    }

    // ---- running

    /** Runs the program (sweeps off unless given) on one engine and returns its only violation. */
    static Violation violation(String program, StackEngine engine) {
        return violation(program, engine, RunOptions.DEFAULT.withSweepCredit(0).withDiagrams(false));
    }

    static Violation violation(String program, StackEngine engine, RunOptions options) {
        RunResult r = Runner.run(Fixtures.parse(program), List.of(new EngineSetup("t", () -> engine)), options);
        assertEquals(1, r.violations().size(), () -> "violations: " + r.violations());
        return r.violations().get(0);
    }

    /**
     * Runs the program on one lane by hand, as the runner does (no sweeps), and returns the first
     * {@link Broken} a check threw: unlike a {@link Violation} it names the frame the check blamed (which
     * only picks the diagrams' focus frames), so a test can pin that frame.
     */
    static Broken broken(String program, StackEngine engine) {
        Program p = Fixtures.parse(program);
        Spec spec = new Spec();
        RunOptions options = RunOptions.DEFAULT.withSweepCredit(0).withDiagrams(false);
        Lane lane = new Lane(new EngineSetup("t", () -> engine), engine, spec, options);
        try {
            lane.start();
            Cursor c = p.cursor();
            while (c.hasNext() && lane.status() == Lane.Status.ACTIVE) {
                Op op = c.next();
                int depthBefore = spec.depth();
                spec.apply(op);
                lane.step(op, depthBefore);
            }
            if (lane.status() == Lane.Status.ACTIVE) {
                lane.finish();
            }
        } catch (Broken b) {
            return b;
        }
        return fail("no check fired");
    }

    /** Asserts "ID frame F: message" of the Broken a run throws (the frame it blames, see {@link #broken}). */
    static void checkFrame(String expected, String program, StackEngine engine) {
        Broken b = broken(program, engine);
        String got = b.invariant.id() + " frame " + b.frame + ": " + b.getMessage();
        if (expected.equals("?")) {
            System.out.println("ACTUAL " + new Throwable().getStackTrace()[1].getMethodName() + " | " + got);
        }
        assertEquals(expected, got);
    }

    /** The program passes on the engine (the same options as {@link #violation}). */
    static void passes(String program, StackEngine engine) {
        RunResult r = Runner.run(Fixtures.parse(program), List.of(new EngineSetup("t", () -> engine)),
                RunOptions.DEFAULT.withSweepCredit(0).withDiagrams(false));
        assertEquals("ok", r.verdict(), () -> r.violations().toString());
    }

    /**
     * Asserts "ID @step message" of a violation exactly. (Given "?", prints what it got, prefixed with
     * ACTUAL and the test's name, so a new case can be pinned after reading what the checker said.)
     */
    static void check(String expected, Violation v) {
        String got = v.invariant().id() + " @" + v.step() + " " + v.message();
        if (expected.equals("?")) {
            System.out.println("ACTUAL " + new Throwable().getStackTrace()[1].getMethodName() + " | " + got);
        }
        assertEquals(expected, got, v::summary);
    }

    /** Asserts the invariant, the 0-based step, and that the message is exactly {@code message}. */
    static void assertViolation(Violation v, Invariant inv, long step, String message) {
        assertEquals(inv, v.invariant(), v::summary);
        assertEquals(step, v.step(), v::summary);
        assertEquals(message, v.message(), v::summary);
    }

    /** Asserts the invariant, the step, and that the message contains every fragment. */
    static void assertViolationContains(Violation v, Invariant inv, long step, String... fragments) {
        assertEquals(inv, v.invariant(), v::summary);
        assertEquals(step, v.step(), v::summary);
        for (String f : fragments) {
            assertTrue(v.message().contains(f), () -> "\"" + f + "\" not in: " + v.message());
        }
    }
}

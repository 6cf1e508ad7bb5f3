package dev.stackcheck.check;

import dev.stackcheck.engine.Counter;
import dev.stackcheck.engine.Counters;
import dev.stackcheck.engine.EngineEvent;
import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Forkable;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.engine.StackOverflow;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.engine.Stats;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.memory.MemoryFault;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Printer;
import dev.stackcheck.spec.Spec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One engine running in lock step with the specification: the engine, its own address space, the events
 * of the current statement, and the checker's shadow of what it last verified.
 *
 * <p>Invariant kept between statements (while the lane is active): {@code addr[f]} is the frameAddress of
 * frame f as last verified, for every live frame; the check objects' shadows (segment chain, stack
 * region, no-map frames) describe the engine's stack as it was after the previous statement. Checking a
 * statement costs O(top frame + touched slots + changed defer records) plus the structural work its events
 * call for, so a run stays linear in the program (see {@link #sweep()}).
 *
 * <p>No broken slot goes unreported, even without sweeps ({@code sweepCredit} 0): a frame of at most
 * {@link FrameCheck#SMALL_FRAME} slots is checked whole after every statement while it is on top (so also
 * when a ret makes it the top again); a wider one, checked a window at a time while on top, is checked
 * whole at its call and once more just before its ret ({@link #beforeRet()}), which costs no more than its
 * call did, so the cost per statement stays amortised; a frame still live at the end is checked by the
 * end-of-run full check.
 *
 * <p>Its configuration is fixed at construction; its state between statements is copied whole by
 * {@link #copyState} (for {@link #fork} and {@link #restore}). The checks see a lane only through its
 * accessors: read-only views, plus a few narrowly named writes ({@link #verifyAddr}, {@link #spendCredit},
 * {@link #moveWindow}, {@link #markBroken}).
 */
final class Lane implements EngineEvents {

    enum Status { ACTIVE, OVERFLOWED, BROKEN }

    private final EngineSetup source;
    /** not final only so that a {@link #fork} can make its engine report to the new lane */
    private StackEngine engine;
    private final AddressSpace memory;
    private final Spec model;
    private final RunOptions options;
    private final StackKind kind;
    private final EngineParams params;
    private final boolean laidOut;
    private StackView view;

    /** structural events of the current statement */
    private final ArrayList<EngineEvent> events = new ArrayList<>();
    private final List<EngineEvent> eventsView = Collections.unmodifiableList(events);
    private boolean structural;
    private boolean sawLessstack;

    /** every event of the run counted ({@link Counters#count}), and the copies that adjusted a defer record */
    private final Counters counts;
    private long calls, returns, statements;
    private final LongStack observations;
    private Status status = Status.ACTIVE;
    /** what made the lane {@link Status#BROKEN} (set by the driver), for the runner's diagrams */
    private Broken brokenBy;
    private String overflow;

    /** verified frame addresses, one per live frame */
    private final LongStack addr;
    /** slots plus return word of each live frame, and their sum: the cost of a full check */
    private final LongStack frameWords;
    private long liveWords;
    /** full-check credit, in units of about one slot read, earned per statement (see {@link #sweep()}) */
    private long credit;
    private int window;
    /** a violation found by {@link #beforeRet()}, thrown by the {@link #step} of that ret */
    private Broken pending;

    private final FrameCheck frames;
    private final SegmentCheck segments;
    private final CopyCheck copy;
    private final NomapFrameCheck nomapFrames;
    private final LeakCheck leak;
    private final StatsCheck stats;

    Lane(EngineSetup source, StackEngine engine, Spec model, RunOptions options) {
        this(source, engine.kind(), engine.params(), new AddressSpace(), model, options);
        this.engine = engine;
    }

    /** A lane's fixed configuration, with the state of a lane that has run nothing, and no engine yet. */
    private Lane(EngineSetup source, StackKind kind, EngineParams params, AddressSpace memory, Spec model,
                 RunOptions options) {
        this.source = source;
        this.memory = memory;
        this.observations = new LongStack(64);
        this.counts = new Counters();
        this.addr = new LongStack(64);
        this.frameWords = new LongStack(64);
        this.model = model;
        this.options = options;
        this.kind = kind;
        this.params = params;
        this.laidOut = kind != StackKind.OTHER;
        this.frames = new FrameCheck(this);
        this.segments = kind == StackKind.SEGMENTED || kind == StackKind.HYBRID ? new SegmentCheck(this) : null;
        this.copy = kind == StackKind.COPYING || kind == StackKind.HYBRID ? new CopyCheck(this) : null;
        this.nomapFrames = new NomapFrameCheck(this);
        this.leak = new LeakCheck(this);
        this.stats = new StatsCheck(this);
    }

    /**
     * A copy of this lane between statements, checking against {@code model} (a copy of this lane's
     * specification): its engine forked onto a copy of its memory, its state copied ({@link #copyState}).
     * The engine must be {@link Forkable}. Used by {@link LockStep#fork()}.
     */
    private Lane(Lane o, Spec model) {
        this(o.source, o.kind, o.params, o.memory.copy(), model, o.options);
        copyState(o);
        this.engine = ((Forkable) o.engine).fork(memory, this);
        this.view = engine.view();
    }

    /**
     * Makes this lane (of the same engine, started from the same factory) equal to {@code o} between
     * statements, reusing its storage: memory, engine ({@link Forkable#restore}), state ({@link #copyState}).
     * Its specification must already equal {@code o}'s. Returns false when the engine cannot restore; the
     * lane is then unusable and the caller replaces it by a fork of {@code o}.
     */
    boolean restore(Lane o) {
        // (an engine of another class is refused by Forkable.restore itself)
        if (o.source != source || !(engine instanceof Forkable f)) {
            return false;
        }
        memory.copyFrom(o.memory);
        if (!f.restore(o.engine)) {
            return false;
        }
        copyState(o);
        view = engine.view();
        return true;
    }

    /**
     * The one copy of a lane's state between statements, used by both {@link #fork} and {@link #restore}:
     * counters, observations, status, verified addresses, sweep credit and every check's shadow. (The
     * events and the structural flag are per statement: {@link #step} resets them before each.)
     */
    private void copyState(Lane o) {
        sawLessstack = o.sawLessstack;
        counts.copyFrom(o.counts);
        calls = o.calls;
        returns = o.returns;
        statements = o.statements;
        observations.copyFrom(o.observations);
        status = o.status;
        brokenBy = o.brokenBy;
        overflow = o.overflow;
        addr.copyFrom(o.addr);
        frameWords.copyFrom(o.frameWords);
        liveWords = o.liveWords;
        credit = o.credit;
        window = o.window;
        if (segments != null) {
            segments.copyFrom(o.segments);
        }
        if (copy != null) {
            copy.copyFrom(o.copy);
        }
        nomapFrames.copyFrom(o.nomapFrames);
    }

    /** A copy of this lane (see the copying constructor); its engine must be {@link Forkable}. */
    Lane fork(Spec model) {
        return new Lane(this, model);
    }

    String name() {
        return source.name();
    }

    // What the checks (and the driver) see of a lane: its fixed configuration, the engine's current view and
    // the statement's events, read-only; the few writes a check makes each have their own named method.

    EngineSetup source() {
        return source;
    }

    StackEngine engine() {
        return engine;
    }

    /** the lane's own address space (the engine's memory) */
    AddressSpace memory() {
        return memory;
    }

    /** the specification this lane is checked against */
    Spec spec() {
        return model;
    }

    StackKind kind() {
        return kind;
    }

    EngineParams params() {
        return params;
    }

    /** true when the engine lays its frames out in memory ({@link StackKind} not OTHER) */
    boolean laidOut() {
        return laidOut;
    }

    /** the engine's view after the current statement */
    StackView view() {
        return view;
    }

    /** the structural events of the current statement, read-only */
    List<EngineEvent> events() {
        return eventsView;
    }

    /** how many events of this kind the run has counted */
    long count(Counter c) {
        return counts.get(c);
    }

    long calls() {
        return calls;
    }

    long returns() {
        return returns;
    }

    long statements() {
        return statements;
    }

    /** the values the run's gets and loads observed, in order (when recorded) */
    long[] observedValues() {
        return observations.toArray();
    }

    Status status() {
        return status;
    }

    /** what made the lane broken, or null */
    Broken brokenBy() {
        return brokenBy;
    }

    /** the engine's overflow message, or null */
    String overflow() {
        return overflow;
    }

    /** The driver's verdict: a check failed, the lane runs no more statements. */
    void markBroken(Broken b) {
        status = Status.BROKEN;
        brokenBy = b;
    }

    /** the address of live frame f as last verified */
    long verifiedAddr(int f) {
        return addr.get(f);
    }

    /** Records the address of live frame f once a check has verified where it lies. */
    void verifyAddr(int f, long a) {
        addr.set(f, a);
    }

    /**
     * Spends {@code cost} units of the sweep credit ({@link #sweep()}) when the credit covers it.
     *
     * @return false (spending nothing) when it does not
     */
    boolean spendCredit(long cost) {
        if (credit < cost) {
            return false;
        }
        credit -= cost;
        return true;
    }

    /** where the next window of a wide top frame starts ({@link FrameCheck#topWindow}) */
    int window() {
        return window;
    }

    /** Moves the window of a wide top frame on to {@code start}. */
    void moveWindow(int start) {
        window = start;
    }

    FrameCheck frames() {
        return frames;
    }

    /** the segment chain's check, or null for an engine that does not split */
    SegmentCheck segments() {
        return segments;
    }

    NomapFrameCheck nomapFrames() {
        return nomapFrames;
    }

    StatsCheck stats() {
        return stats;
    }

    @Override
    public void event(EngineEvent e) {
        events.add(e);
        counts.count(e);
        if (e instanceof EngineEvent.Overflow) {
            return; // the statement throws StackOverflow: nothing moved
        }
        structural = true;
        if (e instanceof EngineEvent.Lessstack) {
            sawLessstack = true;
        }
    }

    /** Starts the engine; a fault or crash is thrown as {@link Broken}. */
    void start() {
        try {
            engine.start(memory, this); // its events are never read: step() clears them before each statement
            view = engine.view();
            if (kind == StackKind.COPYING) {
                copy.started();
            }
        } catch (Broken b) {
            throw b; // a check that failed at start (CPY-1, CPY-2) is reported as itself, not as a crash
        } catch (MemoryFault f) {
            throw fault(f, "start");
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            throw crash(e, "start");
        }
    }

    /**
     * Runs one statement (already applied to the specification) on the engine and checks the invariants.
     *
     * @param depthBefore the specification's depth before the statement
     * @throws Broken when an invariant broke
     */
    void step(Op op, int depthBefore) {
        if (pending != null) {
            throw pending;
        }
        events.clear();
        structural = false;
        sawLessstack = false;
        long got;
        try {
            got = dispatch(engine, op);
        } catch (StackOverflow so) {
            statements++;
            status = Status.OVERFLOWED;
            overflow = so.getMessage();
            if (kind == StackKind.COPYING) {
                copy.overflow(op, depthBefore, so);
            } else {
                OverflowCheck.claim(this, op, depthBefore);
            }
            return;
        } catch (MemoryFault f) {
            throw fault(f, "the statement");
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            throw crash(e, "the statement");
        }
        statements++;
        if (op instanceof Op.Call) {
            calls++;
        } else if (op instanceof Op.Ret) {
            returns++;
        } else if (options.recordObservations() && (op instanceof Op.Get || op instanceof Op.Load)) {
            observations.push(got);
        }
        try {
            check(op, got, depthBefore);
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            throw checking(e, "its view");
        }
    }

    /**
     * Called before the specification applies a ret (it still holds the returning frame): a frame wider
     * than {@link FrameCheck#SMALL_FRAME} slots, which the statements on it check only a window at a time,
     * is checked whole once before its slots are gone, so a slot it broke (above all while it was not on
     * top) cannot go unreported when no sweep or end-of-run check reaches it first. Its call checked it
     * whole as well, so this at most doubles the cost of the call. What it finds is thrown by the
     * {@link #step} of the ret, before the engine runs it.
     */
    void beforeRet() {
        int top = model.depth() - 1;
        if (status != Status.ACTIVE || model.layout(top).words() <= FrameCheck.SMALL_FRAME) {
            return;
        }
        try {
            frames.frame(top);
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            pending = checking(e, "its view");
        }
    }

    /** Runs one statement on an engine; returns what a get or load observed, else 0. */
    static long dispatch(StackEngine e, Op op) {
        if (op instanceof Op.Set s) {
            e.set(s.slot(), s.value());
        } else if (op instanceof Op.Get g) {
            return e.get(g.slot());
        } else if (op instanceof Op.Call c) {
            e.call(c.layout());
        } else if (op instanceof Op.Ret) {
            e.ret();
        } else if (op instanceof Op.Addr a) {
            e.addr(a.slot(), a.frame(), a.target());
        } else if (op instanceof Op.Store s) {
            e.store(s.slot(), s.value());
        } else if (op instanceof Op.Load l) {
            return e.load(l.slot());
        } else if (op instanceof Op.Defer d) {
            e.defer(d.slot(), d.value());
        } else if (op instanceof Op.Gc) {
            e.gc();
        } else {
            throw new IllegalArgumentException("not a statement: " + op);
        }
        return 0;
    }

    private void check(Op op, long got, int depthBefore) {
        view = engine.view();
        frames.observation(op, got);
        int depth = model.depth();
        int vd = view.depth();
        if (vd != depth) {
            throw new Broken(Invariant.REF_2, depth - 1,
                    "the engine has " + vd + " frames after `" + Printer.statement(op)
                            + "`, the specification " + depth);
        }
        boolean isCall = op instanceof Op.Call;
        boolean isRet = op instanceof Op.Ret;
        if (isCall) {
            int w = model.layout(depth - 1).words() + 1;
            liveWords += w;
            frameWords.push(w);
            addr.push(0);
        } else if (isRet) {
            liveWords -= frameWords.pop();
            addr.truncate(depth);
            nomapFrames.afterRet(depth);
        }
        if (depth == 0) {
            // the final ret ended the goroutine (and the run: nothing may follow it): PTR-2, the engine holds
            // no defer record any more, as the specification holds none
            frames.allDefers();
            return;
        }
        int top = depth - 1;
        // the first call, and a copy of a contiguous stack, call for a full check (frames may have moved)
        boolean full = depthBefore == 0;
        if (copy != null && (structural || op instanceof Op.Gc)) {
            if (segments == null) {
                copy.afterStatement(op, depthBefore);
            } else if (depthBefore > 0) {
                copy.hybridAfterStatement(op, depthBefore, segments.topRegion(), segments.topFirst());
            }
        }
        if (!full) {
            full = structuralChecks(op, top); // without events (or with only an Overflow) it finds nothing
        }
        if (full) {
            fullCheck(true);
        } else {
            localChecks(op, top, isCall, isRet);
        }
        if (structural) {
            // after the frames: a wrong pointer is reported as itself (PTR-1, PTR-2) before a wrong count
            AdjustCountCheck.afterStatement(this, segments == null ? 0 : segments.topFirst(), top);
        }
        if (isCall && model.layout(top).nomap()) {
            nomapFrames.afterCall(top, addr.get(top));
        }
        if (isRet && depth == 1) {
            leak.check();
        }
        sweep();
    }

    /**
     * Handles a statement's structural events.
     *
     * @return true when a full check must follow (a copy of a contiguous stack or of an engine of another kind)
     */
    private boolean structuralChecks(Op op, int top) {
        boolean copied = false;
        for (int i = 0; i < events.size(); i++) {
            EngineEvent e = events.get(i);
            if (e instanceof EngineEvent.Copy c) {
                copied = true;
                countDeferAdjusted(c.to());
            }
        }
        if (copied) {
            nomapFrames.checkAll();
        }
        if (segments == null) {
            return copied;
        }
        int splits = 0;
        int lessstacks = 0;
        for (int i = 0; i < events.size(); i++) {
            EngineEvent e = events.get(i);
            if (e instanceof EngineEvent.Copy c) {
                segments.afterCopy(c, top);
            } else if (e instanceof EngineEvent.Split sp) {
                if (!(op instanceof Op.Call) || ++splits > 1) { // at a call, only a second split gets here
                    throw new Broken(Invariant.SEG_1, top, "a split during `" + Printer.statement(op) + "`"
                            + (op instanceof Op.Call ? " (the second in one call)" : "")
                            + ": only a call splits, once");
                }
                segments.afterSplit(sp, top);
            } else if (e instanceof EngineEvent.Lessstack ls) {
                if (!(op instanceof Op.Ret) || ++lessstacks > 1) { // at a ret, only a second lessstack gets here
                    throw new Broken(Invariant.SEG_1, top, "lessstack during `" + Printer.statement(op) + "`"
                            + (op instanceof Op.Ret ? " (the second in one ret)" : "") + ": only a ret of a"
                            + " segment's first frame goes through lessstack, once");
                }
                segments.afterLessstack(ls, top);
            }
        }
        return false;
    }

    private void countDeferAdjusted(Region to) {
        for (int i = view.deferCount() - 1; i >= 0; i--) {
            if (to.contains(view.defer(i).pointer())) {
                counts.add(Counter.DEFER_ADJUSTED, 1);
                return;
            }
        }
    }

    private void localChecks(Op op, int top, boolean isCall, boolean isRet) {
        if (isCall) {
            frames.layout(top);
            long a = view.frameAddress(top);
            if (!structural) {
                if (segments != null) {
                    segments.placeCall(top, a);
                } else if (kind == StackKind.COPYING) {
                    copy.placeCall(top, a);
                }
            }
            addr.set(top, a);
            frames.frame(top);
            returnWord(top);
            return;
        }
        if (isRet) {
            if (segments != null && !sawLessstack) {
                segments.retWithoutLessstack(top + 1);
            }
            long a = view.frameAddress(top);
            if (laidOut && a != addr.get(top)) {
                throw new Broken(segments != null ? Invariant.SEG_4 : Invariant.CPY_1, top,
                        "frame " + top + " moved from " + Hex.of(addr.get(top)) + " to " + Hex.of(a)
                                + " when the frame above it returned");
            }
            frames.topWindow(top, -1);
            frames.touched();
            frames.deferTail();
            returnWord(top);
            return;
        }
        int slot = -1;
        if (op instanceof Op.Set s) {
            slot = s.slot();
        } else if (op instanceof Op.Addr a) {
            slot = a.slot();
        } else if (op instanceof Op.Store s) {
            slot = s.slot();
            // the store's target (also the statement's only touched slot when it lies below the top frame)
            frames.slot(model.refFrame(top, slot), model.refSlot(top, slot));
        } else if (op instanceof Op.Defer d) {
            slot = d.slot();
            frames.deferTail();
        } else if (op instanceof Op.Get g) {
            slot = g.slot();
        } else if (op instanceof Op.Load l) {
            slot = l.slot();
        }
        frames.topWindow(top, slot);
    }

    /** SEG-3 for one frame: the return-address word holds what the frame's place in the stack says. */
    void returnWord(int f) {
        if (!laidOut) {
            return;
        }
        long want = expectedReturn(f);
        long sp = view.frameAddress(f);
        long got = memory.read(sp + 8L * model.layout(f).words());
        if (got != want) {
            throw new Broken(Invariant.SEG_3, f, "frame " + f + " (" + model.layout(f).name() + ") at " + Hex.of(sp)
                    + " returns into " + Hex.code(got) + ", want " + Hex.code(want)
                    + (want == dev.stackcheck.engine.Code.LESSSTACK_PC ? " (it is the first frame of a split segment)"
                    : got == dev.stackcheck.engine.Code.LESSSTACK_PC ? " (it is not the first frame of a split segment)"
                    : ""));
        }
    }

    long expectedReturn(int f) {
        if (f == 0) {
            return dev.stackcheck.engine.Code.GOEXIT_PC;
        }
        if (segments != null && segments.isSplitFirst(f)) {
            return dev.stackcheck.engine.Code.LESSSTACK_PC;
        }
        return dev.stackcheck.engine.Code.RETURN_PC;
    }

    /**
     * Checks everything: structure and placement of every frame and segment, every slot, every defer
     * record, every frame without a pointer map.
     *
     * @param motionAllowed true after a copy (frames may have moved); otherwise a moved frame is a violation
     */
    void fullCheck(boolean motionAllowed) {
        int depth = model.depth();
        if (segments != null) {
            segments.full(motionAllowed);
        } else if (kind == StackKind.COPYING) {
            copy.full(motionAllowed);
        } else {
            // addr already has one entry per live frame (pushed at calls, truncated at rets)
            for (int f = 0; f < depth; f++) {
                addr.set(f, view.frameAddress(f));
            }
        }
        nomapFrames.checkAll();
        if (segments != null || kind == StackKind.COPYING) {
            frames.placedFrames(depth); // the placement checks above verified every frame's place
        } else {
            for (int f = 0; f < depth; f++) {
                frames.layout(f);
                frames.frame(f);
            }
        }
        frames.allDefers();
        credit = 0;
    }

    /**
     * Amortised full checks: every statement earns {@code sweepCredit} words of checking; when the credit
     * covers a full check (live words, frames, defer records, segments), one runs. The overhead is at most
     * {@code sweepCredit} units per statement, and every invariant is rechecked over the whole stack
     * again and again in a long run, not only where the structural events point.
     */
    private void sweep() {
        credit += options.sweepCredit(); // with sweepCredit 0 the credit stays 0, below every cost
        long cost = liveWords + 4L * addr.size() + 4L * model.deferCount() + SegmentCheck.WALK_COST * (segments != null ? segments.length() : 1);
        if (credit >= cost) {
            fullCheck(false);
        }
    }

    /** The end of the run: a last full check (when frames are live). */
    void finish() {
        try {
            if (status == Status.OVERFLOWED) {
                stats.check();
                return;
            }
            view = engine.view();
            if (model.depth() > 0) {
                int vd = view.depth();
                if (vd != model.depth()) {
                    throw new Broken(Invariant.REF_2, -1,
                            "the engine has " + vd + " frames at the end, the specification " + model.depth());
                }
                fullCheck(false);
            }
            stats.check();
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            throw checking(e, "its view or stats");
        }
    }

    /** What an address is, for messages: nil, a live region, a freed region, or unmapped. */
    String whereIs(long a) {
        if (a == 0) {
            return "nil";
        }
        Region r = memory.regionAt(a);
        if (r != null) {
            return "in " + r.label() + " #" + r.id();
        }
        for (Region f : memory.allRegions()) {
            if (f.contains(a)) {
                return "in freed " + f.label() + " #" + f.id();
            }
        }
        return "unmapped";
    }

    Stats statsOrZero() {
        try {
            Stats s = engine.stats();
            return s != null ? s : Stats.ZERO;
        } catch (RuntimeException e) {
            return Stats.ZERO;
        }
    }

    Coverage coverage() {
        return Coverage.of(counts);
    }

    static Broken fault(MemoryFault f, String during) {
        Invariant inv = f.kind() == MemoryFault.Kind.MISALIGNED ? Invariant.MEM_2 : Invariant.MEM_1;
        return new Broken(inv, -1, f.kind() + " fault in " + during + ": " + f.getMessage());
    }

    /**
     * What a throwable that escaped a check means: a {@link Broken} is the check's own verdict, a memory
     * fault is MEM-1/MEM-2 while reading the stack, anything else a crash of the engine (its view or stats).
     */
    static Broken checking(Throwable e, String crashDuring) {
        if (e instanceof Broken b) {
            return b;
        }
        if (e instanceof MemoryFault f) {
            return fault(f, "reading the stack through the engine's view");
        }
        return crash(e, crashDuring);
    }

    static Broken crash(Throwable e, String during) {
        StackTraceElement[] trace = e.getStackTrace();
        String where = trace.length > 0 ? " at " + trace[0] : "";
        return new Broken(Invariant.ENG_1, -1, "engine crashed in " + during + ": " + e + where);
    }
}

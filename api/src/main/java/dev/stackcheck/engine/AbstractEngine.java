package dev.stackcheck.engine;

import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;
import java.util.List;
import java.util.Objects;

/**
 * What the reference engines share: the frame table, the defer records, the statements (which all go
 * through the {@link AddressSpace}), the statistics, and {@link #copystack}, the copy-and-adjust step of
 * a moving stack.
 *
 * <p>Invariants kept here, whatever the subclass does with regions:
 * <ul>
 *   <li>frame {@code f} of layout {@code L} occupies {@code [sp(f), sp(f) + L.frameBytes())}: slot
 *       {@code i} is the word at {@code sp(f) + 8*i}, the return address the word at
 *       {@code sp(f) + 8*L.words()}, written by {@link #call} with {@link #returnAddress};</li>
 *   <li>the engine keeps addresses, never values: every slot value lives only in memory;</li>
 *   <li>defer records live off the stack, oldest first; {@link #ret} runs the top frame's records,
 *       newest first, by storing through their pointers, then pops the frame;</li>
 *   <li>statistics follow the events: every {@link #emit emitted} event updates its counters, so
 *       {@code splits} equals the number of Split events, {@code segmentAllocs} the number of Alloc
 *       events, and so on (invariant STAT-1).</li>
 * </ul>
 *
 * <p>Subclasses decide where a new frame goes ({@link #place}), what happens after a pop
 * ({@link #popped}: lessstack) and at a gc safe point. The hooks are protected and named after the
 * runtime mechanism they model, so a deliberately wrong engine can override exactly one of them.
 */
public abstract class AbstractEngine implements StackEngine, Forkable, Cloneable {

    private enum State { NEW, RUNNING, ENDED, OVERFLOWED }

    protected final EngineParams params;
    private AddressSpace memory;
    private EngineEvents events = EngineEvents.NONE;
    private FrameTable frames = new FrameTable();
    private DeferTable defers = new DeferTable();
    private StackView view = new View();
    private State state = State.NEW;

    private Tally tally = new Tally();

    /**
     * Everything the statistics are made of, in one value that {@link #fork} and {@link #restore} copy
     * whole: a statistic added here cannot be forgotten by either.
     */
    private static final class Tally {
        long calls;
        long returns;
        /** the events counted into the statistics (splits, copies, allocations, ...) */
        final Counters counts = new Counters();
        long reservedBytes;
        long peakReserved;
        long frameBytes;
        long peakUsed;

        void copyFrom(Tally o) {
            calls = o.calls;
            returns = o.returns;
            counts.copyFrom(o.counts);
            reservedBytes = o.reservedBytes;
            peakReserved = o.peakReserved;
            frameBytes = o.frameBytes;
            peakUsed = o.peakUsed;
        }

        Tally copy() {
            Tally t = new Tally();
            t.copyFrom(this);
            return t;
        }
    }

    protected AbstractEngine(EngineParams params) {
        this.params = Objects.requireNonNull(params, "params");
        if (params.maxStack() <= 0) {
            throw new IllegalArgumentException("maxStack must be positive: " + params.maxStack());
        }
        if (params.stackGuard() < 0) {
            throw new IllegalArgumentException("stackGuard must not be negative: " + params.stackGuard());
        }
        if (params.shrinkSlack() < 0) {
            throw new IllegalArgumentException("shrinkSlack must not be negative: " + params.shrinkSlack());
        }
    }

    @Override
    public EngineParams params() {
        return params;
    }

    @Override
    public final void start(AddressSpace memory, EngineEvents events) {
        if (state != State.NEW) {
            throw new IllegalStateException(name() + ": start called twice");
        }
        this.memory = Objects.requireNonNull(memory, "memory");
        this.events = events == null ? EngineEvents.NONE : events;
        state = State.RUNNING;
        createStack();
        notePeakUsed();
    }

    /**
     * A copy of this engine (of the same class, a fault variant included) on a copy of its memory: the
     * frame table and defer records are copied, statistics carried over. A subclass that keeps mutable
     * state of its own copies it in {@link #forkState()}.
     */
    @Override
    public AbstractEngine fork(AddressSpace memory, EngineEvents events) {
        if (state == State.NEW) {
            throw new IllegalStateException(name() + ": fork before start");
        }
        AbstractEngine c;
        try {
            c = (AbstractEngine) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        c.memory = Objects.requireNonNull(memory, "memory");
        c.events = events == null ? EngineEvents.NONE : events;
        c.frames = frames.copy();
        c.defers = defers.copy();
        c.tally = tally.copy();
        c.view = c.new View();
        c.forkState();
        return c;
    }

    /**
     * Called on a fresh {@link #fork}, which shares every field with the original: replace each mutable
     * object the subclass keeps by a copy. Immutable fields (regions, parameters) may stay shared.
     */
    protected void forkState() {
    }

    /**
     * Makes this engine's state equal to {@code other}'s, an engine of the same class (see
     * {@link Forkable#restore}): frame table, defer records, statistics; a subclass copies its own
     * state in {@link #restoreState}.
     */
    @Override
    public boolean restore(StackEngine other) {
        if (other == null || other.getClass() != getClass() || state == State.NEW) {
            return false;
        }
        AbstractEngine o = (AbstractEngine) other;
        if (o.state == State.NEW || !o.params.equals(params)) {
            return false;
        }
        frames.copyFrom(o.frames);
        defers.copyFrom(o.defers);
        state = o.state;
        tally.copyFrom(o.tally);
        restoreState(o);
        return true;
    }

    /**
     * Called by {@link #restore} with an engine of this same class: copy into this engine every field the
     * subclass keeps (mutable objects by content). A subclass with state of its own must override both
     * this and {@link #forkState}.
     */
    protected void restoreState(AbstractEngine other) {
    }

    /** Allocates the goroutine's initial stack (no frame is live yet). */
    protected abstract void createStack();

    /**
     * Where a new frame of {@code layout} goes: the address of its slot 0. Called with the frame not yet
     * pushed ({@link #depth()} is the new frame's index). The subclass grows the stack here when the frame
     * does not fit, and may throw {@link StackOverflow} (via {@link #overflow}).
     */
    protected abstract long place(Layout layout);

    /** The return address to write into frame {@code frame}, which has just been placed. */
    protected abstract long returnAddress(int frame);

    /** Called after frame {@code frame} (at {@code sp}) has been popped: the place for lessstack. */
    protected void popped(int frame, long sp, Layout layout) {
    }

    /** Bytes of stack-info records in the live stack, counted as used (segments have one each). */
    protected long recordBytes() {
        return 0;
    }

    /** The regions holding the stack, for {@link StackView#segments()}. */
    protected abstract List<StackView.StackSegment> segmentList();

    /** The segment kept for the next split, or null. */
    protected Region cached() {
        return null;
    }

    // ---- statements ------------------------------------------------------------------------------

    @Override
    public void call(Layout layout) {
        requireRunning();
        int f = frames.depth();
        long sp = place(layout);
        frames.push(sp, layout);
        int words = layout.words();
        memory.fill(sp, words, 0); // words checked writes of 0, checked once per region
        memory.write(sp + 8L * words, returnAddress(f));
        tally.calls++;
        tally.frameBytes += layout.frameBytes();
        notePeakUsed();
    }

    @Override
    public void ret() {
        requireRunning();
        int top = topFrame();
        runDefers(top);
        long sp = frames.sp(top);
        Layout layout = frames.layout(top);
        frames.pop();
        tally.returns++;
        tally.frameBytes -= layout.frameBytes();
        popped(top, sp, layout);
        if (top == 0) {
            state = State.ENDED;
        }
    }

    /** Runs the deferred stores of {@code frame}, newest first, each through its record's pointer. */
    protected void runDefers(int frame) {
        while (defers.count() > 0 && defers.owner(defers.count() - 1) == frame) {
            int i = defers.count() - 1;
            memory.write(defers.pointer(i), defers.value(i));
            defers.removeLast();
        }
    }

    @Override
    public void set(int slot, long value) {
        requireRunning();
        memory.write(slotAddress(topFrame(), slot), value);
    }

    @Override
    public long get(int slot) {
        requireRunning();
        return memory.read(localAddress(topFrame(), slot));
    }

    /**
     * Where get reads slot {@code slot} of frame {@code frame} (the top frame): the frame's own slot,
     * addressed from its frame address (Go addresses a frame's locals from its varp). Only get uses this
     * hook; the other statements address slots directly, so a fault here changes observations only.
     */
    protected long localAddress(int frame, int slot) {
        return slotAddress(frame, slot);
    }

    @Override
    public void addr(int slot, int frame, int target) {
        requireRunning();
        int top = topFrame();
        memory.write(slotAddress(top, slot), slotAddress(frame, target));
    }

    @Override
    public void store(int slot, long value) {
        requireRunning();
        long p = memory.read(slotAddress(topFrame(), slot));
        memory.write(p, value);
    }

    @Override
    public long load(int slot) {
        requireRunning();
        long p = memory.read(slotAddress(topFrame(), slot));
        return memory.read(p);
    }

    @Override
    public void defer(int slot, long value) {
        requireRunning();
        int top = topFrame();
        defers.add(top, memory.read(slotAddress(top, slot)), value);
    }

    @Override
    public void gc() {
        requireRunning();
        topFrame();
        shrinkstack();
    }

    /** The gc safe point: shrink the stack if the engine's policy says so. Does nothing by default. */
    protected void shrinkstack() {
    }

    // ---- moving frames ---------------------------------------------------------------------------

    /**
     * Moves frames {@code [firstFrame, depth)}, which lie in {@code old}, to {@code neu}: copies the used
     * bytes {@code [old.hi - used, old.hi)} to {@code [neu.hi - used, neu.hi)} (the top keeps its distance
     * from hi), moves the frame table by {@code delta = neu.hi - old.hi}, then rewrites every pointer into
     * {@code old} by {@code delta}: the pointer slots of each moved frame ({@link #adjustframe}, using its
     * pointer map) and the defer records ({@link #adjustdefers}). The caller frees {@code old} afterwards,
     * never before. Returns the number of pointers rewritten.
     */
    protected long copystack(Region old, Region neu, long used, int firstFrame) {
        memory.copy(old.hi() - used, neu.hi() - used, used);
        long delta = neu.hi() - old.hi();
        frames.shift(firstFrame, delta);
        long adjusted = 0;
        int depth = frames.depth();
        for (int f = firstFrame; f < depth; f++) {
            adjusted += adjustframe(f, old, delta);
        }
        adjusted += adjustdefers(old, delta);
        return adjusted;
    }

    /**
     * Rewrites the pointer slots of (already moved) frame {@code frame} that point into {@code old}: each
     * slot its pointer map names goes through {@link #adjustpointer}. Returns how many it rewrote.
     */
    protected long adjustframe(int frame, Region old, long delta) {
        Layout layout = frames.layout(frame);
        long sp = frames.sp(frame);
        long n = 0;
        for (int i = 0; i < layout.pointerCount(); i++) {
            if (adjustpointer(sp + 8L * layout.pointer(i), old, delta)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Go's adjustpointer: the pointer slot at {@code slot} is moved by {@code delta} when it points into
     * {@code old} ({@code old.lo <= p < old.hi}), and left alone otherwise (nil, a pointer into an older
     * segment). Returns true when it counts as adjusted.
     */
    protected boolean adjustpointer(long slot, Region old, long delta) {
        long p = memory.read(slot);
        if (p >= old.lo() && p < old.hi()) {
            memory.write(slot, p + delta);
            return true;
        }
        return false;
    }

    /** Rewrites the defer records whose pointer points into {@code old}. */
    protected long adjustdefers(Region old, long delta) {
        return defers.adjust(old.lo(), old.hi(), delta);
    }

    // ---- helpers for subclasses ------------------------------------------------------------------

    /** Removes the newest defer record (after its store has run): what {@link #runDefers} does per record. */
    protected final void popDefer() {
        defers.removeLast();
    }

    protected final AddressSpace memory() {
        return memory;
    }

    /** Number of live frames. */
    protected final int depth() {
        return frames.depth();
    }

    protected final long sp(int frame) {
        return frames.sp(frame);
    }

    protected final void setSp(int frame, long address) {
        frames.setSp(frame, address);
    }

    protected final Layout layoutOf(int frame) {
        return frames.layout(frame);
    }

    /** The youngest live frame at or below {@code frame} without a pointer map, or -1 (no scan). */
    final int youngestNomapAtOrBelow(int frame) {
        return frames.youngestNomapAtOrBelow(frame);
    }

    // ---- the stack's policy: fit, growth, shrink and limit, one rule each for every engine -----------

    /** The bytes a frame of {@code frameBytes} needs below the top: the frame and the guard under it. */
    protected final long need(long frameBytes) {
        return frameBytes + params.stackGuard();
    }

    /** True when a frame of {@code frameBytes} fits below {@code spTop} in a region starting at {@code lo}. */
    protected boolean fits(long spTop, long lo, long frameBytes) {
        return spTop - lo >= need(frameBytes);
    }

    /** The overflow test: a stack (or a chain of segments) of {@code size} bytes is over the limit. */
    protected boolean exceedsMaxStack(long size) {
        return size > params.maxStack();
    }

    /** Throws Go's {@link StackOverflow} (see {@link #overflow}) when {@code size} bytes are over the limit. */
    protected final void requireWithinLimit(long size) {
        if (exceedsMaxStack(size)) {
            throw overflow(size);
        }
    }

    /**
     * The growth rule of a moving stack (a copying stack, a hybrid's top segment; Go's newstack):
     * {@code 2 * oldsize}, doubled again while {@code newsize - used < need} ({@code need} = the frame plus
     * the guard); stops doubling once past the limit.
     */
    protected long growsize(long oldsize, long used, long need) {
        long newsize = oldsize;
        do {
            newsize *= 2;
        } while (newsize - used < need && !exceedsMaxStack(newsize));
        return newsize;
    }

    /** The smallest size a moving stack is halved to at gc ({@code initialStack}; a hybrid's segmentSize). */
    protected long shrinkFloor() {
        return params.initialStack();
    }

    /**
     * The shrink rule of a moving stack (Go's shrinkstack): halve when {@code used + shrinkSlack < size/4}
     * and the half (rounded down to a word) is at least {@link #shrinkFloor()}.
     */
    protected boolean shouldShrink(long size, long used) {
        return ((size / 2) & -8L) >= shrinkFloor() && used + params.shrinkSlack() < size / 4;
    }

    /**
     * Moves frames {@code [firstFrame, depth)} from {@code old} to a new region of {@code newsize} bytes:
     * allocate, {@link #copystack} (copy, then adjust), {@link #installMoved install} it, report the Copy,
     * and only then {@link #freeMoved free} the old region.
     */
    protected final Region movestack(Region old, long newsize, long used, int firstFrame, boolean grow) {
        Region neu = allocate(newsize, old.label());
        long adjusted = copystack(old, neu, used, firstFrame);
        installMoved(neu);
        emit(new EngineEvent.Copy(old, neu, used, adjusted, grow));
        freeMoved(old);
        return neu;
    }

    /** Makes {@code neu} hold the moved frames in the engine's bookkeeping (see {@link #movestack}). */
    protected void installMoved(Region neu) {
        throw new UnsupportedOperationException(name() + " does not move its stack");
    }

    /** Gives back the region the frames left, after {@link #movestack}. */
    protected void freeMoved(Region old) {
        release(old);
    }

    /** Allocates a region and reports it (Alloc event). */
    protected final Region allocate(long bytes, String label) {
        Region r = memory.allocate(bytes, label);
        emit(new EngineEvent.Alloc(r));
        return r;
    }

    /** Frees a region and reports it (Free event). */
    protected final void release(Region region) {
        memory.free(region);
        emit(new EngineEvent.Free(region));
    }

    /**
     * Refuses a guard a shrink could reach. A stack (or a top segment) is halved at gc only when
     * {@code used + shrinkSlack < size/4} and the half is at least {@code floor}, so its top frame then lies
     * more than {@code floor/2 + shrinkSlack} above lo; a larger guard would be inside the halved stack.
     *
     * @param floorName the parameter that is the floor ({@code initialStack} or {@code segmentSize})
     * @param halved    what is halved, for the message
     */
    protected final void requireGuardAboveShrink(String floorName, long floor, String halved) {
        if (params.stackGuard() > floor / 2 + params.shrinkSlack()) {
            throw new IllegalArgumentException("stackGuard " + params.stackGuard() + " is more than " + floorName
                    + "/2 + shrinkSlack = " + floor + "/2 + " + params.shrinkSlack() + ": " + halved + " halved at gc"
                    + " (used + shrinkSlack < size/4) could leave its top frame inside the guard");
        }
    }

    /** Reports the stack passing its limit, stops the engine and throws Go's {@link StackOverflow}. */
    protected final StackOverflow overflow(long needed) {
        emit(new EngineEvent.Overflow(params.maxStack(), needed));
        state = State.OVERFLOWED;
        throw new StackOverflow(params.maxStack(), needed);
    }

    /** Reports an event and counts it in the statistics. */
    protected final void emit(EngineEvent e) {
        if (e instanceof EngineEvent.Copy c) {
            tally.counts.countCopy(c, copiedBytes(c));
        } else {
            tally.counts.count(e);
            if (e instanceof EngineEvent.Alloc a) {
                tally.reservedBytes += a.region().size();
                tally.peakReserved = Math.max(tally.peakReserved, tally.reservedBytes);
            } else if (e instanceof EngineEvent.Free fr) {
                tally.reservedBytes -= fr.region().size();
            }
        }
        events.event(e);
    }

    /**
     * What a copy adds to {@link Counter#BYTES_COPIED}: the used bytes it moved ({@code copy.used()}), the
     * same figure the Copy event reports (invariant STAT-1).
     */
    protected long copiedBytes(EngineEvent.Copy copy) {
        return copy.used();
    }

    private void notePeakUsed() {
        tally.peakUsed = Math.max(tally.peakUsed, tally.frameBytes + recordBytes());
    }

    private int topFrame() {
        int d = frames.depth();
        if (d == 0) {
            throw new IllegalStateException(name() + ": no live frame");
        }
        return d - 1;
    }

    private long slotAddress(int frame, int slot) {
        return frames.sp(frame) + 8L * slot;
    }

    private void requireRunning() {
        if (state == State.RUNNING) {
            return;
        }
        if (state == State.NEW) {
            throw new IllegalStateException(name() + ": statement before start");
        }
        if (state == State.ENDED) {
            throw new IllegalStateException(name() + ": statement after the final ret");
        }
        throw new IllegalStateException(name() + ": the stack overflowed; no further statements");
    }

    // ---- view and statistics ---------------------------------------------------------------------

    @Override
    public StackView view() {
        return view;
    }

    @Override
    public Stats stats() {
        Counters counts = tally.counts;
        return new Stats(tally.calls, tally.returns, counts.get(Counter.SPLIT), counts.get(Counter.LESSSTACK),
                counts.get(Counter.ALLOC), counts.get(Counter.FREE), counts.get(Counter.CACHE_HIT),
                counts.get(Counter.GROW), counts.get(Counter.SHRINK), counts.get(Counter.BYTES_COPIED),
                counts.get(Counter.POINTERS_ADJUSTED), tally.peakReserved, tally.peakUsed);
    }

    /** Bytes of regions the engine holds now (the cache included). */
    public final long reservedBytes() {
        return tally.reservedBytes;
    }

    /** Bytes the live frames and records take now. */
    public final long usedBytes() {
        return tally.frameBytes + recordBytes();
    }

    private final class View implements StackView {
        @Override
        public int depth() {
            return frames.depth();
        }

        @Override
        public Layout layout(int frame) {
            return frames.layout(frame);
        }

        @Override
        public long frameAddress(int frame) {
            return frames.sp(frame);
        }

        @Override
        public int deferCount() {
            return defers.count();
        }

        @Override
        public DeferRecord defer(int i) {
            return new DeferRecord(defers.owner(i), defers.pointer(i), defers.value(i));
        }

        @Override
        public List<StackSegment> segments() {
            return segmentList();
        }

        @Override
        public Region cachedSegment() {
            return cached();
        }
    }
}

package dev.stackcheck.engine;

import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.memory.MemoryFault;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;
import java.util.ArrayList;
import java.util.List;

/**
 * Segmented stacks, as in Go up to 1.2 and GCC's {@code -fsplit-stack}: a chain of fixed-size segments
 * linked by stack-info records. Frames never move.
 *
 * <p>Layout: every segment is one region; its top three words {@code [hi-24, hi)} are its stack-info
 * record (previous segment's lo, saved stack pointer = the caller's frame address, real return address
 * {@link Code#RETURN_PC}); the base segment's record is all zero. A segment's first frame sits just below
 * its record; later frames follow downward without gaps. A frame fits when
 * {@code sp - frameBytes >= lo + stackGuard}.
 *
 * <p>{@link #morestack}: when a frame does not fit, a new segment takes it (the cached one if
 * {@code segmentCache} is on and it is big enough; a cached segment that is too small is freed first, with
 * any cached beyond it, as
 * GCC's {@code __generic_morestack} does). A normal segment is {@code segmentSize} bytes; a frame that
 * does not fit in one (frameBytes + 24 + stackGuard &gt; segmentSize) gets a segment of exactly
 * {@code frameBytes + 24 + stackGuard} bytes (rounded up to a word), in which it just fits: the
 * {@link EngineEvent.Split#bigFrame()} case. The new frame returns into {@link Code#LESSSTACK_PC}.
 *
 * <p>{@link #lessstack}: when that frame returns, the engine reads the record from memory and goes where
 * it says: the previous segment is the one whose lo is word 0, the caller's frame address becomes word 1,
 * and word 2 must be code (a corrupted record therefore misbehaves, as it would on real hardware). The
 * left segment is freed, or kept as the one cached segment (freeing an older cached one; a subclass may keep
 * them all, {@link #keepsReturnedChain()}).
 *
 * <p>Frame 0 always lies in the base segment: if it does not fit there, the base is replaced by one big
 * enough. The stack size checked against {@code maxStack} is the sum of the chain's segments (Go 1.2's
 * {@code gp->stacksize}); the cached segment is not counted. After frame 0 returns the base segment (and
 * the cache) stay allocated, like a finished goroutine's stack kept for reuse.
 */
public class SegmentedEngine extends AbstractEngine {

    private Segments segments = new Segments();

    public SegmentedEngine(EngineParams params) {
        super(params);
        if (params.segmentSize() < StackSegment.RECORD_BYTES || (params.segmentSize() & 7) != 0) {
            throw new IllegalArgumentException("segmentSize must be a multiple of 8 and at least "
                    + StackSegment.RECORD_BYTES + " bytes: " + params.segmentSize());
        }
    }

    @Override
    public String name() {
        return "segmented";
    }

    @Override
    protected void forkState() {
        segments = segments.copy();
    }

    @Override
    protected void restoreState(AbstractEngine other) {
        segments.copyFrom(((SegmentedEngine) other).segments);
    }

    @Override
    public StackKind kind() {
        return StackKind.SEGMENTED;
    }

    @Override
    protected void createStack() {
        Region base = allocate(params.segmentSize(), "segment"); // zeroed: so is its record, as a base's must be
        segments.push(base, 0);
    }

    @Override
    protected long place(Layout layout) {
        long spTop = topOfStack();
        if (fits(spTop, segments.top().lo(), layout.frameBytes())) {
            return spTop - layout.frameBytes();
        }
        return grow(layout, spTop);
    }

    /** The address below which the next frame goes: the top frame's, or the top segment's record. */
    protected final long topOfStack() {
        int d = depth();
        return d == segments.topFirstFrame() ? Segments.recordAddress(segments.top()) : sp(d - 1);
    }

    /** The frame does not fit in the top segment: split. A hybrid engine copies instead when it can. */
    protected long grow(Layout layout, long spTop) {
        if (depth() == 0) {
            return replaceBase(layout);
        }
        return morestack(layout);
    }

    /** Bytes of a segment in which a frame of {@code frameBytes} just fits below the record. */
    protected long segmentBytesFor(long frameBytes) {
        return (need(frameBytes) + StackSegment.RECORD_BYTES + 7) & -8L;
    }

    /**
     * morestack: a new segment for the frame about to be pushed (frame {@link #depth()}), linked to the
     * top segment by its stack-info record. Returns the new frame's address, just below the record.
     */
    protected long morestack(Layout layout) {
        long need = segmentBytesFor(layout.frameBytes());
        boolean big = need > params.segmentSize();
        long size = segmentSizeFor(need);
        Region cached = segments.cache();
        boolean reuse = cached != null && cacheFits(cached, need);
        requireWithinLimit(segments.chainBytes() + (reuse ? cached.size() : size));
        Region seg;
        if (reuse) {
            seg = segments.popCache();
        } else {
            // the whole cached tail goes, farthest first (GCC: __morestack_release_segments)
            List<Region> tail = new ArrayList<>();
            while (segments.cache() != null) {
                tail.add(segments.popCache());
            }
            for (int i = tail.size() - 1; i >= 0; i--) {
                release(tail.get(i));
            }
            seg = allocate(size, "segment");
        }
        int frame = depth();
        writeRecord(seg, segments.top().lo(), sp(frame - 1));
        segments.push(seg, frame);
        emit(new EngineEvent.Split(seg, frame, reuse, big));
        return Segments.recordAddress(seg) - layout.frameBytes();
    }

    /** The size of a new segment that must hold {@code need} bytes: a normal segment, or a bigger one. */
    protected long segmentSizeFor(long need) {
        return Math.max(params.segmentSize(), need);
    }

    /** Whether morestack may reuse the cached segment for a frame needing {@code need} bytes (GCC: big enough). */
    protected boolean cacheFits(Region cached, long need) {
        return cached.size() >= need;
    }

    /** Writes the stack-info record of a new segment: previous segment's lo, saved SP, real return address. */
    protected void writeRecord(Region seg, long prevLo, long savedSp) {
        Segments.writeRecord(memory(), seg, prevLo, savedSp, Code.RETURN_PC);
    }

    /** Frame 0 does not fit in the base segment: a base segment in which it fits replaces it. */
    private long replaceBase(Layout layout) {
        long size = segmentSizeFor(segmentBytesFor(layout.frameBytes()));
        requireWithinLimit(size);
        Region old = segments.top();
        Region base = allocate(size, "segment"); // zeroed: so is its record, as a base's must be
        segments.replace(0, base);
        release(old);
        return Segments.recordAddress(base) - layout.frameBytes();
    }

    @Override
    protected long returnAddress(int frame) {
        if (frame == 0) {
            return Code.GOEXIT_PC;
        }
        return firstOfTopSegment(frame) ? Code.LESSSTACK_PC : Code.RETURN_PC;
    }

    /** True when {@code frame} is the first frame of a segment above the base: its return runs lessstack. */
    private boolean firstOfTopSegment(int frame) {
        return segments.count() > 1 && frame == segments.topFirstFrame();
    }

    @Override
    protected void popped(int frame, long sp, Layout layout) {
        if (firstOfTopSegment(frame)) {
            lessstack(frame);
        }
    }

    /**
     * lessstack: frame {@code frame}, the first of the top segment, has returned. Reads the segment's
     * record from memory and switches to what it names: the previous segment (word 0), the caller's
     * frame address (word 1), the real return address (word 2, which must be code). Then frees the left
     * segment or keeps it cached.
     */
    protected void lessstack(int frame) {
        Region seg = segments.top();
        long rec = Segments.recordAddress(seg);
        long prevLo = memory().read(rec);
        long savedSp = memory().read(rec + 8);
        long pc = memory().read(rec + 16);
        if (pc != Code.RETURN_PC) {
            throw new MemoryFault(MemoryFault.Kind.UNMAPPED, pc, "lessstack: the record of segment "
                    + describe(seg) + " returns to 0x" + Long.toHexString(pc) + ", which is not the caller's code");
        }
        int prev = previousSegment(prevLo);
        if (prev < 0) {
            memory().read(prevLo); // faults when the address is unmapped or freed
            throw new MemoryFault(MemoryFault.Kind.UNMAPPED, prevLo, "lessstack: the record of segment "
                    + describe(seg) + " names 0x" + Long.toHexString(prevLo)
                    + " as the previous segment, which is no segment of this stack");
        }
        segments.pop();
        boolean keep = params.segmentCache();
        emit(new EngineEvent.Lessstack(seg, keep));
        stackfree(seg);
        // only a corrupted record skips segments: those are unreachable now
        while (segments.count() - 1 > prev) {
            release(segments.pop());
        }
        setSp(frame - 1, savedSp);
    }

    /**
     * lessstack's switch target: the index of the segment below the top whose lo is {@code prevLo}, the
     * record's word 0, or -1 when there is none.
     */
    protected int previousSegment(long prevLo) {
        return segments.indexBelowTop(prevLo);
    }

    /**
     * Gives back the segment lessstack has just left (no longer in the chain): kept as the cached segment
     * when {@code segmentCache} is on (freeing an older cached one), else freed.
     */
    protected void stackfree(Region seg) {
        if (params.segmentCache()) {
            Region older = keepsReturnedChain() || segments.cache() == null ? null : segments.popCache();
            segments.pushCache(seg);
            if (older != null) {
                release(older);
            }
        } else {
            release(seg);
        }
    }

    /**
     * Whether a returned segment joins the cached ones rather than replacing the cached one: false here (one
     * cached segment); true for a model of libgcc, whose __generic_releasestack keeps the whole returned
     * chain and whose __generic_morestack reuses it segment by segment.
     */
    protected boolean keepsReturnedChain() {
        return false;
    }

    private static String describe(Region r) {
        return "#" + r.id() + " [0x" + Long.toHexString(r.lo()) + ", 0x" + Long.toHexString(r.hi()) + ")";
    }

    /** Index of the youngest frame without a pointer map in the top segment, or -1. */
    protected final int youngestNomapInTopSegment() {
        int d = depth();
        if (d == 0) {
            return -1;
        }
        int f = youngestNomapAtOrBelow(d - 1); // kept by the frame table at each push: no scan
        return f >= segments.topFirstFrame() ? f : -1;
    }

    /** The top segment of the chain. */
    protected final Region topSegment() {
        return segments.top();
    }

    /** The index of the first frame in the top segment. */
    protected final int topSegmentFirstFrame() {
        return segments.topFirstFrame();
    }

    /** Replaces the top segment by {@code r} (after copying it there), keeping its frames. */
    protected final void replaceTopSegment(Region r) {
        segments.replace(segments.count() - 1, r);
    }

    /** Bytes of the segments in the chain, the cache excluded: the size checked against maxStack. */
    protected final long chainBytes() {
        return segments.chainBytes();
    }

    @Override
    protected long recordBytes() {
        return StackSegment.RECORD_BYTES * segments.count();
    }

    @Override
    protected List<StackView.StackSegment> segmentList() {
        return segments.view(depth());
    }

    @Override
    protected Region cached() {
        return segments.cache();
    }
}

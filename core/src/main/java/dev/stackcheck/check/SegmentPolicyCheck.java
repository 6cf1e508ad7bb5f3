package dev.stackcheck.check;

import dev.stackcheck.engine.EngineEvent;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.memory.Region;

/**
 * SEG-5, the segmented split policy, the counterpart of CPY-2: a call splits exactly when the new frame plus
 * the guard does not fit below the top frame of the top segment ({@code sp - frameBytes < lo + guard}; an
 * exact fit does not split); the new segment is the cached one exactly when the engine keeps a cache and the
 * cached segment holds {@code frame + record + guard} (GCC reuses a big enough segment, else frees it), and
 * otherwise exactly {@code max(segmentSize, frame + record + guard rounded up to a word)} bytes.
 *
 * <p>Judged at each Split event against the checker's shadow of the state before the call (the top segment,
 * the caller's verified address, the cached segment), so it costs O(1) per split. The other side, a call
 * that does not fit and does not split, puts its frame below {@code lo + guard}: SEG-4.
 */
final class SegmentPolicyCheck {

    private SegmentPolicyCheck() {
    }

    /** Bytes of a segment in which a frame of {@code frameBytes} just fits below the record, guard kept free. */
    static long segmentBytesFor(long frameBytes, EngineParams p) {
        return (frameBytes + StackSegment.RECORD_BYTES + p.stackGuard() + 7) & -8L;
    }

    /**
     * SEG-5 for the split of frame {@code top}.
     *
     * @param before      the top segment before the call
     * @param cacheBefore the cached segment before the call, or null
     */
    static void split(Lane lane, EngineEvent.Split ev, Region before, Region cacheBefore, int top) {
        EngineParams p = lane.params();
        long fb = lane.spec().layout(top).frameBytes();
        long callerSp = lane.verifiedAddr(top - 1);
        long floor = before.lo() + p.stackGuard();
        if (callerSp - fb >= floor) {
            throw new Broken(Invariant.SEG_5, top, "frame " + top + " (" + fb + " bytes) fit below its caller at "
                    + Hex.of(callerSp) + " in " + SegmentCheck.span(before) + " (" + (callerSp - floor)
                    + " bytes above lo + guard " + p.stackGuard() + "), yet the call split: a frame that fits,"
                    + (callerSp - fb == floor ? " exactly," : "") + " stays in its segment");
        }
        long need = segmentBytesFor(fb, p);
        Region seg = ev.segment();
        boolean cacheFits = p.segmentCache() && cacheBefore != null && cacheBefore.size() >= need;
        if (ev.reused()) {
            if (!cacheFits || !seg.equals(cacheBefore)) {
                throw new Broken(Invariant.SEG_5, top, "the split reused " + SegmentCheck.span(seg) + " from the cache,"
                        + " but " + (!p.segmentCache() ? "this engine keeps no cache"
                        : cacheBefore == null ? "no segment was cached"
                        : !seg.equals(cacheBefore) ? "the cached segment was " + SegmentCheck.span(cacheBefore)
                        : "the cached segment (" + cacheBefore.size() + " bytes) is smaller than the " + need
                                + " bytes frame " + top + " needs with record and guard"));
            }
            return;
        }
        if (cacheFits) {
            throw new Broken(Invariant.SEG_5, top, "the split allocated " + SegmentCheck.span(seg) + ", but the cached"
                    + " segment " + SegmentCheck.span(cacheBefore) + " (" + cacheBefore.size() + " bytes) holds the "
                    + need + " bytes frame " + top + " needs" + (cacheBefore.size() == need ? ", exactly" : "")
                    + ": a big enough cached segment is reused");
        }
        long want = Math.max(p.segmentSize(), need);
        if (seg.size() != want) {
            throw new Broken(Invariant.SEG_5, top, "the new segment " + SegmentCheck.span(seg) + " is " + seg.size()
                    + " bytes, want max(segmentSize " + p.segmentSize() + ", frame " + fb + " + record "
                    + StackSegment.RECORD_BYTES + " + guard " + p.stackGuard() + ", rounded to a word) = " + want);
        }
    }
}

package dev.stackcheck.faults;

import dev.stackcheck.engine.Code;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;

/**
 * Wrong segmented stacks. Each class is a {@link SegmentedEngine} that overrides exactly one protected
 * hook (named after the runtime mechanism it breaks); everything else is the reference engine. The
 * {@link FaultCatalogue} describes each one.
 */
final class SegmentedFaults {

    private SegmentedFaults() {
    }

    /** lessstack switches to the base segment instead of the previous one, skipping segments in between. */
    static final class LessstackToBase extends SegmentedEngine {
        LessstackToBase(EngineParams p) {
            super(p);
        }

        @Override
        protected int previousSegment(long prevLo) {
            int right = super.previousSegment(prevLo);
            return right < 0 ? right : 0;
        }
    }

    /**
     * morestack saves the caller's stack pointer as it was before the caller's frame was pushed (its
     * frame address plus its frame size) instead of the caller's frame address.
     */
    static final class RecordSavesWrongSp extends SegmentedEngine {
        RecordSavesWrongSp(EngineParams p) {
            super(p);
        }

        @Override
        protected void writeRecord(Region seg, long prevLo, long savedSp) {
            super.writeRecord(seg, prevLo, savedSp + layoutOf(depth() - 1).frameBytes());
        }
    }

    /** morestack saves the patched return address (lessstack) in the record instead of the real one. */
    static final class RecordSavesLessstackPc extends SegmentedEngine {
        RecordSavesLessstackPc(EngineParams p) {
            super(p);
        }

        @Override
        protected void writeRecord(Region seg, long prevLo, long savedSp) {
            super.writeRecord(seg, prevLo, savedSp);
            memory().write(seg.hi() - 8, Code.LESSSTACK_PC);
        }
    }

    /** morestack reuses the cached segment whatever its size, even for a frame that needs a bigger one. */
    static final class CacheReusesTooSmall extends SegmentedEngine {
        CacheReusesTooSmall(EngineParams p) {
            super(p);
        }

        @Override
        protected boolean cacheFits(Region cached, long need) {
            return true;
        }
    }

    /** lessstack frees the segment it is leaving before it has read that segment's stack-info record. */
    static final class FreesSegmentInUse extends SegmentedEngine {
        FreesSegmentInUse(EngineParams p) {
            super(p);
        }

        @Override
        protected void lessstack(int frame) {
            release(topSegment());
            super.lessstack(frame);
        }
    }

    /** morestack always allocates a normal segment, so a frame bigger than a segment overruns it. */
    static final class BigFrameInNormalSegment extends SegmentedEngine {
        BigFrameInNormalSegment(EngineParams p) {
            super(p);
        }

        @Override
        protected long segmentSizeFor(long need) {
            return params.segmentSize();
        }
    }

    /** lessstack neither frees nor caches the segment it leaves: it stays allocated for ever. */
    static final class LeaksSegment extends SegmentedEngine {
        LeaksSegment(EngineParams p) {
            super(p);
        }

        @Override
        protected void stackfree(Region seg) {
        }
    }

    /** morestack forgets to patch the new frame's return address: it returns to its caller, not lessstack. */
    static final class SkipsLessstackReturn extends SegmentedEngine {
        SkipsLessstackReturn(EngineParams p) {
            super(p);
        }

        @Override
        protected long returnAddress(int frame) {
            return frame == 0 ? Code.GOEXIT_PC : Code.RETURN_PC;
        }
    }

    /** ret pops the frame without running its deferred stores; the records stay behind. */
    static final class RetSkipsDefers extends SegmentedEngine {
        RetSkipsDefers(EngineParams p) {
            super(p);
        }

        @Override
        protected void runDefers(int frame) {
        }
    }

    /**
     * morestack reserves an argument block of 4 bytes, not rounded up to the word size, below the new
     * segment's record: the first frame of every split segment sits at a misaligned address.
     */
    static final class MisalignsSplitFrame extends SegmentedEngine {
        MisalignsSplitFrame(EngineParams p) {
            super(p);
        }

        @Override
        protected long morestack(Layout layout) {
            return super.morestack(layout) - 4;
        }
    }

    /**
     * The final ret (goexit) runs frame 0's deferred stores, newest first, but never removes their
     * records: the ended goroutine still holds defer records pointing into its dead frame.
     */
    static final class GoexitKeepsDeferRecords extends SegmentedEngine {
        GoexitKeepsDeferRecords(EngineParams p) {
            super(p);
        }

        @Override
        protected void runDefers(int frame) {
            if (frame != 0) {
                super.runDefers(frame);
                return;
            }
            StackView v = view();
            for (int i = v.deferCount() - 1; i >= 0; i--) {
                memory().write(v.defer(i).pointer(), v.defer(i).value());
            }
        }
    }

    /** morestack splits when the new frame and the guard fit exactly: the fit test is strict. */
    static final class SplitsAtExactFit extends SegmentedEngine {
        SplitsAtExactFit(EngineParams p) {
            super(p);
        }

        @Override
        protected boolean fits(long spTop, long lo, long frameBytes) {
            return spTop - frameBytes > lo + params.stackGuard();
        }
    }

    /** morestack reuses the cached segment only when it is bigger than needed, not when it fits exactly. */
    static final class CacheSkipsExactFit extends SegmentedEngine {
        CacheSkipsExactFit(EngineParams p) {
            super(p);
        }

        @Override
        protected boolean cacheFits(Region cached, long need) {
            return cached.size() > need;
        }
    }

    /** A frame bigger than a segment gets a segment rounded up to a whole number of normal segments. */
    static final class BigSegmentRoundedUp extends SegmentedEngine {
        BigSegmentRoundedUp(EngineParams p) {
            super(p);
        }

        @Override
        protected long segmentSizeFor(long need) {
            long n = (need + params.segmentSize() - 1) / params.segmentSize();
            return n * params.segmentSize();
        }
    }

    /**
     * morestack compares the chain with the limit rounded up to a whole number of segments: the same as the
     * right test when the limit is a multiple of the segment size, up to a segment past it otherwise.
     */
    static final class LimitRoundedUpToSegments extends SegmentedEngine {
        LimitRoundedUpToSegments(EngineParams p) {
            super(p);
        }

        @Override
        protected boolean exceedsMaxStack(long chain) {
            long s = params.segmentSize();
            return chain > (params.maxStack() + s - 1) / s * s;
        }
    }

    /** morestack keeps a spare segment's worth of the limit in reserve: it overflows a segment too early. */
    static final class ReservesSpareSegment extends SegmentedEngine {
        ReservesSpareSegment(EngineParams p) {
            super(p);
        }

        @Override
        protected boolean exceedsMaxStack(long chain) {
            return chain + params.segmentSize() > params.maxStack();
        }
    }
}

package dev.stackcheck.faults;

import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineEvent;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.memory.Region;

/**
 * Wrong copying stacks. Each class is a {@link CopyingEngine} that overrides exactly one protected hook
 * (named after the runtime mechanism it breaks); everything else is the reference engine. The
 * {@link FaultCatalogue} describes each one.
 */
final class CopyingFaults {

    private CopyingFaults() {
    }

    /** adjustframe rewrites only the top frame's pointers; frames below keep pointers into the old stack. */
    static final class AdjustsTopFrameOnly extends CopyingEngine {
        AdjustsTopFrameOnly(EngineParams p) {
            super(p);
        }

        @Override
        protected long adjustframe(int frame, Region old, long delta) {
            return frame == depth() - 1 ? super.adjustframe(frame, old, delta) : 0;
        }
    }

    /** adjustdefers does nothing: defer records keep pointing into the freed old stack. */
    static final class SkipsDeferRecords extends CopyingEngine {
        SkipsDeferRecords(EngineParams p) {
            super(p);
        }

        @Override
        protected long adjustdefers(Region old, long delta) {
            return 0;
        }
    }

    /** adjustpointer moves each pointer by delta plus one word: it lands on the next slot. */
    static final class AdjustsOffByOneWord extends CopyingEngine {
        AdjustsOffByOneWord(EngineParams p) {
            super(p);
        }

        @Override
        protected boolean adjustpointer(long slot, Region old, long delta) {
            long p = memory().read(slot);
            if (p >= old.lo() && p < old.hi()) {
                memory().write(slot, p + delta + 8);
                return true;
            }
            return false;
        }
    }

    /** adjustpointer drops the bounds test [old.lo, old.hi): every pointer slot moves, nil (0) included. */
    static final class AdjustsOutsideOldStack extends CopyingEngine {
        AdjustsOutsideOldStack(EngineParams p) {
            super(p);
        }

        @Override
        protected boolean adjustpointer(long slot, Region old, long delta) {
            memory().write(slot, memory().read(slot) + delta);
            return true;
        }
    }

    /**
     * copystack measures the used part from lo ({@code sp - lo}) instead of from hi ({@code hi - sp}):
     * when more than half the stack is used, the copy misses the lowest part of the frames.
     */
    static final class MeasuresUsedFromLo extends CopyingEngine {
        MeasuresUsedFromLo(EngineParams p) {
            super(p);
        }

        @Override
        protected long copystack(Region old, Region neu, long used, int firstFrame) {
            long sp = old.hi() - used;
            return super.copystack(old, neu, sp - old.lo(), firstFrame);
        }
    }

    /** copystack gives the old stack back first, then copies and adjusts from the freed memory. */
    static final class FreesOldStackFirst extends CopyingEngine {
        FreesOldStackFirst(EngineParams p) {
            super(p);
        }

        @Override
        protected long copystack(Region old, Region neu, long used, int firstFrame) {
            release(old);
            return super.copystack(old, neu, used, firstFrame);
        }
    }

    /** newstack doubles exactly once, even when the frame that asked needs a stack four times as big. */
    static final class DoublesOnce extends CopyingEngine {
        DoublesOnce(EngineParams p) {
            super(p);
        }

        @Override
        protected long growsize(long oldsize, long used, long need) {
            return oldsize * 2;
        }
    }

    /** newstack sizes the new stack for the frame alone: the frame fits, but inside the guard. */
    static final class GrowthIgnoresGuard extends CopyingEngine {
        GrowthIgnoresGuard(EngineParams p) {
            super(p);
        }

        @Override
        protected long growsize(long oldsize, long used, long need) {
            return super.growsize(oldsize, used, need - params.stackGuard());
        }
    }

    /** shrinkstack halves whenever less than half is used (a quarter or more may be in use). */
    static final class ShrinksAtHalf extends CopyingEngine {
        ShrinksAtHalf(EngineParams p) {
            super(p);
        }

        @Override
        protected boolean shouldShrink(long size, long used) {
            return size / 2 >= params.initialStack() && used + params.shrinkSlack() < size / 2;
        }
    }

    /** shrinkstack forgets the floor: it halves below the initial stack size. */
    static final class ShrinksBelowInitial extends CopyingEngine {
        ShrinksBelowInitial(EngineParams p) {
            super(p);
        }

        @Override
        protected boolean shouldShrink(long size, long used) {
            return used + params.shrinkSlack() < size / 4;
        }
    }

    /** The stack is shrunk at two scans of the same gc: up to two halvings at one safe point. */
    static final class ShrinksTwicePerGc extends CopyingEngine {
        ShrinksTwicePerGc(EngineParams p) {
            super(p);
        }

        @Override
        protected void shrinkstack() {
            super.shrinkstack();
            super.shrinkstack();
        }
    }

    /** newstack's limit test uses >= : a stack of exactly maxStack bytes is reported as an overflow. */
    static final class OverflowOffByOne extends CopyingEngine {
        OverflowOffByOne(EngineParams p) {
            super(p);
        }

        @Override
        protected boolean exceedsMaxStack(long size) {
            return size >= params.maxStack();
        }
    }

    /** stackfree is skipped after a copy: every old stack stays allocated. */
    static final class LeaksOldStack extends CopyingEngine {
        LeaksOldStack(EngineParams p) {
            super(p);
        }

        @Override
        protected void stackfree(Region old) {
        }
    }

    /** ret runs the returning frame's deferred stores oldest first instead of newest first. */
    static final class RunsDefersOldestFirst extends CopyingEngine {
        RunsDefersOldestFirst(EngineParams p) {
            super(p);
        }

        @Override
        protected void runDefers(int frame) {
            StackView v = view();
            int n = v.deferCount();
            int first = n;
            while (first > 0 && v.defer(first - 1).frame() == frame) {
                first--;
            }
            for (int i = first; i < n; i++) {
                memory().write(v.defer(i).pointer(), v.defer(i).value());
            }
            for (int i = first; i < n; i++) {
                popDefer();
            }
        }
    }

    /**
     * get addresses the top frame's slots from the caller's frame address (a stale stack pointer: the one
     * before the call), so it returns the caller's slot of that index wherever the caller has one.
     */
    static final class GetReadsCallerSlot extends CopyingEngine {
        GetReadsCallerSlot(EngineParams p) {
            super(p);
        }

        @Override
        protected long localAddress(int frame, int slot) {
            if (frame > 0 && slot < layoutOf(frame - 1).words()) {
                return sp(frame - 1) + 8L * slot;
            }
            return super.localAddress(frame, slot);
        }
    }

    /**
     * copystack keeps the top word of the new stack free (a reserve the old stack did not have): the used
     * part lands at {@code new.hi - 8 - used}, so frame 0 is no longer at the very top and every frame sits
     * one word lower than it belongs. Pointers and defers move by the same delta, so they stay consistent.
     */
    static final class LeavesGapAtTop extends CopyingEngine {
        LeavesGapAtTop(EngineParams p) {
            super(p);
        }

        @Override
        protected long copystack(Region old, Region neu, long used, int firstFrame) {
            return super.copystack(old, new Region(neu.id(), neu.lo(), neu.hi() - 8, neu.label()), used,
                    firstFrame);
        }
    }

    /** The statistics count the whole old stack as copied, not the used part the copy moved. */
    static final class CountsOldStackSize extends CopyingEngine {
        CountsOldStackSize(EngineParams p) {
            super(p);
        }

        @Override
        protected long copiedBytes(EngineEvent.Copy copy) {
            return copy.from().size();
        }
    }

    /** newstack grows when the new frame and the guard fit exactly: the fit test is strict. */
    static final class GrowsAtExactFit extends CopyingEngine {
        GrowsAtExactFit(EngineParams p) {
            super(p);
        }

        @Override
        protected boolean fits(long spTop, long lo, long frameBytes) {
            return spTop - frameBytes > lo + params.stackGuard();
        }
    }

    /** shrinkstack halves when exactly a quarter is used (used + slack <= size/4 instead of <). */
    static final class ShrinksAtExactQuarter extends CopyingEngine {
        ShrinksAtExactQuarter(EngineParams p) {
            super(p);
        }

        @Override
        protected boolean shouldShrink(long size, long used) {
            return size / 2 >= params.initialStack() && used + params.shrinkSlack() <= size / 4;
        }
    }

    /**
     * newstack compares the new size with the limit rounded up to initialStack times a power of two: the same
     * as the right test at such limits, past any other limit by up to a doubling.
     */
    static final class LimitRoundedToPowerOfTwo extends CopyingEngine {
        LimitRoundedToPowerOfTwo(EngineParams p) {
            super(p);
        }

        @Override
        protected boolean exceedsMaxStack(long size) {
            long limit = params.initialStack();
            while (limit < params.maxStack()) {
                limit *= 2;
            }
            return size > limit;
        }
    }

    /** adjustpointer counts every pointer slot of a moved frame as adjusted, nil ones included. */
    static final class CountsEveryPointerSlot extends CopyingEngine {
        CountsEveryPointerSlot(EngineParams p) {
            super(p);
        }

        @Override
        protected boolean adjustpointer(long slot, Region old, long delta) {
            super.adjustpointer(slot, old, delta);
            return true;
        }
    }
}

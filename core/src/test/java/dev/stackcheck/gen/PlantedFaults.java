package dev.stackcheck.gen;

import dev.stackcheck.engine.AbstractEngine;
import dev.stackcheck.engine.Code;
import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineEvent;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Program;
import java.util.List;
import java.util.Optional;

/** Deliberately wrong engines, each the real engine with one planted fault, to prove a check session catches them. */
final class PlantedFaults {

    private PlantedFaults() {
    }

    /** The copy adjusts the pointers of the top frame only: pointers in caller frames keep their old addresses. */
    static final class CopyForgetsCallers extends CopyingEngine {
        CopyForgetsCallers(EngineParams params) {
            super(params);
        }

        @Override
        protected long adjustframe(int frame, Region old, long delta) {
            return frame == depth() - 1 ? super.adjustframe(frame, old, delta) : 0;
        }
    }

    /**
     * lessstack switches the caller back into the wrong segment: the one being left, at the address just
     * above the returning frame, instead of the saved stack pointer in the record.
     */
    static final class LessstackWrongSegment extends SegmentedEngine {
        LessstackWrongSegment(EngineParams params) {
            super(params);
        }

        @Override
        protected void popped(int frame, long sp, Layout layout) {
            boolean intoLessstack = frame > 0 && memory().read(sp + 8L * layout.words()) == Code.LESSSTACK_PC;
            super.popped(frame, sp, layout);
            if (intoLessstack) {
                setSp(frame - 1, sp + layout.frameBytes() - layoutOf(frame - 1).frameBytes());
            }
        }
    }

    /**
     * A copying stack whose gc halves the stack whenever less than half of it is used: the quarter rule
     * (shrink only below a quarter, which keeps a stack from shrinking and growing back at once) ignored.
     * Otherwise it is Go's copying stack, built on the same {@link AbstractEngine} machinery.
     */
    static final class ShrinkIgnoresQuarter extends AbstractEngine {
        private Region stack;

        ShrinkIgnoresQuarter(EngineParams params) {
            super(params);
        }

        @Override
        public String name() {
            return "shrink-ignores-quarter";
        }

        @Override
        public StackKind kind() {
            return StackKind.COPYING;
        }

        @Override
        public Optional<String> refuse(Program program) {
            return program.hasNomapLayout() ? Optional.of("nomap layouts cannot be copied") : Optional.empty();
        }

        @Override
        protected void createStack() {
            stack = allocate(params.initialStack(), "stack");
        }

        private long top() {
            return depth() == 0 ? stack.hi() : sp(depth() - 1);
        }

        @Override
        protected long place(Layout layout) {
            if (!fits(top(), stack.lo(), layout.frameBytes())) {
                long used = stack.hi() - top();
                long newsize = stack.size() * 2;
                while (newsize - used < layout.frameBytes() + params.stackGuard() && newsize <= params.maxStack()) {
                    newsize *= 2;
                }
                if (newsize > params.maxStack()) {
                    throw overflow(newsize);
                }
                move(newsize, used, true);
            }
            return top() - layout.frameBytes();
        }

        @Override
        protected void shrinkstack() {
            long used = stack.hi() - top();
            if (stack.size() / 2 >= params.initialStack() && used < stack.size() / 2) {
                move(stack.size() / 2, used, false);
            }
        }

        private void move(long newsize, long used, boolean grow) {
            Region old = stack;
            Region neu = allocate(newsize, "stack");
            long adjusted = copystack(old, neu, used, 0);
            stack = neu;
            emit(new EngineEvent.Copy(old, neu, used, adjusted, grow));
            release(old);
        }

        @Override
        protected long returnAddress(int frame) {
            return frame == 0 ? Code.GOEXIT_PC : Code.RETURN_PC;
        }

        @Override
        protected List<StackView.StackSegment> segmentList() {
            return List.of(new StackView.StackSegment(stack, 0, depth(), -1));
        }
    }

    static CheckTarget copyForgetsCallers() {
        EngineParams p = Profile.GO1_4.params();
        return CheckTarget.custom("copy-forgets-callers", p, () -> new CopyForgetsCallers(p));
    }

    static CheckTarget lessstackWrongSegment() {
        EngineParams p = Profile.GO1_2.params();
        return CheckTarget.custom("lessstack-wrong-segment", p, () -> new LessstackWrongSegment(p));
    }

    static CheckTarget shrinkIgnoresQuarter() {
        EngineParams p = Profile.GO1_4.params();
        return CheckTarget.custom("shrink-ignores-quarter", p, () -> new ShrinkIgnoresQuarter(p));
    }
}

package dev.stackcheck.faults;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.HybridEngine;
import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;

/**
 * Wrong hybrid (Go 1.3) stacks. Each class is a {@link HybridEngine} that overrides exactly one protected
 * hook; everything else is the reference engine. The {@link FaultCatalogue} describes each one.
 */
final class HybridFaults {

    private HybridFaults() {
    }

    /** copyabletopsegment always says yes: a segment holding a frame without a pointer map is copied. */
    static final class CopiesNomapFrame extends HybridEngine {
        CopiesNomapFrame(EngineParams p) {
            super(p);
        }

        @Override
        protected boolean copyableTopSegment() {
            return true;
        }
    }

    /**
     * The copy of the top segment counts its used part without the stack-info record, so it copies
     * three words too few: the lowest words of the top frame stay behind.
     */
    static final class CopiesPartOfSegment extends HybridEngine {
        CopiesPartOfSegment(EngineParams p) {
            super(p);
        }

        @Override
        protected long copystack(Region old, Region neu, long used, int firstFrame) {
            return super.copystack(old, neu, used - StackSegment.RECORD_BYTES, firstFrame);
        }
    }

    /**
     * adjustpointer moves every non-nil pointer of a copied frame, also those into older segments, which
     * did not move.
     */
    static final class AdjustsOlderSegments extends HybridEngine {
        AdjustsOlderSegments(EngineParams p) {
            super(p);
        }

        @Override
        protected boolean adjustpointer(long slot, Region old, long delta) {
            long p = memory().read(slot);
            if (p != 0) {
                memory().write(slot, p + delta);
                return true;
            }
            return false;
        }
    }

    /**
     * adjustframe reads the first entry of a frame's pointer map before testing the map's length (a
     * do-while where Go tests {@code locals.n > 0} first): a moved frame without pointer slots makes it
     * index an empty map, and the engine crashes.
     */
    static final class AdjustsThroughEmptyMap extends HybridEngine {
        AdjustsThroughEmptyMap(EngineParams p) {
            super(p);
        }

        @Override
        protected long adjustframe(int frame, Region old, long delta) {
            Layout layout = layoutOf(frame);
            long sp = sp(frame);
            long n = 0;
            int i = 0;
            do {
                long a = sp + 8L * layout.pointer(i);
                long p = memory().read(a);
                if (p >= old.lo() && p < old.hi()) {
                    memory().write(a, p + delta);
                    n++;
                }
                i++;
            } while (i < layout.pointerCount());
            return n;
        }
    }
}

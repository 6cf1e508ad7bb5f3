package org.example.stacks;

import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;

/**
 * A copying stack built on the reference engine, with its own pointer adjustment: after a copy, every
 * pointer slot of a moved frame that points into the old stack is moved by the copy's delta; nil and
 * pointers elsewhere stay. Everything else (growth, shrinking, defers) is the reference engine's.
 */
public class TidyCopyingEngine extends CopyingEngine {

    public TidyCopyingEngine(EngineParams params) {
        super(params);
    }

    @Override
    public String name() {
        return "example-copying";
    }

    @Override
    protected long adjustframe(int frame, Region old, long delta) {
        Layout layout = layoutOf(frame);
        long adjusted = 0;
        for (int i = 0; i < layout.pointerCount(); i++) {
            if (adjustsSlot(frame, i)) {
                long slot = sp(frame) + 8L * layout.pointer(i);
                long pointer = memory().read(slot);
                if (old.lo() <= pointer && pointer < old.hi()) {
                    memory().write(slot, pointer + delta);
                    adjusted++;
                }
            }
        }
        return adjusted;
    }

    /** Whether the copy adjusts pointer slot {@code i} of {@code frame}: always, in a correct engine. */
    protected boolean adjustsSlot(int frame, int i) {
        return true;
    }
}

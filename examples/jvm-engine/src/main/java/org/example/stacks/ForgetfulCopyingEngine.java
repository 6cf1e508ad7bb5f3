package org.example.stacks;

import dev.stackcheck.engine.EngineParams;

/**
 * A deliberately wrong copying stack: on a copy it forgets the pointers of the bottom frame (frame 0), which
 * keep pointing into the freed old stack. stackcheck finds it (PTR-1) and shrinks it to a few statements.
 */
public class ForgetfulCopyingEngine extends TidyCopyingEngine {

    public ForgetfulCopyingEngine(EngineParams params) {
        super(params);
    }

    @Override
    public String name() {
        return "example-forgetful";
    }

    @Override
    protected boolean adjustsSlot(int frame, int i) {
        return frame != 0;
    }
}

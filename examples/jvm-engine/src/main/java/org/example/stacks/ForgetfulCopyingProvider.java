package org.example.stacks;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackEngineProvider;

/** Makes {@link ForgetfulCopyingEngine}s ({@code --engine example-forgetful}): the wrong one. */
public final class ForgetfulCopyingProvider implements StackEngineProvider {
    @Override
    public String name() {
        return "example-forgetful";
    }

    @Override
    public String description() {
        return "a deliberately wrong copying stack from examples/jvm-engine: forgets frame 0's pointers on a copy";
    }

    @Override
    public EngineParams defaultParams() {
        return Profile.GO1_4.params();
    }

    @Override
    public StackEngine create(EngineParams params) {
        return new ForgetfulCopyingEngine(params);
    }
}

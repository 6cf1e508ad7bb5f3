package org.example.stacks;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackEngineProvider;

/** Makes {@link TidyCopyingEngine}s ({@code --engine example-copying}), with Go 1.4's sizes by default. */
public final class TidyCopyingProvider implements StackEngineProvider {
    @Override
    public String name() {
        return "example-copying";
    }

    @Override
    public String description() {
        return "an example copying stack from examples/jvm-engine";
    }

    @Override
    public EngineParams defaultParams() {
        return Profile.GO1_4.params();
    }

    @Override
    public StackEngine create(EngineParams params) {
        return new TidyCopyingEngine(params);
    }
}

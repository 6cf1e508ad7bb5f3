package dev.stackcheck.check;

import dev.stackcheck.engine.StackEngine;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An engine to run: its name in reports and a factory for fresh instances. The runner asks the factory
 * again to replay a failure, so every instance it makes must behave the same.
 *
 * @param name    the name reports use
 * @param factory makes a new, unstarted engine
 */
public record EngineSpec(String name, Supplier<StackEngine> factory) {
    public EngineSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
    }
}

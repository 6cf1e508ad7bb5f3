package dev.stackcheck.check;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackEngineProvider;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An engine set up to run: the name reports give it, the engine it is (as {@code --engine} names it), the
 * parameters it runs with, and a factory for fresh instances. A run, a check target and the explorer all
 * run engines as setups. The runner asks the factory again to replay a failure, so every instance it
 * makes must behave the same.
 *
 * @param name    the name reports use ({@code copying}, {@code segmented/gcc}, {@code fault:ID})
 * @param engine  the engine's name as {@code --engine} selects it
 * @param params  the parameters every instance runs with, or null when the setup was made by hand and they
 *                are not known (a test engine)
 * @param factory makes a new, unstarted engine
 */
public record EngineSetup(String name, String engine, EngineParams params, Supplier<StackEngine> factory) {
    public EngineSetup {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(factory, "factory");
    }

    /** A provider's engine with {@code params}, under the provider's name. */
    public static EngineSetup of(StackEngineProvider provider, EngineParams params) {
        return new EngineSetup(provider.name(), provider.name(), params, () -> provider.create(params));
    }

    /** A setup made by hand: named {@code name}, parameters not known. */
    public EngineSetup(String name, Supplier<StackEngine> factory) {
        this(name, name, null, factory);
    }
}

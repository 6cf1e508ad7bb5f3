package dev.stackcheck.proc;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackEngineProvider;

/**
 * An outside engine as a {@link StackEngineProvider}, so that the commands and check sessions that work
 * with providers run it like any engine. It is not listed for {@link java.util.ServiceLoader}: outside
 * engines are found by name ({@link OutsideEngines}).
 */
public final class ProcessProvider implements StackEngineProvider {

    private final OutsideEngine config;

    public ProcessProvider(OutsideEngine config) {
        this.config = config;
    }

    public OutsideEngine config() {
        return config;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String description() {
        return config.description();
    }

    /** The descriptor's parameters (its profile's), against which its copy events are checked. */
    @Override
    public EngineParams defaultParams() {
        return config.params();
    }

    @Override
    public StackEngine create(EngineParams params) {
        return new ProcessEngine(config.withParams(params));
    }
}

package dev.stackcheck.engine;

/** Where an engine reports its structural events as they happen. */
@FunctionalInterface
public interface EngineEvents {
    EngineEvents NONE = e -> { };

    void event(EngineEvent event);
}

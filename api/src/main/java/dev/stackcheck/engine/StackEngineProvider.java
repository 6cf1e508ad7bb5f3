package dev.stackcheck.engine;

/**
 * Makes engines of one kind; registered in {@code META-INF/services/dev.stackcheck.engine.StackEngineProvider}
 * and found through {@link java.util.ServiceLoader}. A third-party engine ships one of these in its jar.
 */
public interface StackEngineProvider {

    /** The engine's name, as {@code --engine} selects it. */
    String name();

    /** One line saying what the engine is. */
    String description();

    /** The parameters the engine uses when no profile is named. */
    EngineParams defaultParams();

    /** A new engine with these parameters. */
    StackEngine create(EngineParams params);
}

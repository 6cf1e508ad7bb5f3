package dev.stackcheck.report;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackEngine;
import java.util.function.Supplier;

/**
 * One engine with one set of parameters, as an experiment compares them.
 *
 * @param label   the name charts and tables use
 * @param engine  the engine's registry name
 * @param profile the profile the parameters come from
 * @param params  the parameters (the profile's, or the profile's with one change the label names)
 */
public record Contender(String label, String engine, String profile, EngineParams params) {

    /** An engine with a profile's parameters, labelled "engine (profile)". */
    public static Contender of(Profile p) {
        return new Contender(p.engine() + " (" + p.name() + ")", p.engine(), p.name(), p.params());
    }

    /** A fresh engine for every call. */
    public Supplier<StackEngine> factory() {
        var provider = Engines.provider(engine);
        return () -> provider.create(params);
    }
}

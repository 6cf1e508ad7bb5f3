package dev.stackcheck.cli;

import dev.stackcheck.check.EngineSpec;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackEngineProvider;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --engine NAMES|all} and {@code --profile P}, shared by the commands that run engines. */
final class EngineOptions {

    @Option(names = "--engine", paramLabel = "NAMES|all", defaultValue = "all",
            description = "Engines to run, comma-separated, or all (default: ${DEFAULT-VALUE}).")
    String engines;

    @Option(names = "--profile", paramLabel = "P",
            description = "Historical settings for every engine: go1.2, go1.3, go1.4, go1.19 or gcc, or explore for explore's tiny sizes (default: each engine's own).")
    String profile;

    /** The selected engines, each with its parameters; bad names are bad input. */
    List<EngineSpec> resolve() {
        Profile p = null;
        if (profile != null) {
            try {
                p = Profile.byName(profile);
            } catch (IllegalArgumentException e) {
                throw new BadInput("--profile: " + e.getMessage());
            }
        }
        List<StackEngineProvider> providers;
        try {
            providers = Engines.select(engines);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--engine: " + e.getMessage());
        }
        List<EngineSpec> specs = new ArrayList<>();
        for (StackEngineProvider provider : providers) {
            EngineParams params = p != null ? p.params() : provider.defaultParams();
            specs.add(new EngineSpec(provider.name(), () -> provider.create(params)));
        }
        return specs;
    }
}

package dev.stackcheck.cli;

import dev.stackcheck.check.EngineSpec;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.faults.FaultCatalogue;
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
            description = "Historical settings for every engine: go1.2, go1.3, go1.4 or gcc (default: each engine's own).")
    String profile;

    @Option(names = "--max-stack", paramLabel = "BYTES",
            description = "Stack limit for every engine, in bytes (default: the profile's, 1000000000).")
    Long maxStack;

    /** The selected engines, each with its parameters; bad names are bad input. */
    List<EngineSpec> resolve() {
        List<EngineSpec> specs = new ArrayList<>();
        for (StackEngineProvider provider : providers()) {
            EngineParams params = params(provider);
            specs.add(new EngineSpec(provider.name(), () -> provider.create(params)));
        }
        return specs;
    }

    /**
     * The providers {@code --engine} names: {@code all}, or names separated by commas, where
     * {@code fault:ID} names a deliberately wrong engine of the fault catalogue.
     */
    List<StackEngineProvider> providers() {
        try {
            List<StackEngineProvider> out = new ArrayList<>();
            List<String> plain = new ArrayList<>();
            for (String name : engines.split(",")) {
                String n = name.trim();
                if (n.startsWith(FAULT_PREFIX)) {
                    if (!plain.isEmpty()) {
                        out.addAll(Engines.select(String.join(",", plain)));
                        plain.clear();
                    }
                    out.add(FaultCatalogue.byId(n.substring(FAULT_PREFIX.length())).provider());
                } else if (!n.isEmpty()) {
                    plain.add(n);
                }
            }
            if (!plain.isEmpty() || out.isEmpty()) {
                out.addAll(Engines.select(String.join(",", plain)));
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw new BadInput("--engine: " + e.getMessage());
        }
    }

    private static final String FAULT_PREFIX = "fault:";

    /** True when neither {@code --profile} nor {@code --max-stack} was given. */
    boolean engineDefaults() {
        return profile == null && maxStack == null;
    }

    /** The profile {@code --profile} names, or null. */
    Profile profile() {
        if (profile == null) {
            return null;
        }
        try {
            return Profile.byName(profile);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--profile: " + e.getMessage());
        }
    }

    /** The parameters a provider's engine runs with under these options. */
    EngineParams params(StackEngineProvider provider) {
        Profile p = profile();
        EngineParams params = p != null ? p.params() : provider.defaultParams();
        if (maxStack != null) {
            if (maxStack <= 0) {
                throw new BadInput("--max-stack: must be a positive number of bytes, not " + maxStack);
            }
            params = params.withMaxStack(maxStack);
        }
        return params;
    }
}

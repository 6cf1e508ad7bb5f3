package dev.stackcheck.cli;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackEngineProvider;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.proc.OutsideEngine;
import dev.stackcheck.proc.OutsideEngines;
import dev.stackcheck.select.EngineNames;
import dev.stackcheck.proc.ProcessProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --engine NAMES|all}, {@code --profile P}, {@code --max-stack} and {@code --proc-timeout S}, shared by
 * the commands that run engines. {@link EngineNames} reads {@code --engine}; outside engines are built here
 * (their descriptor's build, {@code --proc-timeout}).
 */
final class EngineOptions {

    @Option(names = "--engine", paramLabel = "NAMES|all", defaultValue = "all",
            completionCandidates = Values.RegistryEngines.class,
            description = "Engines to run, comma-separated: all (the registry's engines, the default), or any of"
                    + " ${COMPLETION-CANDIDATES}; fault:ID (a deliberately wrong engine of the catalogue: selftest"
                    + " lists the IDs); NAME, an outside engine's descriptor NAME.json (specs/PROTOCOL.md); or"
                    + " proc:COMMAND, an outside engine run by /bin/sh (last in the list).")
    String engines;

    @Option(names = "--proc-timeout", paramLabel = "S",
            description = "Seconds an outside engine may take for one program, a positive number (default: its"
                    + " descriptor's, else 10).")
    Double procTimeout;

    @Option(names = "--profile", paramLabel = "P", completionCandidates = Values.Profiles.class,
            description = "Settings for every engine, one of ${COMPLETION-CANDIDATES} (specs/SPEC.md section 5;"
                    + " explore: explore's tiny sizes) (default: each engine's own).")
    String profile;

    /** The largest --max-stack: a stack growing to it may take a region of twice its size. */
    static final long MAX_STACK = AddressSpace.MAX_REGION_BYTES / 2 & -8L;

    @Option(names = "--max-stack", paramLabel = "BYTES",
            description = "Stack limit for every engine, in bytes, 1 to " + MAX_STACK + " (just under 8 GiB) (default: the profile's,"
                    + " 1000000000).")
    Long maxStack;

    /** The selected engines, each with its parameters; bad names are bad input. */
    List<EngineSetup> resolve() {
        List<EngineSetup> specs = new ArrayList<>();
        for (StackEngineProvider provider : providers()) {
            specs.add(EngineSetup.of(provider, params(provider)));
        }
        return specs;
    }

    /** The providers {@code --engine} names ({@link EngineNames}); bad names are bad input. */
    List<StackEngineProvider> providers() {
        try {
            return EngineNames.resolve(engines, this::outside);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--engine: " + e.getMessage());
        }
    }

    /** An outside engine as a provider, built first when its descriptor says how; a failed build is bad input. */
    private StackEngineProvider outside(OutsideEngine e) {
        OutsideEngine o = e;
        if (procTimeout != null) {
            if (!(procTimeout > 0)) {
                throw new BadInput("--proc-timeout: a positive number of seconds");
            }
            o = o.withTimeout(Duration.ofMillis(Math.round(procTimeout * 1000)));
        }
        try {
            OutsideEngines.ensureBuilt(o);
        } catch (IllegalStateException ex) {
            throw new BadInput(ex.getMessage());
        }
        return new ProcessProvider(o);
    }

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
            if (maxStack > MAX_STACK) {
                throw new BadInput("--max-stack: at most " + MAX_STACK + " bytes (8 GiB), not " + maxStack
                        + ": a growing stack may need a region of twice the limit, and the simulated memory"
                        + " holds regions of at most 16 GiB");
            }
            params = params.withMaxStack(maxStack);
        }
        return params;
    }
}

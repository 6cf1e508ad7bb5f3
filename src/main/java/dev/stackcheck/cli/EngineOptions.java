package dev.stackcheck.cli;

import dev.stackcheck.check.EngineSpec;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.faults.FaultCatalogue;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackEngineProvider;
import dev.stackcheck.proc.OutsideEngine;
import dev.stackcheck.proc.OutsideEngines;
import dev.stackcheck.proc.ProcessProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --engine NAMES|all}, {@code --profile P}, {@code --max-stack} and {@code --proc-timeout S}, shared by
 * the commands that run engines. A name is an engine of the registry ({@link Engines}), {@code fault:ID}, or
 * an outside engine: the name of its descriptor ({@link OutsideEngines}), or {@code proc:COMMAND}, which
 * takes the rest of the value, commas included. {@code all} is the registry's engines only.
 */
final class EngineOptions {

    @Option(names = "--engine", paramLabel = "NAMES|all", defaultValue = "all",
            description = "Engines to run, comma-separated, or all (default: ${DEFAULT-VALUE}). An outside engine:"
                    + " the name of its descriptor (engines/NAME.json), or proc:COMMAND (last in the list).")
    String engines;

    @Option(names = "--proc-timeout", paramLabel = "S",
            description = "Seconds an outside engine may take for one program (default: its descriptor's, else 10).")
    Double procTimeout;

    @Option(names = "--profile", paramLabel = "P",
            description = "Historical settings for every engine: go1.2, go1.3, go1.4, go1.19 or gcc, or explore for explore's tiny sizes (default: each engine's own).")
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
            String rest = engines;
            while (!rest.isEmpty()) {
                String n;
                if (OutsideEngines.isAdHoc(rest.trim())) {
                    n = rest.trim();
                    rest = "";
                } else {
                    int comma = rest.indexOf(',');
                    n = (comma < 0 ? rest : rest.substring(0, comma)).trim();
                    rest = comma < 0 ? "" : rest.substring(comma + 1);
                }
                StackEngineProvider special = null;
                if (n.startsWith(FAULT_PREFIX)) {
                    special = FaultCatalogue.byId(n.substring(FAULT_PREFIX.length())).provider();
                } else if (OutsideEngines.isAdHoc(n)) {
                    special = outside(OutsideEngines.adHoc(n));
                } else if (!n.isEmpty() && !isRegistered(n)) {
                    Optional<OutsideEngine> described = OutsideEngines.find(n);
                    if (described.isPresent()) {
                        special = outside(described.get());
                    }
                }
                if (special != null) {
                    if (!plain.isEmpty()) {
                        out.addAll(Engines.select(String.join(",", plain)));
                        plain.clear();
                    }
                    out.add(special);
                } else if (!n.isEmpty()) {
                    plain.add(n);
                }
            }
            if (!plain.isEmpty() || out.isEmpty()) {
                out.addAll(Engines.select(String.join(",", plain)));
            }
            return out;
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            if (m.startsWith("unknown engine")) {
                List<String> described = OutsideEngines.names();
                m += (described.isEmpty() ? "" : "; outside engines: " + String.join(", ", described))
                        + "; or proc:COMMAND";
            }
            throw new BadInput("--engine: " + m);
        }
    }

    private static boolean isRegistered(String name) {
        return Engines.providers().stream().anyMatch(p -> p.name().equals(name));
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

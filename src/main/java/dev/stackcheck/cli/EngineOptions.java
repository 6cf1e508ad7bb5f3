package dev.stackcheck.cli;

import dev.stackcheck.check.EngineSpec;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackEngineProvider;
import dev.stackcheck.proc.OutsideEngine;
import dev.stackcheck.proc.OutsideEngines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --engine NAMES|all}, {@code --profile P} and {@code --proc-timeout S}, shared by the commands that
 * run engines. A name is an engine of the registry ({@link Engines}), else an outside engine's descriptor
 * ({@link OutsideEngines}); {@code proc:COMMAND} runs COMMAND as an outside engine and takes the rest of the
 * value, commas included. {@code all} is the registry's engines only: outside engines are named.
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
            description = "Historical settings for every engine: go1.2, go1.3, go1.4 or gcc (default: each engine's own).")
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
        if (procTimeout != null && !(procTimeout > 0)) {
            throw new BadInput("--proc-timeout: a positive number of seconds");
        }
        List<EngineSpec> specs = new ArrayList<>();
        String value = engines == null ? "" : engines.trim();
        if (value.isEmpty() || value.equalsIgnoreCase("all")) {
            List<StackEngineProvider> providers;
            try {
                providers = Engines.select(value);
            } catch (IllegalArgumentException e) {
                throw new BadInput("--engine: " + e.getMessage());
            }
            for (StackEngineProvider provider : providers) {
                specs.add(inProcess(provider, p));
            }
            return specs;
        }
        List<String> seen = new ArrayList<>();
        String rest = value;
        while (!rest.isEmpty()) {
            String name;
            if (OutsideEngines.isAdHoc(rest)) {
                name = rest;
                rest = "";
            } else {
                int comma = rest.indexOf(',');
                name = (comma < 0 ? rest : rest.substring(0, comma)).trim();
                rest = comma < 0 ? "" : rest.substring(comma + 1).trim();
            }
            if (name.isEmpty() || seen.contains(name)) {
                continue;
            }
            seen.add(name);
            specs.add(resolveOne(name, p));
        }
        if (specs.isEmpty()) {
            throw new BadInput("--engine: no engine named in '" + value + "'");
        }
        return specs;
    }

    private EngineSpec resolveOne(String name, Profile p) {
        if (OutsideEngines.isAdHoc(name)) {
            try {
                return outside(OutsideEngines.adHoc(name), p);
            } catch (IllegalArgumentException e) {
                throw new BadInput("--engine: " + e.getMessage());
            }
        }
        StackEngineProvider provider;
        try {
            provider = Engines.provider(name);
        } catch (IllegalArgumentException unknown) {
            Optional<OutsideEngine> outside;
            try {
                outside = OutsideEngines.find(name);
            } catch (IllegalArgumentException e) {
                throw new BadInput("--engine " + name + ": " + e.getMessage());
            }
            if (outside.isEmpty()) {
                List<String> described = OutsideEngines.names();
                throw new BadInput("--engine: " + unknown.getMessage() + (described.isEmpty() ? ""
                        : "; outside engines: " + String.join(", ", described)) + "; or proc:COMMAND");
            }
            return outside(outside.get(), p);
        }
        return inProcess(provider, p);
    }

    private static EngineSpec inProcess(StackEngineProvider provider, Profile p) {
        EngineParams params = p != null ? p.params() : provider.defaultParams();
        return new EngineSpec(provider.name(), () -> provider.create(params));
    }

    private EngineSpec outside(OutsideEngine e, Profile p) {
        OutsideEngine o = e;
        if (p != null) {
            o = o.withParams(p.params());
        }
        if (procTimeout != null) {
            o = o.withTimeout(Duration.ofMillis(Math.round(procTimeout * 1000)));
        }
        try {
            OutsideEngines.ensureBuilt(o);
        } catch (IllegalStateException ex) {
            throw new BadInput(ex.getMessage());
        }
        OutsideEngine config = o;
        return new EngineSpec(config.name(), config::engine);
    }
}

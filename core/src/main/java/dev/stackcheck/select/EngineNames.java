package dev.stackcheck.select;

import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.StackEngineProvider;
import dev.stackcheck.faults.Fault;
import dev.stackcheck.faults.FaultCatalogue;
import dev.stackcheck.proc.OutsideEngine;
import dev.stackcheck.proc.OutsideEngines;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one reader of {@code --engine NAMES|all}: names separated by commas, in order, each once. A name is an
 * engine of the registry ({@link Engines}, where {@code all} is every registered engine), {@code fault:ID}
 * (a deliberately wrong engine of the catalogue), or an outside engine: the name of its descriptor
 * ({@link OutsideEngines}) or {@code proc:COMMAND}, which takes the rest of the value, commas included.
 * How an outside engine becomes a provider is the caller's ({@link Outside}): run and check start it as a
 * process; explore refuses it.
 */
public final class EngineNames {

    /** What a command makes of an outside engine; throws IllegalArgumentException when it takes none. */
    @FunctionalInterface
    public interface Outside {
        StackEngineProvider provider(OutsideEngine engine);
    }

    /** The {@link Outside} of a command that cannot run outside engines, such as explore. */
    public static Outside refused(String command) {
        return e -> {
            throw new IllegalArgumentException("outside engines cannot be " + command + ": " + e.name()
                    + " runs as another process, whose state cannot be copied or fingerprinted; check it with"
                    + " run or check");
        };
    }

    private EngineNames() {
    }

    /**
     * The providers {@code value} names, in order, each once.
     *
     * @throws IllegalArgumentException naming the bad name and what is valid
     */
    public static List<StackEngineProvider> resolve(String value, Outside outside) {
        String rest = value == null ? "" : value;
        List<StackEngineProvider> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        try {
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
                if (!n.isEmpty()) {
                    for (StackEngineProvider p : named(n, outside)) {
                        if (seen.add(p.name())) {
                            out.add(p);
                        }
                    }
                }
            }
            if (out.isEmpty()) {
                return Engines.select(""); // throws, naming the valid engines
            }
            return List.copyOf(out);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            if (m.startsWith("unknown engine") || m.startsWith("no engine named")) {
                List<String> described = OutsideEngines.names();
                m += "; " + Fault.ENGINE_PREFIX + "ID (a deliberately wrong engine of the catalogue)"
                        + (described.isEmpty() ? "" : "; outside engines: " + String.join(", ", described))
                        + "; or " + OutsideEngines.PROC_PREFIX + "COMMAND";
            }
            throw new IllegalArgumentException(m, e);
        }
    }

    private static List<StackEngineProvider> named(String n, Outside outside) {
        if (n.startsWith(Fault.ENGINE_PREFIX)) {
            return List.of(FaultCatalogue.byId(n.substring(Fault.ENGINE_PREFIX.length())).provider());
        }
        if (OutsideEngines.isAdHoc(n)) {
            return List.of(outside.provider(OutsideEngines.adHoc(n)));
        }
        if (!n.equalsIgnoreCase("all") && !isRegistered(n)) {
            Optional<OutsideEngine> described = OutsideEngines.find(n);
            if (described.isPresent()) {
                return List.of(outside.provider(described.get()));
            }
        }
        return Engines.select(n);
    }

    /** True when {@code name} is an engine of the registry. */
    public static boolean isRegistered(String name) {
        return Engines.providers().stream().anyMatch(p -> p.name().equals(name));
    }

    /**
     * True when {@code --engine NAME} finds the engine in this process without an outside engine: a registry
     * name or {@code fault:ID} of the catalogue.
     */
    public static boolean inProcess(String name) {
        if (name.startsWith(Fault.ENGINE_PREFIX)) {
            String id = name.substring(Fault.ENGINE_PREFIX.length());
            return FaultCatalogue.all().stream().anyMatch(f -> f.id().equals(id));
        }
        return isRegistered(name);
    }
}

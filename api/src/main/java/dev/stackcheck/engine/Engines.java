package dev.stackcheck.engine;

import dev.stackcheck.program.Quote;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The registry of engines: every {@link StackEngineProvider} found through {@link ServiceLoader}, the
 * reference engines first in their historical order (segmented, hybrid, copying: Go 1.2, 1.3, 1.4),
 * then the others sorted by name.
 * When two providers share a name the first in that order wins, so a plug-in cannot shadow a reference
 * engine.
 */
public final class Engines {

    private Engines() {
    }

    /** Every provider, reference ones first in historical order, then the others by name; names distinct. */
    public static List<StackEngineProvider> providers() {
        List<StackEngineProvider> found = new ArrayList<>();
        for (StackEngineProvider p : ServiceLoader.load(StackEngineProvider.class)) {
            found.add(p);
        }
        found.sort(Comparator.comparingInt(Engines::historicalRank).thenComparing(StackEngineProvider::name));
        List<StackEngineProvider> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (StackEngineProvider p : found) {
            if (seen.add(p.name())) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    private static int historicalRank(StackEngineProvider p) {
        if (p instanceof SegmentedProvider) {
            return 0;
        }
        if (p instanceof HybridProvider) {
            return 1;
        }
        return p instanceof CopyingProvider ? 2 : 3;
    }

    /** True for the providers of the three reference engines of this package. */
    public static boolean isReference(StackEngineProvider p) {
        return p instanceof SegmentedProvider || p instanceof CopyingProvider || p instanceof HybridProvider;
    }

    /**
     * The provider called {@code name}.
     *
     * @throws IllegalArgumentException naming the valid engines when there is none
     */
    public static StackEngineProvider provider(String name) {
        List<StackEngineProvider> all = providers();
        String n = name == null ? "" : name.trim();
        for (StackEngineProvider p : all) {
            if (p.name().equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown engine " + Quote.token(name) + "; valid engines: " + names(all));
    }

    /**
     * The providers a {@code --engine} value names: {@code all}, or names separated by commas (in the
     * order given, each once).
     *
     * @throws IllegalArgumentException for an unknown or missing name, naming the valid engines
     */
    public static List<StackEngineProvider> select(String namesOrAll) {
        List<StackEngineProvider> all = providers();
        if (namesOrAll == null || namesOrAll.isBlank()) {
            throw new IllegalArgumentException("no engine named; valid engines: " + names(all) + ", or all");
        }
        if (namesOrAll.trim().toLowerCase(Locale.ROOT).equals("all")) {
            return all;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String part : namesOrAll.split(",")) {
            if (!part.isBlank()) {
                wanted.add(part.trim());
            }
        }
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("no engine named in " + Quote.token(namesOrAll) + "; valid engines: "
                    + names(all) + ", or all");
        }
        List<StackEngineProvider> out = new ArrayList<>();
        for (String w : wanted) {
            StackEngineProvider match = null;
            for (StackEngineProvider p : all) {
                if (p.name().equals(w)) {
                    match = p;
                    break;
                }
            }
            if (match == null) {
                throw new IllegalArgumentException("unknown engine " + Quote.token(w) + "; valid engines: " + names(all)
                        + ", or all");
            }
            out.add(match);
        }
        return List.copyOf(out);
    }

    private static String names(List<StackEngineProvider> all) {
        return all.stream().map(StackEngineProvider::name).collect(Collectors.joining(", "));
    }
}

package dev.stackcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages' dependency graph, read from the imports of the main sources of every module: it has no
 * cycle, and the engine API (engine, memory, program) imports nothing from the rest.
 */
class PackageGraphTest {

    private static final List<Path> ROOTS = List.of(Path.of("api/src/main/java"), Path.of("core/src/main/java"),
            Path.of("junit/src/main/java"));
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package dev\\.stackcheck\\.(\\w+)");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?dev\\.stackcheck\\.(\\w+)\\.");

    /** package -> the stackcheck packages it imports (relocated libraries left out). */
    static Map<String, Set<String>> graph(List<Path> roots) {
        Map<String, Set<String>> g = new TreeMap<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(f);
                    Matcher m = PACKAGE.matcher(text);
                    if (!m.find()) {
                        continue;
                    }
                    Set<String> to = g.computeIfAbsent(m.group(1), k -> new TreeSet<>());
                    Matcher i = IMPORT.matcher(text);
                    while (i.find()) {
                        if (!i.group(1).equals(m.group(1)) && !i.group(1).equals("shaded")) {
                            to.add(i.group(1));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return g;
    }

    /** A cycle as a path whose first and last packages are the same, or an empty list. */
    static List<String> cycle(Map<String, Set<String>> g) {
        Map<String, Integer> state = new TreeMap<>();
        for (String start : new TreeSet<>(g.keySet())) {
            List<String> found = visit(g, start, state, new ArrayList<>());
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(Map<String, Set<String>> g, String p, Map<String, Integer> state,
            List<String> path) {
        Integer s = state.get(p);
        if (s != null) {
            return s == 1 ? List.copyOf(concat(path.subList(path.indexOf(p), path.size()), p)) : List.of();
        }
        state.put(p, 1);
        path.add(p);
        for (String q : g.getOrDefault(p, Set.of())) {
            List<String> found = visit(g, q, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(p, 2);
        return List.of();
    }

    private static List<String> concat(List<String> path, String last) {
        List<String> out = new ArrayList<>(path);
        out.add(last);
        return out;
    }

    @Test
    void thePackagesFormNoCycle() {
        Map<String, Set<String>> g = graph(ROOTS);
        assertTrue(g.keySet().containsAll(Set.of("engine", "check", "gen", "cli", "proc", "report")), g.toString());
        assertEquals(List.of(), cycle(g), () -> "package cycle in " + g);
    }

    @Test
    void theEngineApiImportsNothingFromTheRest() {
        Map<String, Set<String>> g = graph(ROOTS);
        assertEquals(Set.of("memory", "program"), g.get("engine"));
        assertEquals(Set.of(), g.get("memory"));
        assertEquals(Set.of(), g.get("program"));
    }

    @Test
    void aCycleIsFound() {
        Map<String, Set<String>> g = Map.of("proc", Set.of("gen"), "gen", Set.of("select"), "select",
                Set.of("proc", "engine"), "engine", Set.of());
        assertEquals(List.of("gen", "select", "proc", "gen"), cycle(g));
        assertEquals(List.of(), cycle(Map.of("a", Set.of("b"), "b", Set.of())));
    }
}

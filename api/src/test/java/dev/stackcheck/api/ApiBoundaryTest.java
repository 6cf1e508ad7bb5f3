package dev.stackcheck.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The api module's boundary, read from its compiled classes by jdeps: they refer only to the JDK, to Commons
 * Lang and to the api's own packages, never to picocli, Jackson or another stackcheck package. A third party
 * compiles against this artifact alone.
 */
class ApiBoundaryTest {

    /** The packages of the api artifact. */
    static final Set<String> API = Set.of("dev.stackcheck.engine", "dev.stackcheck.memory", "dev.stackcheck.program");

    /** The packages the api's classes refer to that are neither the JDK's, Commons Lang's nor its own. */
    static Set<String> outside(String jdepsOutput) {
        Set<String> bad = new TreeSet<>();
        for (String line : jdepsOutput.split("\n")) {
            // "   dev.stackcheck.engine    -> dev.stackcheck.memory    classes"
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 3 || !parts[1].equals("->") || !parts[0].contains(".")) {
                continue;
            }
            String target = parts[2];
            if (!(target.startsWith("java.") || target.startsWith("javax.") || target.startsWith("jdk.")
                    || target.equals("org.apache.commons.lang3") || API.contains(target))) {
                bad.add(parts[0] + " -> " + target);
            }
        }
        return bad;
    }

    @Test
    void theApiClassesReferOnlyToTheJdkCommonsLangAndThemselves() {
        Path classes = Path.of("target", "classes");
        assertTrue(Files.isDirectory(classes.resolve("dev/stackcheck/engine")), classes.toAbsolutePath().toString());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", classes.toString());
        assertEquals(0, status, out.toString());
        String report = out.toString();
        assertTrue(report.contains("dev.stackcheck.engine") && report.contains("-> dev.stackcheck.memory"), report);
        assertEquals(Set.of(), outside(report), report);
        for (String pkg : API) {
            assertTrue(Files.isDirectory(classes.resolve(pkg.replace('.', '/'))), pkg);
        }
        List<String> packages = List.of(classes.resolve("dev/stackcheck").toFile().list());
        assertEquals(List.of("engine", "memory", "program"), packages.stream().sorted().toList(), "the api's packages");
    }

    @Test
    void aReferenceToPicocliJacksonOrAnotherStackcheckPackageIsFound() {
        String report = """
                   dev.stackcheck.engine   -> dev.stackcheck.memory     classes
                   dev.stackcheck.engine   -> java.lang                 java.base
                   dev.stackcheck.program  -> org.apache.commons.lang3  not found
                   dev.stackcheck.engine   -> picocli                   not found
                   dev.stackcheck.program  -> com.fasterxml.jackson.databind not found
                   dev.stackcheck.memory   -> dev.stackcheck.check      not found
                """;
        assertEquals(Set.of("dev.stackcheck.engine -> picocli", "dev.stackcheck.program -> com.fasterxml.jackson.databind",
                "dev.stackcheck.memory -> dev.stackcheck.check"), outside(report));
    }
}

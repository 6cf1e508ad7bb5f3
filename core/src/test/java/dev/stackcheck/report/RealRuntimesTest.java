package dev.stackcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackcheck.proc.OutsideEngine;
import dev.stackcheck.proc.OutsideEngines;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bench modes behind real-runtimes.md: each engine reports its pair loop and its descents to 1,000,000
 * frames; only gccgo finds a segment boundary, and there libgcc reuses one cached segment for every call.
 * Skipped without gcc, gccgo-12 or Go 1.19. No timing is asserted.
 */
class RealRuntimesTest {

    private static List<JsonNode> bench(String engine, String compiler) throws IOException {
        boolean found = false;
        String path = System.getenv("PATH");
        for (String d : path == null ? new String[0] : path.split(File.pathSeparator)) {
            found |= Files.isExecutable(Path.of(d, compiler));
        }
        found |= compiler.equals("go") && Files.isExecutable(Path.of("/usr/lib/go-1.19/bin/go"));
        assumeTrue(found, compiler + " is not installed: " + engine + " bench skipped");
        OutsideEngine e = OutsideEngines.find(engine).orElseThrow();
        OutsideEngines.ensureBuilt(e);
        return RealRuntimes.bench(Path.of(e.command().get(0)), 20_000);
    }

    private static long count(List<JsonNode> lines, String bench, String where) {
        return lines.stream().filter(l -> l.get("bench").asText().equals(bench)
                && (where == null || l.get("where").asText().equals(where))).count();
    }

    private static void descents(List<JsonNode> lines) {
        assertEquals(11, count(lines, "descent", null), lines.toString());
        for (JsonNode l : lines) {
            if (l.get("bench").asText().equals("descent")) {
                assertTrue(l.get("frameBytes").asLong() > 0 && l.get("frameBytes").asLong() < 4096, l.toString());
                assertEquals(l.get("frameBytes").asLong() * (l.get("frames").asLong() + 1), l.get("used").asLong());
            }
        }
        JsonNode deepest = lines.get(lines.size() - 1);
        assertEquals(1_000_000, deepest.get("frames").asLong());
        assertTrue(deepest.get("reserved").asLong() >= deepest.get("used").asLong(), deepest.toString());
    }

    @Test
    void gccgoCrossesASegmentBoundaryOnOneCachedSegment() throws IOException {
        List<JsonNode> lines = bench("gccgo", "go-12");
        assertEquals(1, count(lines, "pair", "inside"), lines.toString());
        JsonNode boundary = lines.stream().filter(l -> l.path("where").asText().equals("boundary")).findFirst()
                .orElseThrow(() -> new AssertionError("no boundary pair: " + lines));
        assertEquals(1, boundary.get("segments").asLong(), "libgcc reused its cached segment: " + boundary);
        descents(lines);
    }

    @Test
    void gcAndCHaveNoBoundary() throws IOException {
        for (String[] e : new String[][] {{"go-release", "go"}, {"c-fixed", "gcc"}}) {
            List<JsonNode> lines = bench(e[0], e[1]);
            assertEquals(1, count(lines, "pair", "inside"), lines.toString());
            assertEquals(0, count(lines, "pair", "boundary"), lines.toString());
            descents(lines);
        }
    }
}

package dev.stackcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/bench.sh rewrites benchmarks.md from JMH; the figures section of scripts/figures.sh stays. */
class BenchmarkReportFiguresTest {

    @Test
    void theFiguresSectionSurvivesARewrite(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("benchmarks.md");
        assertEquals("# new\n", BenchmarkReport.keepFigures(f, "# new\n"), "no file yet");
        Files.writeString(f, "# old\n\nold JMH tables\n\n<!-- figures -->\n| a | b |\n<!-- /figures -->\n");
        assertEquals("# new\n\n<!-- figures -->\n| a | b |\n<!-- /figures -->\n",
                BenchmarkReport.keepFigures(f, "# new\n"));
        Files.writeString(f, "# old without figures\n");
        assertEquals("# new\n", BenchmarkReport.keepFigures(f, "# new\n"));
    }
}

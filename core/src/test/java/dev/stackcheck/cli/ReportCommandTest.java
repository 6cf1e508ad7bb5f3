package dev.stackcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.report.Page;
import dev.stackcheck.report.SpecDoc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report --out DIR} on the full experiments, once for the class: what it writes, and that the
 * committed reports/ are exactly what it writes today except for the volatile lines (date, durations,
 * machine).
 */
class ReportCommandTest {

    /**
     * Files under reports/ that {@code report} does not write (scripts/bench.sh, the Go engine and
     * scripts/mutation/report.py after {@code mvn -Pmutation} write them).
     */
    private static final Set<String> NOT_GENERATED = Set.of("benchmarks.md", "go-prediction.md", "mutation.md");
    private static final Pattern EMBED = Pattern.compile("!\\[[^\\]]*\\]\\(([^)]+)\\)");

    @TempDir
    static Path tmp;
    static Path out;
    static Path spec;
    static Cli result;

    @BeforeAll
    static void generate() throws IOException {
        out = tmp.resolve("r");
        spec = tmp.resolve("SPEC.md");
        Files.copy(SpecDoc.SPEC, spec);
        result = Cli.run("report", "--out", out.toString(), "--spec", spec.toString());
    }

    @Test
    void writesIndexAndEveryChartItEmbeds() throws Exception {
        assertEquals(0, result.status(), result.err());
        String index = Files.readString(out.resolve("index.md"));
        Matcher m = EMBED.matcher(index);
        int charts = 0;
        while (m.find()) {
            Path chart = out.resolve(m.group(1));
            assertTrue(Files.isRegularFile(chart), "embedded but not written: " + m.group(1));
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            String root = f.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(chart)))
                    .getDocumentElement().getLocalName();
            assertEquals("svg", root, m.group(1));
            charts++;
        }
        assertTrue(charts >= 6, "hot split (3), growth (2) and shrink charts: " + charts);
        for (String section : new String[] {"What was checked", "Invariant catalogue", "Coverage", "Hot split",
            "Growth", "Shrink"}) {
            assertTrue(index.contains(section), section);
        }
        assertTrue(result.out().contains("up to date"), "the committed SPEC.md needed no change: " + result.out());
    }

    @Test
    void invariantTableListsEveryIdOfSpec() throws IOException {
        String index = Files.readString(out.resolve("index.md"));
        String table = SpecDoc.content(Files.readString(SpecDoc.SPEC), "invariants");
        Matcher m = Pattern.compile("(?m)^\\| \\*\\*([A-Z]+-\\d+)\\*\\* \\|").matcher(table);
        int ids = 0;
        while (m.find()) {
            assertTrue(index.contains("| **" + m.group(1) + "** |"), m.group(1) + " missing from index.md");
            ids++;
        }
        assertTrue(ids >= 17, "SPEC.md's table has the whole catalogue: " + ids);
    }

    @Test
    void hotSplitClaimsHoldAtTheLargestN() throws IOException {
        String index = Files.readString(out.resolve("index.md"));
        assertTrue(index.contains("**holds:** segmented without a cache: 100,001 segment allocations >= N = 100,000"),
                index);
        assertTrue(index.contains("**holds:** copying: 1 copy <= 20"), index);
        assertTrue(!index.contains("DOES NOT HOLD"), index);
    }

    @Test
    void committedReportsAreWhatTheCodeGeneratesTodayExceptVolatileLines() throws IOException {
        Path committed = Path.of("reports");
        Set<String> fresh = names(out);
        Set<String> kept = names(committed);
        kept.removeAll(NOT_GENERATED);
        assertEquals(fresh, kept, "reports/ holds other files than report writes; run ./stackcheck report");
        for (String name : fresh) {
            String a = Files.readString(committed.resolve(name), StandardCharsets.UTF_8);
            String b = Files.readString(out.resolve(name), StandardCharsets.UTF_8);
            if (name.endsWith(".md")) {
                a = Page.stable(a);
                b = Page.stable(b);
            }
            assertEquals(b, a, "reports/" + name + " is stale; run ./stackcheck report");
        }
    }

    @Test
    void anOutThatIsAFileIsBadInput() throws IOException {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        Cli r = Cli.run("report", "--out", file.toString());
        assertEquals(Main.BAD_INPUT, r.status(), r.err());
        assertTrue(r.err().contains("not a directory"), r.err());
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            Set<String> out = new TreeSet<>();
            s.forEach(p -> out.add(p.getFileName().toString()));
            return out;
        }
    }
}

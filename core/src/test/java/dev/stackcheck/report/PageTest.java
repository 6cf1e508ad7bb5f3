package dev.stackcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageTest {

    @TempDir
    Path dir;

    @Test
    void stableDropsExactlyTheVolatileLines() {
        Page p = new Page().text("kept").volatileLine("Generated today in 3 s.").text("also kept");
        String md = p.markdown();
        assertTrue(md.contains("Generated today"));
        String stable = Page.stable(md);
        assertFalse(stable.contains("Generated today"));
        assertTrue(stable.contains("kept") && stable.contains("also kept"));
        assertEquals(stable, Page.stable(new Page().text("kept").volatileLine("Generated tomorrow in 9 s.")
                .text("also kept").markdown()));
        assertThrows(IllegalArgumentException.class, () -> new Page().volatileLine("two\nlines"));
    }

    @Test
    void tablesEscapePipesAndCheckWidths() {
        String md = new Page().table(List.of("a", "b"), List.of(List.of("x|y", "2"))).markdown();
        assertTrue(md.contains("| x\\|y | 2 |"), md);
        assertThrows(IllegalArgumentException.class,
                () -> new Page().table(List.of("a", "b"), List.of(List.of("1"))));
    }

    @Test
    void reportWritesIndexAndEveryChartWithATableOfContents() throws Exception {
        Section s = new Section() {
            @Override
            public String title() {
                return "A chart, please";
            }

            @Override
            public void render(Page page) {
                page.text("body").chart("c.svg", new LineChart("c",
                        new LineChart.Axis("x", LineChart.Scale.LINEAR, LineChart.Units.PLAIN),
                        new LineChart.Axis("y", LineChart.Scale.LINEAR, LineChart.Units.PLAIN))
                        .line("s", new double[] {0, 1}, new double[] {1, 2}));
            }
        };
        Report r = new Report("T", "pre", List.of("when"), List.of(s));
        List<Path> written = r.write(dir);
        assertEquals(List.of(dir.resolve("c.svg"), dir.resolve("index.md")), written);
        String index = Files.readString(dir.resolve("index.md"));
        assertTrue(index.contains("[1. A chart, please](#1-a-chart-please)"), index);
        assertTrue(index.contains("## 1. A chart, please"));
        assertTrue(index.contains("![c](c.svg)"));
        assertTrue(index.contains("when " + Page.VOLATILE));
        assertThrows(IllegalArgumentException.class, () -> new Page().chart("../x.svg", null));
    }

    @Test
    void numbersAreFormattedTheSameEverywhere() {
        assertEquals("100,000", Page.n(100_000));
        assertEquals("32 MiB", Page.bytes(32L << 20));
        assertEquals("0.70", Page.ratio(0.7));
    }
}

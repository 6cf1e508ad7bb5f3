package dev.stackcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class LineChartTest {

    private static LineChart sample() {
        return new LineChart("Cost <vs> N",
                new LineChart.Axis("N (iterations)", LineChart.Scale.LOG10, LineChart.Units.COUNT),
                new LineChart.Axis("bytes copied (bytes)", LineChart.Scale.LOG2, LineChart.Units.BYTES))
                .line("segmented & co", new double[] {1, 10, 100_000}, new double[] {0, 0, 0})
                .line("copying", new double[] {1, 10, 100_000}, new double[] {1520, 1520, 1520})
                .reference("2 x used", new double[] {1, 100_000}, new double[] {4096, 4096});
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void isWellFormedSvgWithTitleAxesAndLegend() throws Exception {
        String svg = sample().svg();
        Document d = parse(svg);
        assertEquals("svg", d.getDocumentElement().getLocalName());
        assertTrue(svg.contains("Cost &lt;vs&gt; N"), "the title, escaped");
        assertTrue(svg.contains(">N (iterations)<"), "x label");
        assertTrue(svg.contains(">bytes copied (bytes)<"), "y label with unit");
        assertTrue(svg.contains(">segmented &amp; co<") && svg.contains(">copying<") && svg.contains(">2 x used<"),
                "every series in the legend");
        assertTrue(svg.contains("stroke-dasharray"), "the reference line is dashed");
        assertEquals(3, d.getElementsByTagName("polyline").getLength());
    }

    @Test
    void logAxesTickAtPowersAndShowZeroOnItsOwnLine() {
        String svg = sample().svg();
        assertTrue(svg.contains(">100k<") && svg.contains(">1<"), "count ticks at powers of ten");
        assertTrue(svg.contains(">1 KiB<") || svg.contains(">2 KiB<"), "byte ticks in binary units");
        assertTrue(svg.contains(">0<"), "zeros get a 0 line on a log axis");
    }

    @Test
    void isDeterministic() {
        assertEquals(sample().svg(), sample().svg());
    }

    @Test
    void rejectsBadSeries() {
        LineChart c = new LineChart("t", new LineChart.Axis("x", LineChart.Scale.LINEAR, LineChart.Units.PLAIN),
                new LineChart.Axis("y", LineChart.Scale.LINEAR, LineChart.Units.PLAIN));
        assertThrows(IllegalStateException.class, c::svg, "no series");
        assertThrows(IllegalArgumentException.class, () -> c.line("a", new double[] {1, 2}, new double[] {1}));
        c.line("nan", new double[] {1}, new double[] {Double.NaN});
        assertThrows(IllegalArgumentException.class, c::svg);
    }

    @Test
    void labelsUseUnits() {
        assertEquals("2 KiB", LineChart.label(2048, LineChart.Units.BYTES));
        assertEquals("1.5 MiB", LineChart.label(1.5 * 1024 * 1024, LineChart.Units.BYTES));
        assertEquals("100k", LineChart.label(100_000, LineChart.Units.COUNT));
        assertEquals("1M", LineChart.label(1_000_000, LineChart.Units.COUNT));
        assertEquals("0.25", LineChart.label(0.25, LineChart.Units.PLAIN));
    }
}

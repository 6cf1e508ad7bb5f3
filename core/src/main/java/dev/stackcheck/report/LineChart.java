package dev.stackcheck.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A line chart drawn as SVG text: a title, two labelled axes (linear, log10 or log2), a grid, one polyline
 * with markers per series, a dashed style for reference lines, and a legend.
 *
 * <p>Invariant: the output is a pure function of the chart's contents (no dates, no randomness, numbers
 * printed with one fixed locale and precision), so a committed chart changes only when its data does.
 * On a log axis a value of 0 (which has no logarithm) is drawn on a separate "0" line one tick below the
 * lowest tick, marked by a break in the axis, so that zero counts stay visible and are not confused with
 * small ones.
 */
public final class LineChart {

    /** How an axis maps values to positions. */
    public enum Scale { LINEAR, LOG10, LOG2 }

    /** How tick labels are written. */
    public enum Units {
        /** plain counts: 1, 10, 100, 1k, 10k, 1M */
        COUNT,
        /** bytes in binary units: 512 B, 2 KiB, 1 MiB, 1 GiB */
        BYTES,
        /** a plain number with up to two decimals */
        PLAIN
    }

    /** One axis: its label (with the unit), its scale and how its ticks are written. */
    public record Axis(String label, Scale scale, Units units) {
        public Axis {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(scale, "scale");
            Objects.requireNonNull(units, "units");
        }
    }

    /** One line: a name for the legend, its points, and whether it is a dashed reference line. */
    public record Series(String name, double[] xs, double[] ys, boolean reference) {
        public Series {
            if (xs.length != ys.length) {
                throw new IllegalArgumentException("series " + name + ": " + xs.length + " x values, " + ys.length
                        + " y values");
            }
            xs = xs.clone();
            ys = ys.clone();
        }
    }

    /** Okabe-Ito colours: distinguishable with every common colour-vision deficiency. */
    private static final String[] COLOURS = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
        "#000000", "#F0E442"};
    private static final int WIDTH = 820;
    private static final int HEIGHT = 440;
    private static final int LEFT = 90;
    private static final int RIGHT = 250;
    private static final int TOP = 56;
    private static final int BOTTOM = 64;

    private final String title;
    private final Axis x;
    private final Axis y;
    private final List<Series> series = new ArrayList<>();

    public LineChart(String title, Axis x, Axis y) {
        this.title = Objects.requireNonNull(title, "title");
        this.x = x;
        this.y = y;
    }

    /** Adds a series drawn with markers. */
    public LineChart line(String name, double[] xs, double[] ys) {
        series.add(new Series(name, xs, ys, false));
        return this;
    }

    /** Adds a dashed reference line without markers (for example {@code y = 2 * peak used}). */
    public LineChart reference(String name, double[] xs, double[] ys) {
        series.add(new Series(name, xs, ys, true));
        return this;
    }

    public String title() {
        return title;
    }

    public List<Series> series() {
        return List.copyOf(series);
    }

    /** The chart as a standalone SVG document. */
    public String svg() {
        if (series.isEmpty()) {
            throw new IllegalStateException("chart '" + title + "' has no series");
        }
        Mapper mx = mapper(x, true);
        Mapper my = mapper(y, false);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
        s.append("<title>").append(esc(title)).append("</title>\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        s.append("<text x=\"").append(WIDTH / 2).append("\" y=\"28\" text-anchor=\"middle\" font-size=\"16\""
                + " font-weight=\"bold\">").append(esc(title)).append("</text>\n");
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        // grid and ticks
        s.append("<g stroke=\"#e0e0e0\" stroke-width=\"1\">\n");
        for (Tick t : mx.ticks) {
            String px = num(mx.pos(t.value));
            s.append("<line x1=\"").append(px).append("\" y1=\"").append(TOP).append("\" x2=\"").append(px)
                    .append("\" y2=\"").append(TOP + plotH).append("\"/>\n");
        }
        for (Tick t : my.ticks) {
            String py = num(my.pos(t.value));
            s.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(py).append("\" x2=\"")
                    .append(LEFT + plotW).append("\" y2=\"").append(py).append("\"/>\n");
        }
        s.append("</g>\n");
        s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotW)
                .append("\" height=\"").append(plotH).append("\" fill=\"none\" stroke=\"#333333\"/>\n");
        s.append("<g fill=\"#333333\">\n");
        for (Tick t : mx.ticks) {
            s.append("<text x=\"").append(num(mx.pos(t.value))).append("\" y=\"").append(TOP + plotH + 18)
                    .append("\" text-anchor=\"middle\">").append(esc(t.label)).append("</text>\n");
        }
        for (Tick t : my.ticks) {
            s.append("<text x=\"").append(LEFT - 8).append("\" y=\"").append(num(my.pos(t.value) + 4))
                    .append("\" text-anchor=\"end\">").append(esc(t.label)).append("</text>\n");
        }
        s.append("</g>\n");
        if (mx.zero) {
            breakMark(s, mx.pos(mx.zeroBreak()), TOP + plotH, true);
        }
        if (my.zero) {
            breakMark(s, LEFT, my.pos(my.zeroBreak()), false);
        }
        s.append("<text x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(HEIGHT - 18)
                .append("\" text-anchor=\"middle\" font-size=\"13\">").append(esc(x.label())).append("</text>\n");
        int cy = TOP + plotH / 2;
        s.append("<text x=\"18\" y=\"").append(cy).append("\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 18 ")
                .append(cy).append(")\">").append(esc(y.label())).append("</text>\n");
        // series
        for (int i = 0; i < series.size(); i++) {
            Series se = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder pts = new StringBuilder();
            for (int k = 0; k < se.xs.length; k++) {
                if (k > 0) {
                    pts.append(' ');
                }
                pts.append(num(mx.pos(se.xs[k]))).append(',').append(num(my.pos(se.ys[k])));
            }
            s.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"")
                    .append(se.reference ? "1.5\" stroke-dasharray=\"6 4\"" : "2\"").append(" points=\"")
                    .append(pts).append("\"/>\n");
            if (!se.reference) {
                s.append("<g fill=\"").append(colour).append("\" stroke=\"").append(colour).append("\">\n");
                for (int k = 0; k < se.xs.length; k++) {
                    marker(s, i, mx.pos(se.xs[k]), my.pos(se.ys[k]));
                }
                s.append("</g>\n");
            }
        }
        // legend
        int lx = LEFT + plotW + 16;
        int ly = TOP + 8;
        for (int i = 0; i < series.size(); i++) {
            Series se = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            int yy = ly + i * 22;
            s.append("<line x1=\"").append(lx).append("\" y1=\"").append(yy).append("\" x2=\"").append(lx + 26)
                    .append("\" y2=\"").append(yy).append("\" stroke=\"").append(colour).append("\" stroke-width=\"")
                    .append(se.reference ? "1.5\" stroke-dasharray=\"6 4\"" : "2\"").append("/>\n");
            if (!se.reference) {
                s.append("<g fill=\"").append(colour).append("\" stroke=\"").append(colour).append("\">");
                marker(s, i, lx + 13, yy);
                s.append("</g>\n");
            }
            s.append("<text x=\"").append(lx + 34).append("\" y=\"").append(yy + 4).append("\">")
                    .append(esc(se.name)).append("</text>\n");
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static void breakMark(StringBuilder s, double px, double py, boolean onX) {
        // two short slanted strokes across the axis between the 0 line and the lowest tick
        for (int k = -1; k <= 1; k += 2) {
            double ox = onX ? px + 3 * k : px;
            double oy = onX ? py : py + 3 * k;
            s.append("<line x1=\"").append(num(ox - 5)).append("\" y1=\"").append(num(oy + 5)).append("\" x2=\"")
                    .append(num(ox + 5)).append("\" y2=\"").append(num(oy - 5))
                    .append("\" stroke=\"#333333\" stroke-width=\"1.5\"/>\n");
        }
    }

    private static void marker(StringBuilder s, int i, double px, double py) {
        String cx = num(px);
        String cy = num(py);
        switch (i % 5) {
            case 0:
                s.append("<circle cx=\"").append(cx).append("\" cy=\"").append(cy).append("\" r=\"3.5\"/>");
                break;
            case 1:
                s.append("<rect x=\"").append(num(px - 3.5)).append("\" y=\"").append(num(py - 3.5))
                        .append("\" width=\"7\" height=\"7\" fill=\"none\" stroke-width=\"1.5\"/>");
                break;
            case 2:
                s.append("<polygon points=\"").append(cx).append(',').append(num(py - 4.5)).append(' ')
                        .append(num(px + 4.5)).append(',').append(num(py + 3.5)).append(' ').append(num(px - 4.5))
                        .append(',').append(num(py + 3.5)).append("\"/>");
                break;
            case 3:
                s.append("<polygon points=\"").append(cx).append(',').append(num(py - 5)).append(' ')
                        .append(num(px + 5)).append(',').append(cy).append(' ').append(cx).append(',')
                        .append(num(py + 5)).append(' ').append(num(px - 5)).append(',').append(cy)
                        .append("\" fill=\"none\" stroke-width=\"1.5\"/>");
                break;
            default:
                s.append("<path d=\"M").append(num(px - 4)).append(' ').append(num(py - 4)).append(" L")
                        .append(num(px + 4)).append(' ').append(num(py + 4)).append(" M").append(num(px - 4))
                        .append(' ').append(num(py + 4)).append(" L").append(num(px + 4)).append(' ')
                        .append(num(py - 4)).append("\" stroke-width=\"2\"/>");
                break;
        }
        s.append('\n');
    }

    // ---- axes ------------------------------------------------------------------------------------

    private record Tick(double value, String label) {}

    /** Maps data values of one axis to pixel positions; knows its ticks. */
    private static final class Mapper {
        final Scale scale;
        final double lo;
        final double hi;
        final double p0;
        final double p1;
        final boolean zero;
        final double zeroAt;
        final List<Tick> ticks = new ArrayList<>();

        Mapper(Scale scale, double lo, double hi, double p0, double p1, boolean zero, double zeroAt) {
            this.scale = scale;
            this.lo = lo;
            this.hi = hi;
            this.p0 = p0;
            this.p1 = p1;
            this.zero = zero;
            this.zeroAt = zeroAt;
        }

        double t(double v) {
            if (scale == Scale.LINEAR) {
                return v;
            }
            if (v <= 0) {
                return zeroAt;
            }
            return scale == Scale.LOG10 ? Math.log10(v) : Math.log(v) / Math.log(2);
        }

        double pos(double v) {
            double a = t(lo);
            double b = t(hi);
            double f = b == a ? 0.5 : (t(v) - a) / (b - a);
            return p0 + f * (p1 - p0);
        }

        /** A value between the 0 line and the lowest tick, where the break mark goes. */
        double zeroBreak() {
            double low = scale == Scale.LOG10 ? Math.pow(10, zeroAt + 0.5) : Math.pow(2, zeroAt + 0.5);
            return low;
        }
    }

    private Mapper mapper(Axis axis, boolean horizontal) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double minPositive = Double.POSITIVE_INFINITY;
        boolean hasZero = false;
        for (Series se : series) {
            double[] vs = horizontal ? se.xs : se.ys;
            for (double v : vs) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("chart '" + title + "': value " + v + " in " + se.name);
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
                if (v > 0) {
                    minPositive = Math.min(minPositive, v);
                } else {
                    hasZero = true;
                }
            }
        }
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        double p0 = horizontal ? LEFT + 10 : TOP + plotH - 10;
        double p1 = horizontal ? LEFT + plotW - 10 : TOP + 10;
        if (axis.scale() == Scale.LINEAR) {
            double lo = Math.min(0, min);
            double hi = max <= lo ? lo + 1 : max;
            double step = niceStep((hi - lo) / 6);
            hi = Math.ceil(hi / step) * step;
            lo = Math.floor(lo / step) * step;
            Mapper m = new Mapper(Scale.LINEAR, lo, hi, p0, p1, false, 0);
            for (long k = Math.round(lo / step); k * step <= hi + step / 1e6; k++) {
                m.ticks.add(new Tick(k * step, label(k * step, axis.units())));
            }
            return m;
        }
        double base = axis.scale() == Scale.LOG10 ? 10 : 2;
        if (minPositive == Double.POSITIVE_INFINITY) {
            minPositive = 1;
            max = Math.max(max, base);
        }
        int e0 = (int) Math.floor(log(minPositive, base) + 1e-9);
        int e1 = (int) Math.ceil(log(max, base) - 1e-9);
        if (e1 <= e0) {
            e1 = e0 + 1;
        }
        int every = 1;
        while ((e1 - e0) / every > 8) {
            every *= 2;
        }
        e0 = Math.floorDiv(e0, every) * every;
        e1 = Math.floorDiv(e1 + every - 1, every) * every;
        int eLow = hasZero ? e0 - every : e0;
        Mapper m = new Mapper(axis.scale(), Math.pow(base, eLow), Math.pow(base, e1), p0, p1, hasZero, eLow);
        if (hasZero) {
            m.ticks.add(new Tick(0, "0"));
        }
        for (int e = e0; e <= e1; e += every) {
            double v = Math.pow(base, e);
            m.ticks.add(new Tick(v, label(v, axis.units())));
        }
        return m;
    }

    private static double log(double v, double base) {
        return base == 10 ? Math.log10(v) : Math.log(v) / Math.log(2);
    }

    private static double niceStep(double raw) {
        if (raw <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        double n = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return n * p;
    }

    /** A tick label: counts with k/M/G, bytes in binary units, plain numbers with up to two decimals. */
    static String label(double v, Units units) {
        if (units == Units.PLAIN) {
            return plain(v);
        }
        if (units == Units.BYTES) {
            String[] names = {"B", "KiB", "MiB", "GiB", "TiB"};
            double a = v;
            int k = 0;
            while (Math.abs(a) >= 1024 && k < names.length - 1) {
                a /= 1024;
                k++;
            }
            return plain(a) + " " + names[k];
        }
        String[] names = {"", "k", "M", "G", "T"};
        double a = v;
        int k = 0;
        while (Math.abs(a) >= 1000 && k < names.length - 1) {
            a /= 1000;
            k++;
        }
        return plain(a) + names[k];
    }

    private static String plain(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.2f", v);
        while (s.endsWith("0")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String t) {
        StringBuilder s = new StringBuilder(t.length());
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '&') {
                s.append("&amp;");
            } else if (c == '<') {
                s.append("&lt;");
            } else if (c == '>') {
                s.append("&gt;");
            } else if (c == '"') {
                s.append("&quot;");
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }
}

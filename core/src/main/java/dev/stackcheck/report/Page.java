package dev.stackcheck.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Markdown page being written, and the files it embeds (charts). Sections append to it.
 *
 * <p>Invariant: every line that depends on the clock or the machine (a date, a duration) is written by
 * {@link #volatileLine} and ends with {@link #VOLATILE}; every other byte of the page and of its charts
 * is a function of the committed code. {@link #stable} removes the volatile lines, so a test can compare a
 * committed report with a fresh one.
 */
public final class Page {

    /** Marks a line whose content depends on when or where the report ran; invisible on a rendered page. */
    public static final String VOLATILE = "<!-- volatile -->";

    private final StringBuilder md = new StringBuilder();
    private final Map<String, String> files = new LinkedHashMap<>();

    /** A paragraph. */
    public Page text(String paragraph) {
        md.append(paragraph.strip()).append("\n\n");
        return this;
    }

    /** A heading of the given level (2 = ##). */
    public Page heading(int level, String title) {
        md.append("#".repeat(level)).append(' ').append(title).append("\n\n");
        return this;
    }

    /** Raw Markdown, appended as it is. */
    public Page raw(String markdown) {
        md.append(markdown);
        return this;
    }

    /** A bulleted list. */
    public Page bullets(List<String> items) {
        for (String i : items) {
            md.append("- ").append(i).append('\n');
        }
        md.append('\n');
        return this;
    }

    /** A fenced block of text shown as it is. */
    public Page code(String text) {
        md.append("```\n").append(text.endsWith("\n") ? text : text + "\n").append("```\n\n");
        return this;
    }

    /** A line that depends on the clock or the machine: a date, a timing. */
    public Page volatileLine(String text) {
        if (text.contains("\n")) {
            throw new IllegalArgumentException("a volatile line is one line: " + text);
        }
        md.append(text).append(' ').append(VOLATILE).append("\n\n");
        return this;
    }

    /** A table; cells are escaped for Markdown tables. */
    public Page table(List<String> header, List<List<String>> rows) {
        md.append('|');
        for (String h : header) {
            md.append(' ').append(cell(h)).append(" |");
        }
        md.append("\n|");
        for (int i = 0; i < header.size(); i++) {
            md.append("---|");
        }
        md.append('\n');
        for (List<String> r : rows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("row of " + r.size() + " cells under " + header.size()
                        + " headers: " + r);
            }
            md.append('|');
            for (String c : r) {
                md.append(' ').append(cell(c)).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
        return this;
    }

    /** Writes the chart as {@code file} beside the page and embeds it. */
    public Page chart(String file, LineChart chart) {
        if (!file.endsWith(".svg") || file.contains("/") || files.containsKey(file)) {
            throw new IllegalArgumentException("chart file must be a new NAME.svg: " + file);
        }
        files.put(file, chart.svg());
        md.append("![").append(chart.title().replace("]", ")")).append("](").append(file).append(")\n\n");
        return this;
    }

    /** The page's Markdown. */
    public String markdown() {
        return md.toString();
    }

    /** The files the page embeds: name to content. */
    public Map<String, String> files() {
        return Map.copyOf(files);
    }

    /** The text without its volatile lines: what must not change unless the code does. */
    public static String stable(String markdown) {
        StringBuilder s = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            if (!line.endsWith(VOLATILE)) {
                s.append(line).append('\n');
            }
        }
        return s.toString();
    }

    private static String cell(String c) {
        return c.replace("|", "\\|").replace("\n", " ");
    }

    /** 1234567 as "1,234,567". */
    public static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** Bytes in binary units with two decimals at most: "1.5 KiB", "32 MiB". */
    public static String bytes(long v) {
        return LineChart.label(v, LineChart.Units.BYTES);
    }

    /** A ratio with two decimals. */
    public static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}

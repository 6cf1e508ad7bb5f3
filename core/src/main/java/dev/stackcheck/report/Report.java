package dev.stackcheck.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * reports/index.md: a title, a short preamble, a table of contents, then one {@link Section} after
 * another, each under its own {@code ##} heading, with the charts they embed written beside it.
 */
public final class Report {

    private final String title;
    private final String preamble;
    private final List<String> volatileLines;
    private final List<Section> sections;

    /**
     * @param title         the page title
     * @param preamble      Markdown under the title
     * @param volatileLines lines that depend on the clock or machine (date, timings), marked as such
     * @param sections      the sections, in order
     */
    public Report(String title, String preamble, List<String> volatileLines, List<Section> sections) {
        this.title = title;
        this.preamble = preamble;
        this.volatileLines = List.copyOf(volatileLines);
        this.sections = List.copyOf(sections);
    }

    public List<Section> sections() {
        return sections;
    }

    /** The page: index.md's text and the files it embeds. */
    public Page page() {
        Page page = new Page();
        page.heading(1, title);
        page.text(preamble);
        for (String v : volatileLines) {
            page.volatileLine(v);
        }
        List<String> toc = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            String t = (i + 1) + ". " + sections.get(i).title();
            toc.add("[" + t + "](#" + anchor(t) + ")");
        }
        page.bullets(toc);
        for (int i = 0; i < sections.size(); i++) {
            page.heading(2, (i + 1) + ". " + sections.get(i).title());
            sections.get(i).render(page);
        }
        return page;
    }

    /** Writes index.md and every file it embeds into {@code dir}; returns the paths written, sorted. */
    public List<Path> write(Path dir) throws IOException {
        Page page = page();
        Files.createDirectories(dir);
        Map<String, String> all = new TreeMap<>(page.files());
        all.put("index.md", page.markdown());
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> e : all.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
            written.add(p);
        }
        return written;
    }

    /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
    static String anchor(String heading) {
        StringBuilder s = new StringBuilder();
        for (char c : heading.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                s.append(c);
            } else if (c == ' ') {
                s.append('-');
            }
        }
        return s.toString();
    }
}

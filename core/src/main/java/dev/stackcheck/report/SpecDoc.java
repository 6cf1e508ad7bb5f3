package dev.stackcheck.report;

import dev.stackcheck.check.Invariant;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generated parts of specs/SPEC.md: the invariant table (from {@link Invariant} and
 * {@link Rationale}), the profile table (from {@link Profile}) and the stack pictures ({@link Diagrams}).
 * Each lives between a pair of marker comments, {@code <!-- BEGIN GENERATED name -->} and
 * {@code <!-- END GENERATED name -->}; everything outside the markers is written by hand.
 *
 * <p>Invariant: after {@link #update}, every block between markers is exactly what the code generates
 * today; a test fails when the committed SPEC.md differs, so the specification cannot drift from the
 * catalogue, the profiles or the engines.
 */
public final class SpecDoc {

    /** Where SPEC.md is, relative to the project root. */
    public static final Path SPEC = Path.of("specs", "SPEC.md");

    private SpecDoc() {
    }

    /** Every generated block, by marker name, in the order they appear in SPEC.md. */
    public static Map<String, String> blocks() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Diagrams.Picture p : Diagrams.all()) {
            out.put(p.name(), picture(p));
        }
        out.put("invariants", invariantTable());
        out.put("profiles", profileTable());
        return out;
    }

    public static String begin(String name) {
        return "<!-- BEGIN GENERATED " + name + " (dev.stackcheck.report.SpecDoc; do not edit by hand) -->";
    }

    public static String end(String name) {
        return "<!-- END GENERATED " + name + " -->";
    }

    /** The invariant catalogue as a Markdown table. */
    public static String invariantTable() {
        StringBuilder s = new StringBuilder();
        s.append("| ID | invariant | why it matters | enforced by |\n|---|---|---|---|\n");
        for (Invariant i : Invariant.values()) {
            String why = Rationale.why(i);
            s.append("| **").append(i.id()).append("** | ").append(cell(i.title() + ": " + i.statement()))
                    .append(" (applies to ").append(InvariantSection.kinds(i.kinds())).append(") | ")
                    .append(cell(why == null ? "(no rationale yet)" : why)).append(" | ")
                    .append(checkLink(i, "../")).append(" |\n");
        }
        return s.toString();
    }

    /** The profiles as a Markdown table. */
    public static String profileTable() {
        StringBuilder s = new StringBuilder();
        s.append("| profile | engine | segment | cache | initial stack | guard | max stack | shrink slack |"
                + " models | source |\n|---|---|---|---|---|---|---|---|---|---|\n");
        List<Profile> profiles = new ArrayList<>(Profile.all());
        profiles.add(Profile.EXPLORE);
        for (Profile p : profiles) {
            EngineParams e = p.params();
            s.append("| **").append(p.name()).append("** | ").append(p.engine()).append(" | ")
                    .append(Page.n(e.segmentSize())).append(" | ").append(e.segmentCache() ? "yes" : "no").append(" | ")
                    .append(Page.n(e.initialStack())).append(" | ").append(Page.n(e.stackGuard())).append(" | ")
                    .append(Page.n(e.maxStack())).append(" | ").append(Page.n(e.shrinkSlack())).append(" | ")
                    .append(cell(p.description())).append(" | ").append(cell(p.source())).append(" |\n");
        }
        s.append("\nSizes in bytes, linux/amd64. Each engine uses the fields that apply to it; a profile can be"
                + " applied to any engine (`--profile`).\n");
        return s.toString();
    }

    private static String picture(Diagrams.Picture p) {
        return "*" + p.caption() + "*\n\n```text\n" + p.drawing() + "```\n\n<details><summary>the program it ran"
                + "</summary>\n\n```\n" + p.program() + "```\n\n</details>\n";
    }

    /** A link to the class that enforces the invariant, from a file {@code prefix} away from the root. */
    public static String checkLink(Invariant i, String prefix) {
        Class<?> c = i.enforcedBy();
        return "[`" + c.getSimpleName() + "`](" + prefix + "core/src/main/java/" + c.getName().replace('.', '/') + ".java)";
    }

    private static String cell(String c) {
        return c.replace("|", "\\|").replace("\n", " ");
    }

    /**
     * SPEC.md's text with every generated block replaced by what the code generates today. The first time,
     * the placeholder lines INVARIANTS-TABLE and PROFILES-TABLE become marked blocks.
     *
     * @throws IllegalArgumentException when a block's markers are missing or out of order
     */
    public static String update(String spec) {
        String text = spec.replace("\nINVARIANTS-TABLE\n", "\n" + begin("invariants") + "\n" + end("invariants") + "\n")
                .replace("\nPROFILES-TABLE\n", "\n" + begin("profiles") + "\n" + end("profiles") + "\n");
        for (Map.Entry<String, String> b : blocks().entrySet()) {
            text = replace(text, b.getKey(), b.getValue());
        }
        return text;
    }

    /** The names of generated blocks whose content in {@code spec} differs from today's, or is missing. */
    public static List<String> stale(String spec) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> b : blocks().entrySet()) {
            String have = content(spec, b.getKey());
            if (have == null || !have.equals(b.getValue())) {
                out.add(b.getKey());
            }
        }
        return out;
    }

    /** The text between a block's markers, or null when they are missing. */
    public static String content(String spec, String name) {
        String b = begin(name);
        String e = end(name);
        int i = spec.indexOf(b);
        int j = spec.indexOf(e);
        if (i < 0 || j < i) {
            return null;
        }
        return spec.substring(i + b.length() + 1, j);
    }

    private static String replace(String text, String name, String content) {
        String b = begin(name);
        String e = end(name);
        int i = text.indexOf(b);
        int j = text.indexOf(e);
        if (i < 0 || j < i || text.indexOf(b, i + 1) >= 0) {
            throw new IllegalArgumentException("SPEC.md needs exactly one pair of markers " + b + " ... " + e);
        }
        return text.substring(0, i + b.length()) + "\n" + content + text.substring(j);
    }

    /** Rewrites the generated blocks of the SPEC.md under {@code root}; returns true when it changed. */
    public static boolean write(Path root) throws IOException {
        Path p = root.resolve(SPEC);
        String old = Files.readString(p, StandardCharsets.UTF_8);
        String neu = update(old);
        if (neu.equals(old)) {
            return false;
        }
        Files.writeString(p, neu, StandardCharsets.UTF_8);
        return true;
    }
}

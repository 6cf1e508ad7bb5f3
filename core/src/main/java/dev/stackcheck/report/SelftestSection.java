package dev.stackcheck.report;

import dev.stackcheck.gen.Selftest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The selftest: every deliberately wrong engine of the fault catalogue, whether the random properties and
 * the example scenarios caught it, by which invariant, and how short the counterexample was shrunk. It is
 * the evidence that each check can fail. Timings are left out (they vary from run to run).
 */
public final class SelftestSection implements Section {

    private static final Pattern INVARIANT = Pattern.compile("\\(([A-Z]+-\\d+)\\)");

    private final Selftest.Report report;
    private final String command;

    /**
     * @param report  the selftest's report
     * @param command how it was run (Markdown)
     */
    public SelftestSection(Selftest.Report report, String command) {
        this.report = report;
        this.command = command;
    }

    @Override
    public String title() {
        return "Selftest: the checks catch deliberately wrong engines";
    }

    /** For each invariant ID, the faults it caught, by the random properties or by an example scenario. */
    public static Map<String, List<String>> caughtBy(Selftest.Report report) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Selftest.FaultResult f : report.faults()) {
            java.util.Set<String> ids = new java.util.TreeSet<>();
            if (f.caught() && f.invariant() != null) {
                ids.add(f.invariant());
            }
            for (String s : f.scenarios()) {
                Matcher m = INVARIANT.matcher(s);
                if (m.find()) {
                    ids.add(m.group(1));
                }
            }
            for (String id : ids) {
                out.computeIfAbsent(id, k -> new ArrayList<>()).add(f.id());
            }
        }
        return out;
    }

    @Override
    public void render(Page page) {
        page.text(command + " runs each fault of the catalogue (`dev.stackcheck.faults`: a reference"
                + " engine with one mechanism deliberately broken) against the random properties (at most "
                + Page.n(report.tries()) + " programs from seed " + report.seed() + ", the first failure shrunk)"
                + " and against the " + report.scenarioNames().size() + " example scenarios. A failure counts only"
                + " when the reference engine passes the same program. **" + report.caught() + " of " + report.total()
                + "** faults are caught by the random properties, " + report.caughtByScenarios() + " by the example"
                + " scenarios alone, " + report.caughtByEither() + " by one or the other.");
        List<List<String>> rows = new ArrayList<>();
        for (Selftest.FaultResult f : report.faults()) {
            Map<String, Integer> byInv = new LinkedHashMap<>();
            for (String s : f.scenarios()) {
                Matcher m = INVARIANT.matcher(s);
                byInv.merge(m.find() ? m.group(1) : "?", 1, Integer::sum);
            }
            List<String> sc = new ArrayList<>();
            byInv.forEach((k, v) -> sc.add(k + " x" + v));
            rows.add(List.of("`" + f.id() + "`", f.base(), f.expectedInvariant(),
                    f.caught() ? f.invariant() : "**not caught**", Page.n(f.tries()),
                    f.caught() ? f.counterexampleOps() + " / " + f.minimalOps() : "- / " + f.minimalOps(),
                    sc.isEmpty() ? "none" : String.join(", ", sc)));
        }
        page.table(List.of("fault", "engine", "expected", "caught by", "tries", "counterexample / minimal statements",
                "example scenarios that catch it (invariant x scenarios)"), rows);
    }
}

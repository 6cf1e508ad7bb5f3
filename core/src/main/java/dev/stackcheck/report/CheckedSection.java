package dev.stackcheck.report;

import java.util.ArrayList;
import java.util.List;

/** What was checked: the suite's version, the engines and profiles, and every run behind this report. */
public final class CheckedSection implements Section {

    /** One engine of the registry. */
    public record Engine(String name, String description, String defaultProfile) {}

    private final String version;
    private final List<Engine> engines;
    private final List<String> runs;
    private final Ledger ledger;

    /**
     * @param version the suite's version
     * @param engines the engines that ran
     * @param runs    one Markdown line per source of runs (the standard check run with its seed and tries,
     *                the experiments, ...)
     * @param ledger  the lock-step runs, counted
     */
    public CheckedSection(String version, List<Engine> engines, List<String> runs, Ledger ledger) {
        this.version = version;
        this.engines = List.copyOf(engines);
        this.runs = List.copyOf(runs);
        this.ledger = ledger;
    }

    @Override
    public String title() {
        return "What was checked";
    }

    @Override
    public void render(Page page) {
        page.text("stackcheck **" + version + "**, the reference engines with their default profiles"
                + " ([SPEC.md section 5](../specs/SPEC.md#5-profiles) lists every profile):");
        List<List<String>> rows = new ArrayList<>();
        for (Engine e : engines) {
            rows.add(List.of("`" + e.name() + "`", e.description(), e.defaultProfile()));
        }
        page.table(List.of("engine", "what it is", "default profile"), rows);
        page.text("The runs behind this report (" + Page.n(ledger.runs()) + " lock-step runs, "
                + Page.n(ledger.statements()) + " statements, every invariant checked after every statement):");
        page.bullets(runs);
    }
}

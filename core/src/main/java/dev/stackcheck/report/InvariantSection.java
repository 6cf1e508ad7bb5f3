package dev.stackcheck.report;

import dev.stackcheck.check.Invariant;
import dev.stackcheck.check.Violation;
import dev.stackcheck.engine.StackKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The invariant catalogue with each invariant's status in this report's runs and the check that enforces
 * it. The status says what was checked: held on every lock-step run the report made, broken (with the
 * count), or not exercised (no engine of a kind it applies to ran); and, when the selftest's results are
 * given, the deliberately wrong engines it caught, which shows the check can fail.
 */
public final class InvariantSection implements Section {

    private final Ledger ledger;
    private final Map<String, List<String>> caughtBy;

    /**
     * @param ledger   every lock-step run of the report
     * @param caughtBy for each invariant ID, the faults (wrong engines) the selftest saw it catch; empty when
     *                 the selftest did not run
     */
    public InvariantSection(Ledger ledger, Map<String, List<String>> caughtBy) {
        this.ledger = ledger;
        this.caughtBy = Map.copyOf(caughtBy);
    }

    @Override
    public String title() {
        return "Invariant catalogue";
    }

    /** The status cell of one invariant. */
    public String status(Invariant inv) {
        long broken = ledger.violations().stream().filter(v -> v.invariant() == inv).count();
        if (broken > 0) {
            return "**BROKEN** in " + broken + " run" + (broken == 1 ? "" : "s");
        }
        Set<StackKind> ran = ledger.kinds();
        ran.retainAll(inv.kinds());
        if (ran.isEmpty()) {
            return "not exercised";
        }
        return "held in all " + Page.n(ledger.runs()) + " runs";
    }

    @Override
    public void render(Page page) {
        page.text("Every invariant below was checked after every statement of every lock-step run this report"
                + " made (" + Page.n(ledger.runs()) + " runs of the runner, " + Page.n(ledger.statements())
                + " statements, each checked on every engine of its run). The statements are those of"
                + " [SPEC.md](../specs/SPEC.md#4-invariant-catalogue); the column *enforced by* names the class"
                + " in `dev.stackcheck.check` that checks it."
                + (caughtBy.isEmpty() ? "" : " The last column lists the deliberately wrong engines of the"
                + " selftest that the invariant caught: the evidence that the check can fail."));
        List<String> header = new ArrayList<>(List.of("ID", "invariant", "applies to", "enforced by", "status"));
        if (!caughtBy.isEmpty()) {
            header.add("caught in the selftest");
        }
        List<List<String>> rows = new ArrayList<>();
        for (Invariant inv : Invariant.values()) {
            List<String> row = new ArrayList<>(List.of("**" + inv.id() + "**", inv.title() + ": " + inv.statement(),
                    kinds(inv.kinds()), SpecDoc.checkLink(inv, "../"), status(inv)));
            if (!caughtBy.isEmpty()) {
                List<String> faults = caughtBy.getOrDefault(inv.id(), List.of());
                row.add(faults.isEmpty() ? "none" : faults.stream().map(f -> "`" + f + "`")
                        .collect(Collectors.joining(", ")));
            }
            rows.add(row);
        }
        page.table(header, rows);
        List<Violation> vs = ledger.violations();
        if (!vs.isEmpty()) {
            page.text("**Violations:**");
            for (Violation v : vs) {
                page.code(v.explain());
            }
        }
    }

    static String kinds(Set<StackKind> kinds) {
        if (kinds.size() == StackKind.values().length) {
            return "every engine";
        }
        return kinds.stream().map(k -> k.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}

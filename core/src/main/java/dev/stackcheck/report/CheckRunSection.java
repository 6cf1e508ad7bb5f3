package dev.stackcheck.report;

import dev.stackcheck.engine.Counter;
import dev.stackcheck.gen.CheckSession;
import dev.stackcheck.gen.CheckReport;
import dev.stackcheck.gen.CheckFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The standard check run ({@code ./stackcheck check} with its default seed and tries): what ran, its
 * verdict, and the coverage of its events, as the share of programs in which some engine met each one. A
 * low share names a mechanism the random programs rarely reach.
 */
public final class CheckRunSection implements Section {

    private final CheckReport run;
    private final String command;

    /**
     * @param run     the session's report
     * @param command the command line that reproduces it
     */
    public CheckRunSection(CheckReport run, String command) {
        this.run = run;
        this.command = command;
    }

    @Override
    public String title() {
        return "Coverage of a standard check run";
    }

    @Override
    public void render(Page page) {
        page.text("`" + command + "`: " + Page.n(run.programs()) + " random programs drawn from seed "
                + run.seed() + ", run in lock step on the specification and " + run.engines().size() + " engine"
                + " targets (" + String.join(", ", run.engines().stream().map(e -> "`" + e + "`").toList())
                + "): " + Page.n(run.ops()) + " statements, " + Page.n(run.engineOps()) + " engine statements,"
                + " every invariant checked after every one. Verdict: **" + (run.ok() ? "ok, every invariant held"
                : "VIOLATION (" + run.failures().size() + ")") + "**. In a try whose program declares `nomap`"
                + " layouts, the copying targets, which refuse it, run a second program drawn without them.");
        if (!run.skipped().isEmpty()) {
            List<String> s = new ArrayList<>();
            run.skipped().forEach((k, v) -> {
                if (v > 0) {
                    s.add("`" + k + "` ran no program in " + Page.n(v) + " tries: it refused them");
                }
            });
            if (!s.isEmpty()) {
                page.bullets(s);
            }
        }
        List<List<String>> rows = new ArrayList<>();
        Map<String, Double> share = run.coverage();
        for (Counter counter : CheckSession.COVERAGE_EVENTS) {
            String event = counter.key();
            rows.add(List.of(event, meaning(event), Page.n(run.coverageCounts().getOrDefault(event, 0L)),
                    String.format(Locale.ROOT, "%.0f%%", 100 * share.getOrDefault(event, 0.0))));
        }
        page.table(List.of("event", "what happened", "programs", "share of programs"), rows);
        for (CheckFailure f : run.failures()) {
            page.code(f.message(run.seed()));
        }
    }

    static String meaning(String event) {
        switch (event) {
            case "split":
                return "morestack: a new segment";
            case "lessstack":
                return "a return through lessstack";
            case "cacheHit":
                return "a split served by the cached segment";
            case "grow":
                return "a growth copy";
            case "shrink":
                return "a shrinking copy at gc";
            case "hybridFallback":
                return "a hybrid split because of a nomap frame";
            case "deferAdjusted":
                return "a copy that adjusted a defer record";
            case "bigFrame":
                return "a split for a frame bigger than a segment";
            case "overflow":
                return "a stack overflow at the limit";
            default:
                return "";
        }
    }
}

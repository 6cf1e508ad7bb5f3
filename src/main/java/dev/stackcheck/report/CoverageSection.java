package dev.stackcheck.report;

import dev.stackcheck.check.Coverage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The structural events a set of runs (the example programs) exercised, per engine: how much of each mechanism (split,
 * lessstack, cache, copy, shrink, hybrid fallback, defer adjustment, big frames, overflow) the checks saw.
 * A zero in a row that applies to an engine is a gap in the run, shown as such.
 */
public final class CoverageSection implements Section {

    /** One engine's events, summed over the run. */
    public record Row(String engine, Coverage coverage) {}

    private final String description;
    private final List<Row> rows;

    /**
     * @param description what the run was (Markdown: command, seed, tries, programs)
     * @param rows        one row per engine
     */
    public CoverageSection(String description, List<Row> rows) {
        this.description = description;
        this.rows = List.copyOf(rows);
    }

    @Override
    public String title() {
        return "Events in the example programs";
    }

    @Override
    public void render(Page page) {
        page.text(description);
        List<String> header = new ArrayList<>();
        header.add("event");
        for (Row r : rows) {
            header.add(r.engine());
        }
        List<List<String>> table = new ArrayList<>();
        add(table, "morestack splits", Coverage::split);
        add(table, "lessstack returns", Coverage::lessstack);
        add(table, "splits served by the cached segment", Coverage::cacheHit);
        add(table, "splits for a frame bigger than a segment", Coverage::bigFrame);
        add(table, "growth copies", Coverage::grow);
        add(table, "shrinking copies", Coverage::shrink);
        add(table, "copies that adjusted a defer record", Coverage::deferAdjusted);
        add(table, "hybrid fallbacks to a split (nomap frame)", Coverage::hybridFallback);
        add(table, "stack overflows", Coverage::overflow);
        add(table, "regions allocated", Coverage::alloc);
        add(table, "regions freed", Coverage::free);
        page.table(header, table);
    }

    private void add(List<List<String>> table, String name, ToLongFunction<Coverage> f) {
        List<String> row = new ArrayList<>();
        row.add(name);
        for (Row r : rows) {
            row.add(Page.n(f.applyAsLong(r.coverage())));
        }
        table.add(row);
    }
}

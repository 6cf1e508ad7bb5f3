package dev.stackcheck.report;

import dev.stackcheck.check.Coverage;
import dev.stackcheck.engine.Counter;
import java.util.ArrayList;
import java.util.List;

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
        add(table, "morestack splits", Counter.SPLIT);
        add(table, "lessstack returns", Counter.LESSSTACK);
        add(table, "splits served by the cached segment", Counter.CACHE_HIT);
        add(table, "splits for a frame bigger than a segment", Counter.BIG_FRAME);
        add(table, "growth copies", Counter.GROW);
        add(table, "shrinking copies", Counter.SHRINK);
        add(table, "copies that adjusted a defer record", Counter.DEFER_ADJUSTED);
        add(table, "hybrid fallbacks to a split (nomap frame)", Counter.HYBRID_FALLBACK);
        add(table, "stack overflows", Counter.OVERFLOW);
        add(table, "regions allocated", Counter.ALLOC);
        add(table, "regions freed", Counter.FREE);
        page.table(header, table);
    }

    private void add(List<List<String>> table, String name, Counter counter) {
        List<String> row = new ArrayList<>();
        row.add(name);
        for (Row r : rows) {
            row.add(Page.n(r.coverage().get(counter)));
        }
        table.add(row);
    }
}

package dev.stackcheck.report;

/**
 * One section of reports/index.md. A section is handed the data it shows when it is made (a run's
 * result, a table of faults, ...) and only renders: it runs nothing, so every section can be tested on
 * data made up for the test, and a new source of results (a branch that lands) adds one section.
 */
public interface Section {

    /** The section's heading (without the ##). */
    String title();

    /** Writes the section's body (text, tables, charts) to the page. */
    void render(Page page);
}

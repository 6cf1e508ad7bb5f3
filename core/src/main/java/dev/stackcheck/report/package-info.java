/**
 * The reports: experiments run through the lock-step runner, small {@link dev.stackcheck.report.Section}s
 * that render them as Markdown with SVG charts ({@link dev.stackcheck.report.LineChart}), and the generated
 * parts of specs/SPEC.md ({@link dev.stackcheck.report.SpecDoc}).
 */
package dev.stackcheck.report;

/**
 * The command line (picocli): {@code run}, {@code check}, {@code explore}, {@code selftest},
 * {@code report}. Exit status 0 when everything held, 1 when an invariant broke, 2 for bad input or usage.
 */
package dev.stackcheck.cli;

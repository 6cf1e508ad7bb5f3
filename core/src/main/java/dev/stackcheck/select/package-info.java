/**
 * How the command line names engines, in one place: what a {@code --engine} value selects (registry names,
 * {@code all}, {@code fault:ID}, outside engines) and the replay command that names a setup again.
 */
package dev.stackcheck.select;

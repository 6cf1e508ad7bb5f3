package dev.stackcheck.check;

/**
 * An engine that did not run the program because it refused it (for example a copying engine and a
 * program with a {@code nomap} layout).
 */
public record Skipped(String name, String reason) {}

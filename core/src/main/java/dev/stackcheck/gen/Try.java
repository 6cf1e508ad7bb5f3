package dev.stackcheck.gen;

import dev.stackcheck.check.Coverage;
import dev.stackcheck.check.Violation;
import java.util.List;

/**
 * One try, what the session adds up: a random program run on every target, and a second program without
 * {@code nomap} layouts for the targets that refused the first because of them ({@link TryRunner}).
 * {@code steps} are the specification's statements of the first program; {@code engineOps} and {@code met}
 * sum both; {@code skipped} names the targets that ran neither. Each violation is kept with the program that
 * broke it (shrunk later); {@code error} is what a draw or a run threw.
 */
record Try(long number, long seed, long steps, long engineOps, Coverage met, List<String> skipped,
           List<Found> found, Throwable error) {

    /** A violation and the draw whose program broke it. */
    record Found(Violation violation, Draw draw) {}

    boolean failed() {
        return error != null || !found.isEmpty();
    }
}

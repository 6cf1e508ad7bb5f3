package dev.stackcheck.gen;

import dev.stackcheck.check.Coverage;
import dev.stackcheck.check.Violation;
import java.util.List;

/**
 * One random program run on every target: what the session adds up. {@code generated} is kept only
 * when the program failed (it is shrunk later); {@code error} is what the draw or the run threw.
 */
record Try(long number, long seed, ProgramGenerator.Generated generated, long steps,
           long engineOps, Coverage met, List<String> skipped, List<Violation> violations,
           Throwable error) {

    boolean failed() {
        return error != null || !violations.isEmpty();
    }
}

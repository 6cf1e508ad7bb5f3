package dev.stackcheck.gen;

import dev.stackcheck.check.Violation;
import dev.stackcheck.program.Printer;
import dev.stackcheck.program.Program;
import java.nio.file.Path;

/**
 * One failure: the invariant an engine broke, the program that broke it and the shrunk program.
 *
 * @param signature   {@code ID target}, the failure kept while shrinking (e.g. {@code PTR-1 copying})
 * @param target      the engine that broke it
 * @param violation   the violation of the shrunk program, with the stack drawn before and after
 * @param original    the program first found failing
 * @param program     the shrunk program
 * @param programSeed the seed the original was drawn from, or null when it came from a saved file
 * @param withoutNomap true when the original is a try's second draw, without {@code nomap} layouts, for the
 *                    targets that refused the try's first program
 * @param tryNumber   the program's number in the unsharded sequence (-1 for a saved file)
 * @param shrink      the shrink's outcome, or null when it was not shrunk
 * @param savedTo     the .stk file it was saved to, or null
 * @param source      the saved file it was read from, or null
 * @param saveError   why it could not be saved (the folder cannot be written, say), or null
 */
public record CheckFailure(String signature, CheckTarget target, Violation violation, Program original, Program program,
                           Long programSeed, boolean withoutNomap, long tryNumber, Shrinker.Result shrink,
                           Path savedTo, Path source, String saveError) {

    /** The invariant's ID, e.g. {@code PTR-1}. */
    public String invariant() {
        return violation.id();
    }

    /**
     * Why the shrink stopped before a fixpoint, with the option that raises its bound; null when it
     * did not stop early.
     */
    public String shrinkStop() {
        if (shrink == null || !shrink.stoppedEarly()) {
            return null;
        }
        return "shrinking stopped early at its bound of " + shrink.oracleCalls()
                + " runs or its time bound, before the smallest program (--shrink-runs and --shrink-time raise"
                + " them)";
    }

    /** Where a drawn original came from: its number, its seed, and whether it was the try's second draw. */
    private String origin() {
        return "program " + tryNumber + ", program seed " + programSeed
                + (withoutNomap ? ", drawn again without nomap layouts" : "");
    }

    /** The command that replays the shrunk program ({@code FILE} when it was not saved). */
    public String replayCommand() {
        return target.replayCommand(savedTo != null ? savedTo.toString() : "FILE");
    }

    /** The shrunk program as a .stk file: comments saying what broke and how to replay, then the program. */
    public String stk(long sessionSeed) {
        return stk(sessionSeed, savedTo != null ? savedTo.toString() : "FILE");
    }

    /** As {@link #stk(long)}, for a copy written to {@code file} (the replay comment names it). */
    public String stk(long sessionSeed, String file) {
        StringBuilder s = new StringBuilder();
        s.append("# stackcheck counterexample: ").append(violation.id()).append(" broken by ")
                .append(target.name()).append('\n');
        s.append("# ").append(violation.summary().replace('\n', ' ')).append('\n');
        if (programSeed != null) {
            s.append("# found by check --seed ").append(sessionSeed).append(" (").append(origin()).append(")\n");
        } else if (source != null) {
            s.append("# from ").append(source).append('\n');
        }
        s.append("# replay: ").append(target.replayCommand(file)).append('\n');
        s.append(Printer.print(program));
        return s.toString();
    }

    /**
     * What a failing property prints: the invariant, the shrunk program, the stack before and after the
     * failing statement, the seed and the replay command.
     */
    public String message(long sessionSeed) {
        StringBuilder s = new StringBuilder();
        s.append(violation.id()).append(" (").append(violation.invariant().title()).append(") broken by ")
                .append(target.name()).append(": ").append(violation.invariant().statement()).append('\n');
        s.append(violation.summary()).append("\n\n");
        s.append("shrunk program (").append(program.length()).append(" statements");
        if (shrink != null) {
            s.append(", from ").append(original.length()).append("; ").append(shrink.oracleCalls())
                    .append(" runs").append(shrink.stoppedEarly() ? ", " + shrinkStop() : "");
        }
        s.append("):\n").append(Printer.print(program));
        if (!violation.before().isEmpty()) {
            s.append("\nbefore `").append(violation.statementText()).append("`:\n").append(violation.before());
        }
        if (!violation.after().isEmpty()) {
            s.append("\nafter `").append(violation.statementText()).append("`:\n").append(violation.after());
        }
        s.append('\n');
        if (programSeed != null) {
            s.append("seed ").append(sessionSeed).append(" (").append(origin()).append(")\n");
        } else if (source != null) {
            s.append("saved failure ").append(source).append('\n');
        }
        s.append("replay: ").append(replayCommand()).append('\n');
        return s.toString();
    }
}

package dev.stackcheck.check;

import dev.stackcheck.program.Pos;

/**
 * One broken invariant: which, by which engine, at which statement, what broke (Go style: what, with
 * the values and addresses in hex), and that engine's stack drawn just before and just after the
 * statement.
 *
 * @param invariant     the invariant that broke
 * @param engine        the engine's name
 * @param step          how many statements ran before this one (0-based); for a check at the end of the
 *                      run, the number of statements run
 * @param statement     the statement's preorder number, or -1 for the start or the end of the run
 * @param pos           where the statement stands in the program ({@link Pos#UNKNOWN} for start/end)
 * @param statementText the statement as printed, or "(start)" / "(end of run)"
 * @param message       what broke
 * @param before        the engine's stack diagram before the statement ("" when not drawn)
 * @param after         the engine's stack diagram after the statement ("" when not drawn)
 */
public record Violation(Invariant invariant, String engine, long step, int statement, Pos pos,
                        String statementText, String message, String before, String after) {

    /** The invariant's stable ID, for example {@code PTR-1}. */
    public String id() {
        return invariant.id();
    }

    /** One line: ID, engine, step, position, statement, message. */
    public String summary() {
        return invariant.id() + " " + engine + " step " + step + " at " + pos + " `" + statementText + "`: "
                + message;
    }

    /** The summary and both diagrams. */
    public String explain() {
        StringBuilder s = new StringBuilder(summary()).append('\n');
        s.append("  invariant ").append(invariant.id()).append(": ").append(invariant.statement()).append('\n');
        if (!before.isEmpty()) {
            s.append("\nbefore `").append(statementText).append("`:\n").append(before);
        }
        if (!after.isEmpty()) {
            s.append("\nafter `").append(statementText).append("`:\n").append(after);
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}

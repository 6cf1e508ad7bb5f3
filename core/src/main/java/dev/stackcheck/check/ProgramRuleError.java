package dev.stackcheck.check;

import dev.stackcheck.program.Pos;

/**
 * The program broke a rule of the specification at a statement: bad input, not an engine failure. The
 * command line prints {@code line:column: reason} and exits 2.
 */
public final class ProgramRuleError extends RuntimeException {
    private final Pos pos;
    private final String statementText;
    private final String reason;

    public ProgramRuleError(Pos pos, String statementText, String reason) {
        super(pos + ": " + reason + " (" + statementText + ")", null, false, false);
        this.pos = pos;
        this.statementText = statementText;
        this.reason = reason;
    }

    public Pos pos() {
        return pos;
    }

    public String statementText() {
        return statementText;
    }

    public String reason() {
        return reason;
    }
}

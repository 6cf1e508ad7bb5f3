package dev.stackcheck.program;

/** A malformed .stk text: the message names the line and column. */
public final class ParseError extends RuntimeException {
    private final Pos pos;
    private final String reason;

    public ParseError(Pos pos, String reason) {
        super(pos.line() + ":" + pos.column() + ": " + reason, null, false, false);
        this.pos = pos;
        this.reason = reason;
    }

    public Pos pos() {
        return pos;
    }

    public String reason() {
        return reason;
    }
}

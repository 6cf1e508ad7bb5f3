package dev.stackcheck.program;

/** A position in a .stk text: line and column, both counted from 1. */
public record Pos(int line, int column) {
    public static final Pos UNKNOWN = new Pos(0, 0);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}

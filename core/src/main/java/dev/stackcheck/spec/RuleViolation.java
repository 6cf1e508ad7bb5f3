package dev.stackcheck.spec;

/**
 * A program broke a rule of the specification at some statement (nil pointer, slot out of range, a
 * target that is not a scalar slot, a statement after the final ret, ...). That is bad input, not an
 * engine failure: the command line reports it with the statement's line and column and exits 2.
 */
public final class RuleViolation extends RuntimeException {
    public RuleViolation(String message) {
        super(message, null, false, false);
    }
}

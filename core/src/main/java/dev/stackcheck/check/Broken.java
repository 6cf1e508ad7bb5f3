package dev.stackcheck.check;

/** Thrown inside a check when an invariant does not hold; the runner turns it into a {@link Violation}. */
final class Broken extends RuntimeException {
    final Invariant invariant;
    /** the frame the violation is about, or -1 */
    final int frame;

    Broken(Invariant invariant, int frame, String message) {
        super(message, null, false, false);
        this.invariant = invariant;
        this.frame = frame;
    }
}

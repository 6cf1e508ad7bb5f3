package dev.stackcheck.engine;

/**
 * Thrown by a statement when the stack would grow past the engine's limit. The message is Go's:
 * {@code stack overflow: goroutine stack exceeds N-byte limit}.
 */
public final class StackOverflow extends RuntimeException {
    private final long limit;
    private final long needed;

    public StackOverflow(long limit, long needed) {
        super("stack overflow: goroutine stack exceeds " + limit + "-byte limit", null, false, false);
        this.limit = limit;
        this.needed = needed;
    }

    public long limit() {
        return limit;
    }

    /** the stack size the engine would have needed */
    public long needed() {
        return needed;
    }
}

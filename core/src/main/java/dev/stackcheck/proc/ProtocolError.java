package dev.stackcheck.proc;

/** A line an outside engine wrote that is not the protocol's; the message says which and why. */
public final class ProtocolError extends RuntimeException {
    public ProtocolError(String message) {
        super(message, null, false, false);
    }
}

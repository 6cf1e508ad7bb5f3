package dev.stackcheck.cli;

/** Bad input or usage: reported on standard error as one message, exit status 2. */
final class BadInput extends RuntimeException {
    BadInput(String message) {
        super(message, null, false, false);
    }
}

package dev.stackcheck.check;

import dev.stackcheck.engine.Code;

/** Formatting of addresses and code words for messages and diagrams. */
final class Hex {
    private Hex() {
    }

    static String of(long v) {
        return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
    }

    /** A return-address word: its code name when it is one. */
    static String code(long v) {
        if (v == Code.RETURN_PC) {
            return "RETURN_PC";
        } else if (v == Code.GOEXIT_PC) {
            return "GOEXIT_PC";
        } else if (v == Code.LESSSTACK_PC) {
            return "LESSSTACK_PC";
        }
        return of(v);
    }
}

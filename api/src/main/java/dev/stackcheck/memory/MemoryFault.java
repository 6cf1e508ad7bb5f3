package dev.stackcheck.memory;

/**
 * A stray access to the simulated memory: an address in no live region, in a freed region, misaligned,
 * or a free of something that is not a live region. The checker reports it as invariant MEM-1 or MEM-2.
 */
public final class MemoryFault extends RuntimeException {

    /** What kind of stray access this was. */
    public enum Kind {
        /** the address is in no region that was ever allocated */
        UNMAPPED,
        /** the address is in a region that has been freed (use after free) */
        FREED,
        /** the address is not a multiple of 8 */
        MISALIGNED,
        /** a free of a region that is not live */
        BAD_FREE
    }

    private final Kind kind;
    private final long address;

    public MemoryFault(Kind kind, long address, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.address = address;
    }

    public Kind kind() {
        return kind;
    }

    public long address() {
        return address;
    }
}

package dev.stackcheck.engine;

/**
 * The code addresses that engines write as return addresses. They lie below the first stack address,
 * in the simulated text segment, so no stack pointer can equal one of them.
 */
public final class Code {
    /** where frame 0 returns: goexit, the end of the goroutine */
    public static final long GOEXIT_PC = 0x1000;
    /** where an ordinary frame returns: its caller's code */
    public static final long RETURN_PC = 0x2000;
    /** where the first frame of a split segment returns: lessstack, which switches back to the previous segment */
    public static final long LESSSTACK_PC = 0x3000;
    /**
     * bytes of a stack-info record: previous segment, saved stack pointer, real return address
     *
     * @deprecated the record is the stack segment's: use {@link StackView.StackSegment#RECORD_BYTES} (kept so
     *     that engines compiled against 0.1.0 keep compiling; CHANGELOG.md)
     */
    @Deprecated(since = "0.1.1")
    public static final long RECORD_BYTES = StackView.StackSegment.RECORD_BYTES;

    private Code() {
    }
}

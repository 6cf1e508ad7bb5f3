package dev.stackcheck.engine;

import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;
import java.util.List;

/**
 * An engine's bookkeeping as the checker reads it: where each frame is, which regions hold the stack,
 * and the defer records kept off the stack. The contents of frames are read from memory, never from here.
 *
 * <p>Frames are numbered from the bottom: frame 0 is the goroutine's entry frame and {@code depth()-1}
 * is the top.
 */
public interface StackView {

    /** Number of live frames. */
    int depth();

    /** The layout of frame {@code frame}. */
    Layout layout(int frame);

    /** The lowest address of frame {@code frame}: its slot 0 (its stack pointer while it is on top). */
    long frameAddress(int frame);

    /** Address of slot {@code slot} of frame {@code frame}. */
    default long slotAddress(int frame, int slot) {
        return frameAddress(frame) + 8L * slot;
    }

    /** Number of live defer records, across all frames. */
    int deferCount();

    /** Defer record {@code i}, in the order they were made (so a frame's records run from the last). */
    DeferRecord defer(int i);

    /**
     * The regions that hold the stack, oldest first, with the frames each holds. A contiguous stack has
     * one; a segmented stack has one per segment in the chain.
     */
    List<StackSegment> segments();

    /** The segment kept for the next split, or null. */
    Region cachedSegment();

    /** A defer record: a store of {@code value} through {@code pointer}, made by frame {@code frame}. */
    record DeferRecord(int frame, long pointer, long value) {}

    /**
     * One region of the stack. Frames {@code [firstFrame, endFrame)} lie in it. {@code record} is the
     * address of its stack-info record (three words: previous segment's lo, saved stack pointer, real
     * return address), at the top of the region, or -1 when the stack keeps no record (a copying stack).
     */
    record StackSegment(Region region, int firstFrame, int endFrame, long record) {
        /**
         * Bytes of a stack-info record: three words, the previous segment's lo, the saved stack pointer and the
         * real return address; a segment's record is the top {@code RECORD_BYTES} of its region.
         */
        public static final long RECORD_BYTES = 24;

        public boolean hasRecord() {
            return record >= 0;
        }
    }
}

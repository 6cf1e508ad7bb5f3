package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stackcheck.engine.Code;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.memory.Region;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Drawings of snapshots made by hand, for the shapes a capture of a sound engine never produces (a frame
 * range with hidden frames at both ends, a base record with one word set, links that cross): each drawing
 * is compared whole.
 */
class SnapshotDrawingTest {

    static final Region R0 = new Region(0, 0x10000, 0x10100, "segment");
    static final Region R1 = new Region(1, 0x20000, 0x20100, "segment");
    static final Region R2 = new Region(2, 0x30000, 0x30100, "segment");

    static Snapshot.Frame frame(int index, long address, long ret) {
        return new Snapshot.Frame(index, "f", 1, false, address, 16, ret, List.of(new Snapshot.Slot(0, false, 7L, null)),
                0);
    }

    static Snapshot snap(int depth, int segmentCount, List<Snapshot.Segment> segs) {
        return new Snapshot("t", StackKind.SEGMENTED, depth, segmentCount, segs, null, 0, List.of(), List.of());
    }

    static void pin(String expected, Snapshot s) {
        String got = StackDiagram.render(s);
        if (expected.equals("?")) {
            System.out.println("ACTUAL " + new Throwable().getStackTrace()[1].getMethodName() + "\n" + got);
        }
        assertEquals(expected, got);
    }

    /** one segment of several kept, without a record: a segment, not a contiguous stack */
    @Test
    void oneSegmentKeptOfTwoIsNotAContiguousStack() {
        pin("""
                t (segmented): 3 frames, 2 segments, 0 defer records

                segment 1: segment #1 [0x20000, 0x20100) 256 bytes, frame 2
                  +------------------------------------------+ 0x20000 lo
                  | unused: 240 bytes                        |
                  +------------------------------------------+ 0x200f0 sp
                  | frame 2 f (16 bytes)                     |
                  |   slot 0 = 7                             |
                  |   return RETURN_PC                       |
                  +------------------------------------------+ 0x20100 hi
                """, snap(3, 2, List.of(new Snapshot.Segment(1, R1, true, -1, List.of(), 2, 3,
                List.of(frame(2, 0x200f0, Code.RETURN_PC))))));
    }

    /** frames hidden above and below the frames kept, in a segment whose first frame is not 0 */
    @Test
    void hiddenFramesAtBothEnds() {
        pin("""
                t (segmented): 9 frames, 1 segment, 0 defer records

                stack: segment #0 [0x10000, 0x10100) 256 bytes, frames 2..8
                  +------------------------------------------+ 0x10000 lo
                  | unused space and newer frames            |
                  +------------------------------------------+
                  | ... 3 frames (6..8) ...                  |
                  +------------------------------------------+ 0x100a0
                  | frame 5 f (16 bytes)                     |
                  |   slot 0 = 7                             |
                  |   return RETURN_PC                       |
                  +------------------------------------------+
                  | ... 3 frames (2..4) ...                  |
                  +------------------------------------------+ 0x10100 hi
                """, snap(9, 1, List.of(new Snapshot.Segment(0, R0, true, -1, List.of(), 2, 9,
                List.of(frame(5, 0x100a0, Code.RETURN_PC))))));
        pin("""
                t (segmented): 5 frames, 1 segment, 0 defer records

                stack: segment #0 [0x10000, 0x10100) 256 bytes, frames 3..4
                  +------------------------------------------+ 0x10000 lo
                  | unused: 240 bytes                        |
                  +------------------------------------------+ 0x100f0 sp
                  | frame 4 f (16 bytes)                     |
                  |   slot 0 = 7                             |
                  |   return RETURN_PC                       |
                  +------------------------------------------+
                  | ... 1 frame (3) ...                      |
                  +------------------------------------------+ 0x10100 hi
                """, snap(5, 1, List.of(new Snapshot.Segment(0, R0, true, -1, List.of(), 3, 5,
                List.of(frame(4, 0x100f0, Code.RETURN_PC))))));
    }

    /** a stack without frames or record (after the final ret): all of it unused */
    @Test
    void anEmptyStack() {
        assertEquals(true, StackDiagram.render(new Snapshot("t", StackKind.COPYING, 0, 1, List.of(
                new Snapshot.Segment(0, R0, true, -1, List.of(), 0, 0, List.of())), null, 0, List.of(), List.of()))
                .contains("| unused: 256 bytes "));
    }

    /** a base record is drawn as the end of the chain only when all three words are 0 */
    @Test
    void aBaseRecordWithOneWordSet() {
        pin("""
                t (segmented): 1 frame, 1 segment, 0 defer records

                segment 0 (base): segment #0 [0x10000, 0x10100) 256 bytes, frame 0
                  +------------------------------------------+ 0x10000 lo
                  | unused: 216 bytes                        |
                  +------------------------------------------+ 0x100d8 sp
                  | frame 0 f (16 bytes)                     |
                  |   slot 0 = 7                             |
                  |   return GOEXIT_PC: goexit               |
                  +------------------------------------------+ 0x100e8
                  | stack info                               |
                  |   prev segment 0x5                       |
                  |   saved sp     0x0                       |
                  |   return to    0x0                       |
                  +------------------------------------------+ 0x10100 hi
                """, base(List.of(5L, 0L, 0L)));
        pin("""
                t (segmented): 1 frame, 1 segment, 0 defer records

                segment 0 (base): segment #0 [0x10000, 0x10100) 256 bytes, frame 0
                  +------------------------------------------+ 0x10000 lo
                  | unused: 216 bytes                        |
                  +------------------------------------------+ 0x100d8 sp
                  | frame 0 f (16 bytes)                     |
                  |   slot 0 = 7                             |
                  |   return GOEXIT_PC: goexit               |
                  +------------------------------------------+ 0x100e8
                  | stack info                               |
                  |   prev segment 0x0                       |
                  |   saved sp     0x0                       |
                  |   return to    0x7                       |
                  +------------------------------------------+ 0x10100 hi
                """, base(List.of(0L, 0L, 7L)));
    }

    static Snapshot base(List<Long> record) {
        return snap(1, 1, List.of(new Snapshot.Segment(0, R0, true, 0x100e8, record, 0, 1,
                List.of(frame(0, 0x100d8, Code.GOEXIT_PC)))));
    }

    /** a link that starts inside another is not drawn (rails never cross) */
    @Test
    void crossingLinksAreNotDrawn() {
        pin("""
                t (segmented): 3 frames, 3 segments, 0 defer records

                segment 2: segment #2 [0x30000, 0x30100) 256 bytes, frame 2
                  +-----------------------------------------------+ 0x30000 lo
                  | unused: 216 bytes                             |
                  +-----------------------------------------------+ 0x300d8 sp
                  | frame 2 f (16 bytes)                          |
                  |   slot 0 = 7                                  |
                  |   return LESSSTACK_PC: returns into lessstack |
                  +-----------------------------------------------+ 0x300e8
                  | stack info                                    |
                  |   prev segment 0x20000                        |
                  |   saved sp     0x100d8 (frame 0)              |-------------------+
                  |   return to    RETURN_PC                      |                   |
                  +-----------------------------------------------+ 0x30100 hi        |
                                                                                      |
                segment 1: segment #1 [0x20000, 0x20100) 256 bytes, frame 1           |
                  +-----------------------------------------------+ 0x20000 lo        |
                  | unused: 216 bytes                             |                   |
                  +-----------------------------------------------+ 0x200d8           |
                  | frame 1 f (16 bytes)                          |                   |
                  |   slot 0 = 7                                  |                   |
                  |   return LESSSTACK_PC: returns into lessstack |                   |
                  +-----------------------------------------------+ 0x200e8           |
                  | stack info                                    |                   |
                  |   prev segment 0x10000                        |                   |
                  |   saved sp     0x100d8 (frame 0)              |                   |
                  |   return to    RETURN_PC                      |                   |
                  +-----------------------------------------------+ 0x20100 hi        |
                                                                                      |
                segment 0 (base): segment #0 [0x10000, 0x10100) 256 bytes, frame 0    |
                  +-----------------------------------------------+ 0x10000 lo        |
                  | unused: 216 bytes                             |                   |
                  +-----------------------------------------------+ 0x100d8           |
                  | frame 0 f (16 bytes)                          | <-----------------+
                  |   slot 0 = 7                                  |
                  |   return GOEXIT_PC: goexit                    |
                  +-----------------------------------------------+ 0x100e8
                  | stack info: 0 0 0 (base: end of the chain)    |
                  +-----------------------------------------------+ 0x10100 hi
                """, snap(3, 3, List.of(
                new Snapshot.Segment(0, R0, true, 0x100e8, List.of(0L, 0L, 0L), 0, 1,
                        List.of(frame(0, 0x100d8, Code.GOEXIT_PC))),
                new Snapshot.Segment(1, R1, true, 0x200e8, List.of(0x10000L, 0x100d8L, Code.RETURN_PC), 1, 2,
                        List.of(frame(1, 0x200d8, Code.LESSSTACK_PC))),
                new Snapshot.Segment(2, R2, true, 0x300e8, List.of(0x20000L, 0x100d8L, Code.RETURN_PC), 2, 3,
                        List.of(frame(2, 0x300d8, Code.LESSSTACK_PC))))));
    }
}

package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.memory.Region;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Capturing a stack through views that a sound engine never gives: defer records pointing into a
 * stack-info record, records that straddle a region's end, frame addresses that cannot be read. Capture
 * never throws; it says what it found and what it could not read.
 */
class SnapshotCaptureTest {

    /** a segmented engine after call main, set 0 41, call f, set 0 0, addr 1 0.0, seen through {@code edit} */
    static Snapshot capture(Function<StackView, StackView> edit) {
        Tampered t = new Tampered(new SegmentedEngine(StackDiagramTest.SMALL)) {
            @Override
            StackView view(StackView real, int n) {
                return edit.apply(real);
            }
        };
        AddressSpace m = StackDiagramTest.drive(t, 1);
        return Snapshot.capture(t, m);
    }

    static StackView deferAt(StackView real, java.util.function.LongUnaryOperator where) {
        long record = real.segments().get(0).record();
        return new Tampered.Edit(real) {
            @Override
            public int deferCount() {
                return 1;
            }

            @Override
            public DeferRecord defer(int i) {
                return new DeferRecord(1, where.applyAsLong(record), 5);
            }
        };
    }

    @Test
    void aPointerIntoARecordNamesTheRecordsWord() {
        assertEquals("stack info of segment 0 word 0", capture(v -> deferAt(v, r -> r)).defers().get(0).target());
        assertEquals("stack info of segment 0 word 2", capture(v -> deferAt(v, r -> r + 16)).defers().get(0).target());
        assertEquals("return address of frame 0", capture(v -> deferAt(v, r -> r - 8)).defers().get(0).target());
    }

    static StackView recordAt(StackView real, long record) {
        StackView.StackSegment s = real.segments().get(0);
        return new Tampered.Edit(real) {
            @Override
            public List<StackSegment> segments() {
                return List.of(new StackSegment(s.region(), s.firstFrame(), s.endFrame(), record));
            }
        };
    }

    @Test
    void aRecordPartlyOutsideItsRegionIsUnreadable() {
        for (boolean high : new boolean[] {true, false}) {
            Snapshot s = capture(v -> {
                Region r = v.segments().get(0).region();
                return recordAt(v, high ? r.hi() - 16 : r.lo() - 8);
            });
            Snapshot.Segment seg = s.segments().get(0);
            assertTrue(seg.hasRecord());
            assertEquals(List.of(), seg.recordWords());
            assertEquals(1, s.problems().size(), s.problems()::toString);
            assertTrue(s.problems().get(0).startsWith("segment 0: the record at "), s.problems()::toString);
        }
    }

    @Test
    void aRecordMayLieAtAddressZero() {
        Snapshot.Segment s = new Snapshot.Segment(0, new Region(0, 0, 256, "stack"), true, 0, List.of(), 0, 0,
                List.of());
        assertTrue(s.hasRecord());
        assertFalse(new Snapshot.Segment(0, new Region(0, 0, 256, "stack"), true, -1, List.of(), 0, 0, List.of())
                .hasRecord());
    }

    /** a frame address the view cannot give: the pointer is described as unused space, not as a frame */
    @Test
    void aFrameAddressThatThrows() {
        Snapshot s = capture(v -> new Tampered.Edit(deferAt(v, r -> r - 40)) {
            @Override
            public long frameAddress(int f) {
                if (f == 1) {
                    throw new IllegalStateException("no frame 1");
                }
                return super.frameAddress(f);
            }
        });
        assertEquals("unused space of segment 0 | [frame 1: no frame 1, frame 1: java.lang.IllegalStateException: no frame 1]", s.defers().get(0).target() + " | " + s.problems());
    }
}

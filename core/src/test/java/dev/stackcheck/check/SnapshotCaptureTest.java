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

    static List<Integer> kept(Snapshot s, int segment) {
        List<Integer> out = new java.util.ArrayList<>();
        for (Snapshot.Frame f : s.segments().get(segment).frames()) {
            out.add(f.index());
        }
        return out;
    }

    /** 11 frames on a copying stack: kept are the 6 newest, the 2 oldest and the focus frames */
    @Test
    void aScalarThatLooksLikeAnAddressIsNotFollowed() {
        dev.stackcheck.engine.StackEngine e = new dev.stackcheck.engine.CopyingEngine(StackDiagramTest.SMALL);
        AddressSpace m = StackDiagramTest.drive(e, 10);
        e.set(0, e.view().slotAddress(3, 0));
        Snapshot s = Snapshot.capture(e, m);
        assertEquals(List.of(10, 9, 8, 7, 6, 5, 1, 0), kept(s, 0));
        Snapshot.Slot slot = s.segments().get(0).frames().get(0).slots().get(0);
        assertEquals(e.view().slotAddress(3, 0), slot.value());
        assertEquals(null, slot.target());
    }

    @Test
    void aDeferRecordsTargetIsKept() {
        Tampered t = new Tampered(new dev.stackcheck.engine.CopyingEngine(StackDiagramTest.SMALL)) {
            @Override
            StackView view(StackView real, int n) {
                return new Tampered.Edit(real) {
                    @Override
                    public int deferCount() {
                        return 1;
                    }

                    @Override
                    public DeferRecord defer(int i) {
                        return new DeferRecord(10, real.slotAddress(3, 0), 5);
                    }
                };
            }
        };
        AddressSpace m = StackDiagramTest.drive(t, 10);
        Snapshot s = Snapshot.capture(t, m);
        assertEquals(List.of(10, 9, 8, 7, 6, 5, 3, 1, 0), kept(s, 0));
        assertEquals("frame 3 slot 0", s.defers().get(0).target());
    }

    /** a scalar of a frame without a pointer map is shown as an address only when it is a frame's */
    @Test
    void aNomapScalarIsAnAddressOnlyWhenItIsAFramesAddress() {
        dev.stackcheck.engine.StackEngine e = new SegmentedEngine(StackDiagramTest.SMALL);
        AddressSpace m = new AddressSpace();
        e.start(m, dev.stackcheck.engine.EngineEvents.NONE);
        e.call(new dev.stackcheck.program.Layout("n", 3, new int[0], true));
        e.set(0, 0x7fff_fff8L);
        e.set(1, e.view().slotAddress(0, 2));
        List<Snapshot.Slot> slots = Snapshot.capture(e, m).segments().get(0).frames().get(0).slots();
        assertEquals(null, slots.get(0).target());
        assertEquals("frame 0 slot 2", slots.get(1).target());
    }

    /** a focus frame that is the first of a segment below the newest three keeps its segment */
    @Test
    void theFirstFrameOfAnOlderSegmentKeepsItsSegment() {
        Tampered t = new Tampered(new SegmentedEngine(StackDiagramTest.SMALL)) {
            @Override
            StackView view(StackView real, int n) {
                if (real.segments().size() < 6) {
                    return real;
                }
                return new Tampered.Edit(real) {
                    @Override
                    public int deferCount() {
                        return 1;
                    }

                    @Override
                    public DeferRecord defer(int i) {
                        return new DeferRecord(real.depth() - 1, real.slotAddress(real.segments().get(1).firstFrame(), 0), 5);
                    }
                };
            }
        };
        AddressSpace m = StackDiagramTest.drive(t, 40);
        Snapshot s = Snapshot.capture(t, m);
        List<Integer> segs = new java.util.ArrayList<>();
        for (Snapshot.Segment g : s.segments()) {
            segs.add(g.index());
        }
        assertEquals(6, s.segmentCount());
        assertEquals(List.of(0, 1, 3, 4, 5), segs);
    }

    /** the slots of a top frame without a pointer map are followed like pointers when they hold a frame's address */
    @Test
    void aNomapTopFramePointingAtAHiddenFrameKeepsIt() {
        dev.stackcheck.engine.StackEngine e = new SegmentedEngine(StackDiagramTest.SMALL);
        AddressSpace m = StackDiagramTest.drive(e, 10);
        e.call(new dev.stackcheck.program.Layout("n", 3, new int[0], true));
        e.set(0, e.view().slotAddress(1, 0));
        assertTrue(e.view().segments().size() > 1);
        Snapshot s = Snapshot.capture(e, m, List.of());
        List<Integer> all = new java.util.ArrayList<>();
        for (int k = 0; k < s.segments().size(); k++) {
            all.addAll(kept(s, k));
        }
        assertTrue(all.contains(1), all::toString);
        assertFalse(all.contains(2), all::toString);
        assertEquals("frame 1 slot 0", s.segments().get(s.segments().size() - 1).frames().get(0).slots().get(0).target());
    }

    /** a frame without a pointer map at an address nothing maps: its slots are unreadable, not a problem */
    @Test
    void aNomapFrameAtAnUnmappedAddress() {
        Tampered t = new Tampered(new SegmentedEngine(StackDiagramTest.SMALL)) {
            @Override
            StackView view(StackView real, int n) {
                return new Tampered.Edit(real) {
                    @Override
                    public long frameAddress(int f) {
                        return real.frameAddress(f) + 0x100000;
                    }
                };
            }
        };
        AddressSpace m = new AddressSpace();
        t.start(m, dev.stackcheck.engine.EngineEvents.NONE);
        t.call(new dev.stackcheck.program.Layout("n", 3, new int[0], true));
        Snapshot s = Snapshot.capture(t, m);
        assertEquals(List.of(), s.problems());
        assertEquals(null, s.segments().get(0).frames().get(0).slots().get(0).value());
    }
}

package dev.stackcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.memory.Region;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engines' tables and values at their edges. */
class TablesTest {

    @Test
    void deferPointersAreAdjustedInsideTheOldSpanOnly() {
        DeferTable t = new DeferTable();
        t.add(0, 0x1000, 1);
        t.add(0, 0x1ff8, 2);
        t.add(1, 0x2000, 3);
        t.add(1, 0x0ff8, 4);
        assertEquals(2, t.adjust(0x1000, 0x2000, 0x100));
        assertEquals(List.of(0x1100L, 0x20f8L, 0x2000L, 0x0ff8L),
                List.of(t.pointer(0), t.pointer(1), t.pointer(2), t.pointer(3)));
        t.removeLast();
        t.removeLast();
        t.removeLast();
        t.removeLast();
        assertEquals(0, t.count());
        assertEquals("no defer record to remove",
                assertThrows(IllegalStateException.class, t::removeLast).getMessage());
    }

    @Test
    void anEmptyFrameTableHasNothingToPop() {
        FrameTable f = new FrameTable();
        assertEquals("no frame to pop", assertThrows(IllegalStateException.class, f::pop).getMessage());
    }

    @Test
    void statisticsByName() {
        Stats s = new Stats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
        assertEquals(List.of("calls", "returns", "splits", "lessstack", "segmentAllocs", "segmentFrees", "cacheHits",
                "copies", "shrinks", "bytesCopied", "pointersAdjusted", "peakReserved", "peakUsed"),
                List.copyOf(s.asMap().keySet()));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L), List.copyOf(s.asMap().values()));
    }

    @Test
    void aRecordAtAddressZeroIsARecord() {
        Region r = new Region(0, 0x10000, 0x10100, "segment");
        assertTrue(new StackView.StackSegment(r, 0, 1, 0).hasRecord());
        assertTrue(!new StackView.StackSegment(r, 0, 1, -1).hasRecord());
    }
}

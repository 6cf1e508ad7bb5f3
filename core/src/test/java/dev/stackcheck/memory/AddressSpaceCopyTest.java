package dev.stackcheck.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link AddressSpace#copy()}, {@link AddressSpace#copyFrom} and the bulk read the model checker uses. */
class AddressSpaceCopyTest {

    @Test
    void aCopyHasTheSameRegionsAndWordsAndNeverSharesThem() {
        AddressSpace a = new AddressSpace();
        Region r0 = a.allocate(64, "segment");
        Region r1 = a.allocate(32, "stack");
        a.write(r0.lo() + 8, 7);
        a.write(r1.lo(), 9);
        a.free(r1);
        AddressSpace c = a.copy();
        assertEquals(a.liveRegions(), c.liveRegions());
        assertEquals(a.allRegions(), c.allRegions());
        assertEquals(7, c.read(r0.lo() + 8));
        assertThrows(MemoryFault.class, () -> c.read(r1.lo()), "freed stays freed");
        c.write(r0.lo() + 8, 8);
        assertEquals(7, a.read(r0.lo() + 8), "writes to the copy do not show in the original");
        Region next = a.allocate(16, "segment");
        assertEquals(next, c.allocate(16, "segment"), "both hand out the same next region");
        assertFalse(c.isLive(1));
        assertTrue(c.isLive(0));
        assertEquals(r1, c.region(1));
        assertEquals(3, c.regionCount());
    }

    @Test
    void copyFromMakesAnAddressSpaceEqualToAnotherWhateverItHeldBefore() {
        AddressSpace a = new AddressSpace();
        Region r0 = a.allocate(64, "segment");
        a.write(r0.lo(), 1);
        AddressSpace b = a.copy();
        Region extra = b.allocate(128, "stack");
        b.write(extra.lo(), 5);
        b.write(r0.lo(), 2);
        b.copyFrom(a);
        assertEquals(1, b.read(r0.lo()));
        assertEquals(1, b.regionCount());
        assertThrows(MemoryFault.class, () -> b.read(extra.lo()), "the other's later region is gone");
        a.free(r0);
        Region r1 = a.allocate(32, "stack");
        a.write(r1.lo(), 3);
        b.copyFrom(a);
        assertEquals(3, b.read(r1.lo()));
        assertThrows(MemoryFault.class, () -> b.read(r0.lo()));
        assertEquals(a.liveBytes(), b.liveBytes());
        assertEquals(a.liveRegionCount(), b.liveRegionCount());
    }

    @Test
    void bulkReadChecksLikeSingleReads() {
        AddressSpace a = new AddressSpace();
        Region r = a.allocate(32, "stack");
        for (int i = 0; i < 4; i++) {
            a.write(r.lo() + 8L * i, 10 + i);
        }
        long[] out = new long[6];
        a.read(r.lo() + 8, out, 1, 3);
        assertArrayEquals(new long[] {0, 11, 12, 13, 0, 0}, out);
        assertThrows(MemoryFault.class, () -> a.read(r.lo() + 8, out, 0, 4), "past the region's end");
        assertThrows(MemoryFault.class, () -> a.read(r.lo() + 4, out, 0, 1), "misaligned");
    }
}

package dev.stackcheck.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

    static AddressSpace three() {
        AddressSpace m = new AddressSpace();
        Region a = m.allocate(64, "a");
        Region b = m.allocate(128, "b");
        m.allocate(64, "c");
        m.write(a.lo(), 1);
        m.write(b.lo() + 8, 2);
        m.free(b);
        return m;
    }

    @Test
    void aCopyIsIndependent() {
        AddressSpace m = three();
        m.read(m.region(2).lo());
        AddressSpace c = m.copy();
        assertEquals(m.allRegions(), c.allRegions());
        assertEquals(m.liveRegions(), c.liveRegions());
        assertEquals(m.liveBytes(), c.liveBytes());
        assertEquals(m.peakLiveBytes(), c.peakLiveBytes());
        assertEquals(m.liveRegionCount(), c.liveRegionCount());
        assertEquals(1, c.read(m.region(0).lo()));
        assertEquals(MemoryFault.Kind.FREED, assertThrows(MemoryFault.class, () -> c.read(m.region(1).lo())).kind());
        c.write(m.region(0).lo(), 9);
        assertEquals(1, m.read(m.region(0).lo()));
        assertEquals(0, c.read(m.region(2).lo() + 8));
        Region d = c.allocate(64, "d");
        assertEquals(m.allocate(64, "d"), d, "the same next address");
    }

    @Test
    void copyFromMakesEqualReusingStorage() {
        AddressSpace src = three();
        AddressSpace dst = new AddressSpace();
        dst.allocate(64, "x");
        dst.allocate(256, "y");
        dst.allocate(64, "z");
        Region w = dst.allocate(64, "w");
        dst.write(w.lo(), 5);
        dst.copyFrom(src);
        assertEquals(src.allRegions(), dst.allRegions());
        assertEquals(3, dst.regionCount());
        assertEquals(1, dst.read(src.region(0).lo()));
        assertFalse(dst.isLive(1));
        assertEquals(0, dst.read(src.region(2).lo()));
        assertEquals(src.liveBytes(), dst.liveBytes());
        assertEquals(src.peakLiveBytes(), dst.peakLiveBytes());
        assertEquals(src.liveRegionCount(), dst.liveRegionCount());
        assertEquals(src.allocate(64, "n"), dst.allocate(64, "n"));
        // and back from a space with more regions than the copy holds
        AddressSpace big = new AddressSpace();
        for (int i = 0; i < 20; i++) {
            big.allocate(64, "r" + i);
        }
        big.write(big.region(19).lo(), 7);
        dst.copyFrom(big);
        assertEquals(20, dst.regionCount());
        assertEquals(7, dst.read(big.region(19).lo()));
        assertEquals(big.region(19), dst.regionAt(big.region(19).lo()));
        dst.write(big.region(19).lo(), 8);
        assertEquals(7, big.read(big.region(19).lo()));
        // a live region in the source where the copy had freed one of another size
        AddressSpace s2 = new AddressSpace();
        s2.allocate(64, "a");
        Region live = s2.allocate(128, "b");
        s2.write(live.lo() + 120, 3);
        AddressSpace d2 = three();
        d2.copyFrom(s2);
        assertEquals(3, d2.read(live.lo() + 120));
        assertTrue(d2.isLive(1));
    }

    @Test
    void blockReads() {
        AddressSpace m = new AddressSpace();
        Region a = m.allocate(64, "a");
        Region b = m.allocate(64, "b");
        for (int i = 0; i < 8; i++) {
            m.write(a.lo() + 8L * i, i + 1);
        }
        long[] dst = new long[6];
        m.read(a.lo() + 8, dst, 1, 4);
        assertArrayEquals(new long[] {0, 2, 3, 4, 5, 0}, dst);
        m.read(a.lo(), dst, 0, 0);
        m.read(a.lo(), dst, 0, -1);
        assertArrayEquals(new long[] {0, 2, 3, 4, 5, 0}, dst);
        long[] one = new long[1];
        m.read(a.hi() - 8, one, 0, 1);
        assertEquals(8, one[0]);
        MemoryFault past = assertThrows(MemoryFault.class, () -> m.read(a.hi() - 8, new long[2], 0, 2));
        assertEquals(MemoryFault.Kind.UNMAPPED, past.kind());
        assertEquals(a.hi(), past.address());
        long[] into = new long[3];
        m.read(a.lo() + 40, into, 3);
        assertArrayEquals(new long[] {6, 7, 8}, into);
        long[] over = new long[4];
        MemoryFault f = assertThrows(MemoryFault.class, () -> m.read(a.lo() + 48, over, 4));
        assertEquals(a.hi(), f.address());
        assertArrayEquals(new long[] {7, 8, 0, 0}, over, "the words before the fault are read");
        m.fill(b.lo() + 8, 3, 9);
        assertEquals(List.of(0L, 9L, 9L, 9L, 0L), List.of(m.read(b.lo()), m.read(b.lo() + 8), m.read(b.lo() + 16),
                m.read(b.lo() + 24), m.read(b.lo() + 32)));
        MemoryFault g = assertThrows(MemoryFault.class, () -> m.fill(b.hi() - 16, 3, 4));
        assertEquals(b.hi(), g.address());
        assertEquals(4, m.read(b.hi() - 8), "the words before the fault are written");
        m.fill(b.lo(), 0, 5);
        assertEquals(0, m.read(b.lo()));
    }

    @Test
    void aFreedArrayServesANewRegionZeroed() {
        AddressSpace m = new AddressSpace();
        Region a = m.allocate(64, "a");
        m.fill(a.lo(), 8, -1);
        m.free(a);
        Region b = m.allocate(64, "b");
        long[] w = new long[8];
        m.read(b.lo(), w, 8);
        assertArrayEquals(new long[8], w);
        assertNotEquals(a.lo(), b.lo(), "addresses are never reused");
        for (int i = 0; i < 10; i++) {
            Region r = m.allocate(8 * (i + 1), "r");
            m.write(r.lo(), 1);
            m.free(r);
        }
        Region c = m.allocate(8, "c");
        assertEquals(0, m.read(c.lo()));
    }

    @Test
    void regionsByNumber() {
        AddressSpace m = three();
        assertEquals(3, m.regionCount());
        assertTrue(m.isLive(0));
        assertFalse(m.isLive(1));
        assertFalse(m.isLive(3));
        assertFalse(m.isLive(-1));
        assertEquals("b", m.region(1).label());
    }

    @Test
    void regionsAreValues() {
        Region r = new Region(1, 0x10000, 0x10040, "a");
        assertEquals(r, new Region(1, 0x10000, 0x10040, "a"));
        assertEquals(r.hashCode(), new Region(1, 0x10000, 0x10040, "a").hashCode());
        List<Region> others = List.of(new Region(2, 0x10000, 0x10040, "a"), new Region(1, 0x10008, 0x10040, "a"),
                new Region(1, 0x10000, 0x10048, "a"), new Region(1, 0x10000, 0x10040, "b"),
                new Region(1, 0x10000, 0x10040, null));
        Set<Integer> hashes = new HashSet<>();
        hashes.add(r.hashCode());
        for (Region o : others) {
            assertNotEquals(r, o);
            assertNotEquals(o, r);
            hashes.add(o.hashCode());
        }
        assertEquals(others.size() + 1, hashes.size());
        assertNotEquals(r, "a");
        assertEquals(new Region(1, 0, 8, null), new Region(1, 0, 8, null));
    }
}

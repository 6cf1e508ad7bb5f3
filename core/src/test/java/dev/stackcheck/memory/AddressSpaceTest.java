package dev.stackcheck.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class AddressSpaceTest {

    private static MemoryFault fault(MemoryFault.Kind kind, long address, Executable access) {
        MemoryFault f = assertThrows(MemoryFault.class, access);
        assertEquals(kind, f.kind(), f.getMessage());
        assertEquals(address, f.address(), f.getMessage());
        return f;
    }

    @Test
    void regionsStartAbove4096AlignedAndZeroed() {
        AddressSpace mem = new AddressSpace();
        Region r = mem.allocate(8192, "segment");
        assertTrue(r.lo() >= 4096);
        assertEquals(AddressSpace.FIRST_ADDRESS, r.lo());
        assertEquals(0, r.lo() % 4096);
        assertEquals(8192, r.size());
        assertEquals(0, r.id());
        assertEquals("segment", r.label());
        for (long a = r.lo(); a < r.hi(); a += 8) {
            assertEquals(0, mem.read(a));
        }
    }

    @Test
    void regionsAreSeparatedByUnmappedGaps() {
        AddressSpace mem = new AddressSpace();
        Region a = mem.allocate(24, "a");
        Region b = mem.allocate(4096, "b");
        Region c = mem.allocate(8, "c");
        assertTrue(b.lo() - a.hi() >= AddressSpace.GAP);
        assertTrue(c.lo() - b.hi() >= AddressSpace.GAP);
        assertEquals(0, b.lo() % 4096);
        assertEquals(0, c.lo() % 4096);
        assertEquals(List.of(1, 2), List.of(b.id(), c.id()));
        // one word past a region faults, it never lands in the neighbour
        fault(MemoryFault.Kind.UNMAPPED, a.hi(), () -> mem.read(a.hi()));
        fault(MemoryFault.Kind.UNMAPPED, b.lo() - 8, () -> mem.write(b.lo() - 8, 1));
        fault(MemoryFault.Kind.UNMAPPED, c.hi(), () -> mem.read(c.hi()));
    }

    @Test
    void readsBackWhatWasWritten() {
        AddressSpace mem = new AddressSpace();
        Region r = mem.allocate(64, "r");
        mem.write(r.lo(), Long.MIN_VALUE);
        mem.write(r.hi() - 8, -1);
        mem.write(r.lo() + 16, 42);
        assertEquals(Long.MIN_VALUE, mem.read(r.lo()));
        assertEquals(-1, mem.read(r.hi() - 8));
        assertEquals(42, mem.read(r.lo() + 16));
        assertEquals(0, mem.read(r.lo() + 8));
    }

    @Test
    void rejectsBadSizes() {
        AddressSpace mem = new AddressSpace();
        assertThrows(IllegalArgumentException.class, () -> mem.allocate(0, "x"));
        assertThrows(IllegalArgumentException.class, () -> mem.allocate(-8, "x"));
        assertThrows(IllegalArgumentException.class, () -> mem.allocate(12, "x"));
        assertThrows(IllegalArgumentException.class, () -> mem.allocate(1L << 40, "x"));
        assertEquals(0, mem.liveRegionCount());
    }

    @Test
    void misalignedAccessFaults() {
        AddressSpace mem = new AddressSpace();
        Region r = mem.allocate(64, "r");
        fault(MemoryFault.Kind.MISALIGNED, r.lo() + 4, () -> mem.read(r.lo() + 4));
        fault(MemoryFault.Kind.MISALIGNED, r.lo() + 1, () -> mem.write(r.lo() + 1, 7));
        fault(MemoryFault.Kind.MISALIGNED, r.lo() + 2, () -> mem.copy(r.lo() + 2, r.lo() + 16, 8));
        fault(MemoryFault.Kind.MISALIGNED, r.lo(), () -> mem.copy(r.lo(), r.lo() + 16, 12));
        assertFalse(mem.isMapped(r.lo() + 4));
    }

    @Test
    void unmappedAccessFaults() {
        AddressSpace mem = new AddressSpace();
        fault(MemoryFault.Kind.UNMAPPED, 0, () -> mem.read(0));
        Region r = mem.allocate(64, "r");
        fault(MemoryFault.Kind.UNMAPPED, 0, () -> mem.read(0));
        fault(MemoryFault.Kind.UNMAPPED, 4088, () -> mem.write(4088, 1));
        fault(MemoryFault.Kind.UNMAPPED, r.lo() - 8, () -> mem.read(r.lo() - 8));
        fault(MemoryFault.Kind.UNMAPPED, 1L << 50, () -> mem.read(1L << 50));
        assertFalse(mem.isMapped(r.hi()));
        assertTrue(mem.isMapped(r.hi() - 8));
    }

    @Test
    void freedMemoryFaultsAndIsNeverReused() {
        AddressSpace mem = new AddressSpace();
        Region a = mem.allocate(64, "a");
        mem.write(a.lo(), 5);
        mem.free(a);
        assertFalse(mem.isLive(a));
        MemoryFault f = fault(MemoryFault.Kind.FREED, a.lo(), () -> mem.read(a.lo()));
        assertTrue(f.getMessage().contains("freed a #0"), f.getMessage());
        fault(MemoryFault.Kind.FREED, a.lo() + 8, () -> mem.write(a.lo() + 8, 1));
        Region b = mem.allocate(64, "b");
        assertTrue(b.lo() >= a.hi() + AddressSpace.GAP, "addresses are never handed out again");
        fault(MemoryFault.Kind.FREED, a.hi() - 8, () -> mem.read(a.hi() - 8));
        assertEquals(0, mem.read(b.lo()));
    }

    @Test
    void doubleFreeAndFreeOfUnknownRegionsFault() {
        AddressSpace mem = new AddressSpace();
        Region a = mem.allocate(64, "a");
        mem.free(a);
        MemoryFault f = fault(MemoryFault.Kind.BAD_FREE, a.lo(), () -> mem.free(a));
        assertTrue(f.getMessage().startsWith("double free"), f.getMessage());
        fault(MemoryFault.Kind.BAD_FREE, 0x5000, () -> mem.free(new Region(7, 0x5000, 0x6000, "forged")));
        fault(MemoryFault.Kind.BAD_FREE, a.lo(), () -> mem.free(new Region(0, a.lo(), a.hi() + 8, "a")));
        fault(MemoryFault.Kind.BAD_FREE, 0x5000, () -> mem.free(new Region(-1, 0x5000, 0x6000, "negative")));
    }

    @Test
    void isLiveOfForeignRegionsIsFalse() {
        // regression: a negative id used to throw IndexOutOfBoundsException
        AddressSpace mem = new AddressSpace();
        Region a = mem.allocate(64, "a");
        assertTrue(mem.isLive(a));
        assertFalse(mem.isLive(new Region(-1, a.lo(), a.hi(), "a")));
        assertFalse(mem.isLive(new Region(3, a.lo(), a.hi(), "a")));
        assertFalse(mem.isLive(new Region(0, a.lo(), a.hi(), "other label")));
    }

    @Test
    void copyMovesWordsLikeMemmove() {
        AddressSpace mem = new AddressSpace();
        Region a = mem.allocate(64, "a");
        Region b = mem.allocate(64, "b");
        for (int i = 0; i < 8; i++) {
            mem.write(a.lo() + 8L * i, 100 + i);
        }
        mem.copy(a.lo() + 16, b.hi() - 32, 32);
        for (int i = 0; i < 4; i++) {
            assertEquals(102 + i, mem.read(b.hi() - 32 + 8L * i));
        }
        // overlapping copy within one region
        mem.copy(a.lo(), a.lo() + 8, 48);
        assertEquals(100, mem.read(a.lo()));
        assertEquals(100, mem.read(a.lo() + 8));
        assertEquals(105, mem.read(a.lo() + 48));
        assertEquals(107, mem.read(a.lo() + 56));
        mem.copy(a.lo(), b.lo(), 0);
        assertEquals(0, mem.read(b.lo()));
    }

    @Test
    void copyAcrossRegionsFaults() {
        AddressSpace mem = new AddressSpace();
        Region a = mem.allocate(64, "a");
        Region b = mem.allocate(64, "b");
        // source runs off the end of a: the last source word is in the gap
        fault(MemoryFault.Kind.UNMAPPED, a.hi(), () -> mem.copy(a.hi() - 16, b.lo(), 24));
        // destination runs off the end of b
        fault(MemoryFault.Kind.UNMAPPED, b.hi(), () -> mem.copy(a.lo(), b.hi() - 8, 16));
        // a span from a to b, both ends mapped, still faults
        long span = b.hi() - a.lo();
        MemoryFault f = fault(MemoryFault.Kind.UNMAPPED, a.lo(), () -> mem.copy(a.lo(), a.lo(), span));
        assertTrue(f.getMessage().contains("spans two regions"), f.getMessage());
        mem.free(b);
        fault(MemoryFault.Kind.FREED, b.lo(), () -> mem.copy(a.lo(), b.lo(), 8));
        fault(MemoryFault.Kind.FREED, b.lo(), () -> mem.copy(b.lo(), a.lo(), 8));
    }

    @Test
    void regionAtFindsOnlyLiveRegions() {
        AddressSpace mem = new AddressSpace();
        Region a = mem.allocate(64, "a");
        Region b = mem.allocate(8192, "b");
        Region c = mem.allocate(64, "c");
        assertEquals(a, mem.regionAt(a.lo()));
        assertEquals(a, mem.regionAt(a.hi() - 1));
        assertEquals(b, mem.regionAt(b.lo() + 4100));
        assertEquals(c, mem.regionAt(c.lo()));
        assertNull(mem.regionAt(a.hi()));
        assertNull(mem.regionAt(0));
        assertNull(mem.regionAt(-8));
        assertNull(mem.regionAt(c.hi() + 100_000));
        mem.free(b);
        assertNull(mem.regionAt(b.lo()));
        assertEquals(a, mem.regionAt(a.lo() + 8));
        assertEquals(List.of(a, c), mem.liveRegions());
        assertEquals(List.of(a, b, c), mem.allRegions());
    }

    @Test
    void accountsLiveAndPeakBytes() {
        AddressSpace mem = new AddressSpace();
        Region a = mem.allocate(2048, "a");
        Region b = mem.allocate(4096, "b");
        assertEquals(6144, mem.liveBytes());
        mem.free(a);
        Region c = mem.allocate(1024, "c");
        assertEquals(5120, mem.liveBytes());
        assertEquals(6144, mem.peakLiveBytes());
        assertEquals(2, mem.liveRegionCount());
        mem.free(b);
        mem.free(c);
        assertEquals(0, mem.liveBytes());
        assertEquals(0, mem.liveRegionCount());
        assertEquals(6144, mem.peakLiveBytes());
    }

    @Test
    void manyRegionsStayOrderedAndFindable() {
        AddressSpace mem = new AddressSpace();
        Region[] rs = new Region[100];
        for (int i = 0; i < rs.length; i++) {
            rs[i] = mem.allocate(8L * (1 + i), "r" + i);
            mem.write(rs[i].hi() - 8, i);
        }
        for (int i = rs.length - 1; i >= 0; i--) {
            assertEquals(rs[i], mem.regionAt(rs[i].lo()));
            assertEquals(i, mem.read(rs[i].hi() - 8));
            if (i > 0) {
                assertTrue(rs[i].lo() > rs[i - 1].hi());
            }
        }
        assertEquals("r3 #3 [0x" + Long.toHexString(rs[3].lo()) + ", 0x" + Long.toHexString(rs[3].hi()) + ")",
                AddressSpace.describe(rs[3]));
    }

    @Test
    void blockReadsAndFillsAreWordByWordAccesses() {
        AddressSpace mem = new AddressSpace();
        Region r = mem.allocate(64, "r");
        for (int i = 0; i < 8; i++) {
            mem.write(r.lo() + 8L * i, 100 + i);
        }
        long[] got = new long[8];
        mem.read(r.lo() + 16, got, 5);
        assertEquals(List.of(102L, 103L, 104L, 105L, 106L, 0L, 0L, 0L), List.of(got[0], got[1], got[2], got[3],
                got[4], got[5], got[6], got[7]));
        mem.read(r.lo(), got, 0); // nothing read, nothing checked
        mem.read(r.hi(), got, 0); // not even past the end
        mem.fill(r.lo() + 8, 3, -7);
        assertEquals(100, mem.read(r.lo()));
        assertEquals(-7, mem.read(r.lo() + 8));
        assertEquals(-7, mem.read(r.lo() + 24));
        assertEquals(104, mem.read(r.lo() + 32));
        mem.fill(r.hi(), 0, 1); // no word written: no fault even past the end
    }

    @Test
    void blockAccessesFaultAtTheFirstWordAWordAccessWould() {
        AddressSpace mem = new AddressSpace();
        Region r = mem.allocate(64, "r");
        Region gone = mem.allocate(64, "gone");
        mem.free(gone);
        long[] got = new long[16];
        // running off the end: the words before the gap are read or written, then the first word past faults
        fault(MemoryFault.Kind.UNMAPPED, r.hi(), () -> mem.read(r.hi() - 16, got, 3));
        fault(MemoryFault.Kind.UNMAPPED, r.hi(), () -> mem.fill(r.hi() - 16, 3, 9));
        assertEquals(9, mem.read(r.hi() - 16));
        assertEquals(9, mem.read(r.hi() - 8));
        fault(MemoryFault.Kind.MISALIGNED, r.lo() + 4, () -> mem.read(r.lo() + 4, got, 2));
        fault(MemoryFault.Kind.MISALIGNED, r.lo() + 4, () -> mem.fill(r.lo() + 4, 2, 0));
        fault(MemoryFault.Kind.FREED, gone.lo() + 8, () -> mem.read(gone.lo() + 8, got, 2));
        fault(MemoryFault.Kind.FREED, gone.lo(), () -> mem.fill(gone.lo(), 1, 0));
        fault(MemoryFault.Kind.UNMAPPED, 8, () -> mem.read(8, got, 1));
    }

    @Test
    void aRegionAllocatedAfterAFreeOfTheSameSizeIsZeroedAndTheOldOneStillFaults() {
        AddressSpace mem = new AddressSpace();
        for (int round = 0; round < 20; round++) {
            Region r = mem.allocate(4096, "segment");
            for (long a = r.lo(); a < r.hi(); a += 8) {
                assertEquals(0, mem.read(a), "round " + round);
            }
            mem.fill(r.lo(), 512, -1);
            mem.free(r);
            fault(MemoryFault.Kind.FREED, r.lo(), () -> mem.read(r.lo()));
        }
        assertEquals(0, mem.liveBytes());
    }

    @Test
    void aRegionOfWholePagesIsFollowedByExactlyOneGap() {
        AddressSpace mem = new AddressSpace();
        Region a = mem.allocate(4096, "a");
        Region b = mem.allocate(8, "b");
        assertEquals(a.hi() + AddressSpace.GAP, b.lo());
        Region c = mem.allocate(8, "c");
        assertEquals(b.lo() + 2 * 4096, c.lo());
    }

    @Test
    void aRegionNumberedPastTheLastIsUnknown() {
        AddressSpace mem = new AddressSpace();
        Region a = mem.allocate(64, "a");
        Region next = new Region(1, a.hi() + AddressSpace.GAP, a.hi() + AddressSpace.GAP + 64, "x");
        assertFalse(mem.isLive(next));
        MemoryFault f = assertThrows(MemoryFault.class, () -> mem.free(next));
        assertEquals(MemoryFault.Kind.BAD_FREE, f.kind());
        assertFalse(mem.isLive(new Region(-1, a.lo(), a.hi(), "a")));
    }

    @Test
    void aLiveRegionsNumberWithOtherBoundsIsNoRegionToFree() {
        AddressSpace mem = new AddressSpace();
        Region a = mem.allocate(64, "a");
        Region forged = new Region(a.id(), a.lo(), a.hi() + 8, "a");
        MemoryFault f = assertThrows(MemoryFault.class, () -> mem.free(forged));
        assertEquals(MemoryFault.Kind.BAD_FREE, f.kind());
        assertTrue(f.getMessage().contains("free of unknown region"), f.getMessage());
        assertTrue(mem.isLive(a), "the real region stays live");
        mem.write(a.lo(), 5);
        assertEquals(5, mem.read(a.lo()));
    }

    @Test
    void belowTheFirstRegionIsUnmapped() {
        AddressSpace mem = new AddressSpace();
        Region a = mem.allocate(64, "a");
        mem.read(a.lo());
        for (long address : new long[] {8, AddressSpace.FIRST_ADDRESS - 8}) {
            MemoryFault f = assertThrows(MemoryFault.class, () -> mem.read(address));
            assertEquals(MemoryFault.Kind.UNMAPPED, f.kind());
            assertEquals(address, f.address());
        }
    }

    @Test
    void theFirstRegionIsFoundAfterAnotherWasUsed() {
        AddressSpace mem = new AddressSpace();
        Region a = mem.allocate(64, "a");
        Region b = mem.allocate(64, "b");
        mem.write(b.lo(), 2);
        mem.write(a.lo() + 8, 1);
        mem.read(b.lo());
        assertEquals(1, mem.read(a.lo() + 8));
    }

    @Test
    void aNegativeCopyIsMisaligned() {
        AddressSpace mem = new AddressSpace();
        Region a = mem.allocate(64, "a");
        MemoryFault f = assertThrows(MemoryFault.class, () -> mem.copy(a.lo() + 16, a.lo(), -8));
        assertEquals(MemoryFault.Kind.MISALIGNED, f.kind());
        assertEquals("copy of -8 bytes", f.getMessage());
    }

    @Test
    void aCopyMayNotSpanTwoRegions() {
        AddressSpace mem = new AddressSpace();
        Region a = mem.allocate(64, "a");
        Region b = mem.allocate(64, "b");
        Region c = mem.allocate(4096 * 4, "c");
        long span = b.lo() - a.lo() + 8;
        MemoryFault from = assertThrows(MemoryFault.class, () -> mem.copy(a.lo(), c.lo(), span));
        assertEquals(MemoryFault.Kind.UNMAPPED, from.kind());
        assertEquals("copy spans two regions", from.getMessage());
        MemoryFault to = assertThrows(MemoryFault.class, () -> mem.copy(c.lo(), a.lo(), span));
        assertEquals("copy spans two regions", to.getMessage());
    }
}

package dev.stackcheck.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The address space at its edges: exact placement, regions it never made, copies across regions. */
class AddressSpaceEdgesTest {

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

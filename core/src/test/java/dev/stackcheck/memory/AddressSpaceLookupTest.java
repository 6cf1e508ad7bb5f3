package dev.stackcheck.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Region lookup remembers the last two regions it found: after random allocations, frees, copies and
 * restores, every access still finds the region a scan finds (or faults as it should), whatever was found
 * before.
 */
class AddressSpaceLookupTest {

    static Region scan(AddressSpace m, long a) {
        for (Region r : m.liveRegions()) {
            if (r.contains(a)) {
                return r;
            }
        }
        return null;
    }

    @Test
    void lookupsAgreeWithAScan() {
        Random rnd = new Random(3);
        List<AddressSpace> spaces = new ArrayList<>(List.of(new AddressSpace()));
        int live = 0;
        int freed = 0;
        for (int i = 0; i < 20_000; i++) {
            int k = rnd.nextInt(spaces.size());
            AddressSpace m = spaces.get(k);
            List<Region> all = m.allRegions();
            int r = rnd.nextInt(20);
            if (r == 0 || all.isEmpty()) {
                m.allocate(8L * (1 + rnd.nextInt(64)), "r");
            } else if (r == 1 && m.liveRegionCount() > 1) {
                m.free(m.liveRegions().get(rnd.nextInt(m.liveRegionCount())));
            } else if (r == 2 && spaces.size() < 4) {
                spaces.add(m.copy());
            } else if (r == 3) {
                m.copyFrom(spaces.get(rnd.nextInt(spaces.size())));
            } else {
                Region at = all.get(rnd.nextInt(all.size()));
                long a = at.lo() + 8L * rnd.nextInt((int) (at.size() / 8) + 2) - (rnd.nextInt(8) == 0 ? 8 : 0);
                Region want = scan(m, a);
                assertEquals(want, m.regionAt(a), "0x" + Long.toHexString(a));
                if (want != null) {
                    m.write(a, i);
                    assertEquals(i, m.read(a));
                    int len = 1 + rnd.nextInt(12);
                    long[] got = new long[len];
                    if (want.contains(a + 8L * (len - 1))) { // a block read within one region reads each word
                        m.read(a, got, 0, len);
                        for (int w = 0; w < len; w++) {
                            assertEquals(m.read(a + 8L * w), got[w]);
                        }
                    } else {
                        assertThrows(MemoryFault.class, () -> m.read(a, got, 0, len));
                    }
                    live++;
                } else {
                    assertThrows(MemoryFault.class, () -> m.read(a));
                    freed++;
                }
            }
        }
        assertTrue(live > 1000 && freed > 100, "both kinds of access were tried: " + live + " / " + freed);
    }
}

package dev.stackcheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FingerprintSetTest {

    @Test
    void behavesLikeASetOfLongsThroughManyGrowths() {
        FingerprintSet set = new FingerprintSet();
        Set<Long> model = new HashSet<>();
        Random random = new Random(1);
        for (int i = 0; i < 300_000; i++) {
            long v = random.nextLong();
            if (i % 7 == 0) {
                v = v & 0xFFFF; // many collisions in the low bits and in shard 0
            }
            if (v == 0) {
                continue;
            }
            assertEquals(model.add(v), set.add(v));
        }
        assertEquals(model.size(), set.size());
        for (long v : model) {
            assertTrue(set.contains(v));
        }
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextLong();
            assertEquals(model.contains(v), set.contains(v));
        }
        assertTrue(set.bytes() >= 8L * set.size());
        assertTrue(set.bytes() <= 8 / FingerprintSet.GROWN_LOAD * set.size() + 64 * (16 + 8 * 1024 + 16),
                "every shard stays at least 60% full once grown: " + set.bytes() + " bytes for " + set.size());
    }

    @Test
    void reservingRoomKeepsTheFingerprintsAndSparesTheRebuilds() {
        FingerprintSet set = new FingerprintSet();
        Set<Long> model = new HashSet<>();
        Random random = new Random(2);
        for (int round = 0; round < 4; round++) {
            int expected = 20_000 << round;
            set.reserve(expected);
            long bytes = set.bytes();
            for (int i = 0; i < expected; i++) {
                long v = random.nextLong() | 1;
                assertEquals(model.add(v), set.add(v));
            }
            assertEquals(bytes, set.bytes(), "the room reserved sufficed: no shard was rebuilt");
            assertTrue(set.bytes() <= 8 / FingerprintSet.MAX_LOAD * set.size() * 1.25 + 64 * (16 + 8 * 1024 + 16),
                    "the reserved shards are about 73% full: " + set.bytes() + " bytes for " + set.size());
        }
        assertEquals(model.size(), set.size());
        for (long v : model) {
            assertTrue(set.contains(v));
        }
        for (int i = 0; i < 10_000; i++) {
            long v = random.nextLong();
            assertEquals(model.contains(v), set.contains(v));
        }
    }

    @Test
    void zeroIsNotAFingerprint() {
        FingerprintSet set = new FingerprintSet();
        assertThrows(IllegalArgumentException.class, () -> set.add(0));
        assertFalse(set.contains(0));
    }

    /**
     * A shard of 1024 slots takes 819 fingerprints (80% of its slots) and grows at the 820th, to 60% full:
     * ceil(820 / 0.6) + 1 = 1368 slots; the other shards keep theirs.
     */
    @Test
    void aShardGrowsAtTheFingerprintThatWouldPassItsLoad() {
        FingerprintSet set = new FingerprintSet();
        long initial = FingerprintSet.SHARDS * (16 + 8L * 1024);
        assertEquals(initial, set.bytes());
        for (long fp = 1; fp <= 819; fp++) { // top bits 0: shard 0
            assertTrue(set.add(fp));
        }
        assertEquals(initial, set.bytes(), "819 fit in 1024 slots");
        assertTrue(set.add(820));
        assertEquals(initial + 8L * (1368 - 1024), set.bytes(), "grown at the 820th");
        for (long fp = 1; fp <= 820; fp++) {
            assertTrue(set.contains(fp), "kept through the growth: " + fp);
        }
        assertEquals(820, set.size());
        FingerprintSet reserved = new FingerprintSet();
        reserved.reserve(0);
        assertEquals(initial, reserved.bytes(), "nothing expected, nothing made");
    }

    /**
     * A capped set's shards hold their share of the capacity, 80% full: 64,000 fingerprints give each shard
     * 1000 / 0.8 + 1 slots, of which 1000 may be taken (the smallest cap, 16 slots, is shown in
     * DiskFingerprintsTest); a set that is not capped grows instead and is never full.
     */
    @Test
    void aCappedShardHoldsItsShareOfTheCapacity() {
        FingerprintSet set = new FingerprintSet();
        set.cap(64 * 1000);
        assertEquals(FingerprintSet.SHARDS * (16 + 8L * 1251), set.bytes());
        long fp = 1; // top bits 0: shard 0
        while (!set.fullFor(fp)) {
            set.add(fp++);
        }
        assertEquals(1000, set.size());
        FingerprintSet free = new FingerprintSet();
        for (fp = 1; fp <= 819; fp++) {
            free.add(fp);
        }
        assertFalse(free.fullFor(820), "an uncapped shard at its load grows at the next add");
        assertTrue(free.add(820));
        // a capacity whose shards would pass the largest array is refused, not cut to an int
        assertThrows(IllegalArgumentException.class, () -> new FingerprintSet().cap(1L << 40));
    }
}

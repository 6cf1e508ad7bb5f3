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
        assertTrue(set.bytes() < 8L * 4 * set.size() + 64 * 16 * 1024, "load stays above a quarter");
    }

    @Test
    void zeroIsNotAFingerprint() {
        FingerprintSet set = new FingerprintSet();
        assertThrows(IllegalArgumentException.class, () -> set.add(0));
        assertFalse(set.contains(0));
    }
}

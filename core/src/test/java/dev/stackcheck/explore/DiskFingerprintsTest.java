package dev.stackcheck.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fingerprint file: merges keep it sorted and distinct, and report what it already held. */
class DiskFingerprintsTest {

    @TempDir
    Path dir;

    private static FingerprintSet setOf(long... fps) {
        FingerprintSet s = new FingerprintSet();
        for (long f : fps) {
            s.add(f);
        }
        return s;
    }

    private static long[] unsignedSorted(long[] a) {
        return Arrays.stream(a).boxed().sorted(Long::compareUnsigned).mapToLong(Long::longValue).toArray();
    }

    @Test
    void knownAnswersFromTheFileWithoutChangingIt() throws IOException {
        SplittableRandom r = new SplittableRandom(11);
        long[] stored = r.longs(4_000).filter(f -> f != 0).toArray();
        try (DiskFingerprints disk = new DiskFingerprints(dir)) {
            FingerprintSet none = setOf(stored[0]);
            assertArrayEquals(new long[0], disk.known(none), "no file yet: nothing is known");
            assertEquals(0, none.size());
            disk.merge(setOf(stored));
            long[] asked = {stored[5], r.nextLong() | 1, stored[3_999], -3L, stored[17]};
            FingerprintSet set = setOf(asked);
            assertArrayEquals(unsignedSorted(new long[] {stored[5], stored[3_999], stored[17]}), disk.known(set),
                    "the fingerprints the file holds, in unsigned order");
            assertEquals(0, set.size(), "known empties the set");
            assertEquals(stored.length, disk.count(), "and the file keeps its fingerprints");
            assertEquals(1, disk.merges());
            assertArrayEquals(unsignedSorted(stored), disk.merge(setOf(stored)), "every one still there, once");
        }
    }

    @Test
    void mergesReportTheFingerprintsAlreadyOnDisk() throws IOException {
        SplittableRandom r = new SplittableRandom(7);
        long[] first = r.longs(5_000).filter(f -> f != 0).toArray();
        long[] second = new long[3_000];
        for (int i = 0; i < second.length; i++) {
            second[i] = i % 3 == 0 ? first[i] : r.nextLong() | 1; // every third one already on disk
        }
        try (DiskFingerprints disk = new DiskFingerprints(dir)) {
            FingerprintSet set = setOf(first);
            assertArrayEquals(new long[0], disk.merge(set), "nothing on disk yet");
            assertEquals(0, set.size(), "the merge empties the set");
            assertEquals(first.length, disk.count());
            long[] dups = disk.merge(setOf(second));
            long[] expected = unsignedSorted(Arrays.stream(second).filter(f -> Arrays.stream(first).anyMatch(g -> g == f))
                    .toArray());
            assertEquals(1_000, expected.length);
            assertArrayEquals(expected, dups, "in unsigned order, negative fingerprints last");
            assertEquals(first.length + second.length - 1_000, disk.count());
            // everything again: all of it is on disk, once
            long[] all = disk.merge(setOf(Arrays.copyOf(first, first.length)));
            assertArrayEquals(unsignedSorted(first), all);
            assertEquals(2, disk.merges() - 1, "an empty set is not merged");
            assertArrayEquals(new long[0], disk.merge(new FingerprintSet()));
            assertEquals(3, disk.merges());
            assertEquals(8 * (first.length + second.length - 1_000 + disk.count()), disk.peakBytes(),
                    "the old file and the new one during the last merges");
        }
        try (var left = Files.list(dir)) {
            assertEquals(0, left.count(), "closing deletes the file");
        }
    }

    @Test
    void manyFingerprintsCrossTheBuffersAndStayInOrder() {
        // more than one 1 MiB buffer of fingerprints, in two merges that interleave everywhere
        SplittableRandom r = new SplittableRandom(11);
        long[] a = r.longs(300_000).map(f -> f | 1).distinct().toArray();
        long[] b = r.longs(300_000).map(f -> f & ~1L).filter(f -> f != 0).distinct().toArray();
        try (DiskFingerprints disk = new DiskFingerprints(dir)) {
            disk.merge(setOf(a));
            assertArrayEquals(new long[0], disk.merge(setOf(b)), "odd and even fingerprints never meet");
            assertEquals(a.length + b.length, disk.count());
            long[] all = new long[a.length + b.length];
            System.arraycopy(a, 0, all, 0, a.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            assertArrayEquals(unsignedSorted(all), disk.merge(setOf(all)), "read back whole and in order");
            assertEquals(a.length + b.length, disk.count());
        }
    }

    @Test
    void aMergeNeedsRoomForTheNewFileBesideTheOld() {
        Path d = Path.of("/spill");
        long spare = DiskFingerprints.SPARE_BYTES;
        assertEquals(null, DiskFingerprints.spaceShortage(d, 8 * 1000 + spare, 1000));
        assertEquals("not enough disk space in /spill for the fingerprints spilled to disk (3 MB needed, 67 MB free;"
                + " give another directory with --spill-dir)",
                DiskFingerprints.spaceShortage(d, 8 * 500_000 + spare - 1, 500_000));
    }

    @Test
    void aDirectoryThatCannotBeUsedIsAClearFailure() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        try (DiskFingerprints disk = new DiskFingerprints(file)) {
            DiskFingerprints.SpillFailure e = assertThrows(DiskFingerprints.SpillFailure.class,
                    () -> disk.merge(setOf(1, 2, 3)));
            assertTrue(e.getMessage().startsWith("cannot use " + file), e.getMessage());
        }
    }

    @Test
    void aCappedSetSaysWhenAShardIsFull() {
        FingerprintSet s = new FingerprintSet();
        s.cap(64 * 12);
        long inShard0 = 5; // top bits 0: shard 0
        int added = 0;
        while (!s.fullFor(inShard0 + added)) {
            s.add(inShard0 + added);
            added++;
        }
        assertEquals((int) (16 * FingerprintSet.MAX_LOAD), added, "a shard of 12 / 0.8 + 1 slots, 80% full");
        assertThrows(IllegalStateException.class, () -> s.add(1000));
        assertFalse(s.fullFor(-5), "another shard has room");
        long[] taken = s.takeSorted(0);
        assertEquals(added, taken.length);
        assertEquals(0, s.size());
        assertFalse(s.fullFor(inShard0));
        assertThrows(IllegalStateException.class, () -> setOf(1).cap(10));
    }

    /** The spill directory need not exist: the first merge makes it, and closing deletes only the file. */
    @Test
    void aMissingDirectoryIsMadeAtTheFirstMerge() throws IOException {
        Path deep = dir.resolve("a").resolve("b");
        try (DiskFingerprints disk = new DiskFingerprints(deep)) {
            assertArrayEquals(new long[0], disk.merge(setOf(3, 1, 2)));
            assertEquals(3, disk.count());
            assertTrue(Files.isDirectory(deep));
        }
        try (var left = Files.list(deep)) {
            assertEquals(0, left.count());
        }
    }

    /** A file of one fingerprint (8 bytes, the smallest read) is read whole, then found to end. */
    @Test
    void aFileOfOneFingerprint() {
        try (DiskFingerprints disk = new DiskFingerprints(dir)) {
            disk.merge(setOf(5));
            assertArrayEquals(new long[] {5}, disk.merge(setOf(7, 5)));
            assertEquals(2, disk.count());
            assertArrayEquals(new long[] {5, 7}, disk.merge(setOf(5, 7)));
        }
    }
}

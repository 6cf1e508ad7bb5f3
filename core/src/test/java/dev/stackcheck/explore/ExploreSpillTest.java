package dev.stackcheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.faults.Fault;
import dev.stackcheck.faults.FaultCatalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search whose fingerprints spill to disk is the same search: the same states level by level, the same
 * transitions, the same counterexamples, whatever the room in the heap between spills (down to a few
 * fingerprints a shard, so that states taken for new and then found on disk are dropped at every level),
 * the workers, or the shard; and the disk ends up holding every distinct state's fingerprint once.
 */
class ExploreSpillTest {

    @TempDir
    Path dir;

    private static ExploreConfig reference(int depth, int workers) {
        return ExploreConfig.standard(ExploreConfig.engines(Engines.providers()), depth, workers);
    }

    private ExploreResult spilled(ExploreConfig config, long capacity) {
        Explorer e = new Explorer(config.withSpillDir(dir));
        e.forcedSpillCapacity = capacity;
        return e.run();
    }

    /** What must not depend on where the fingerprints are kept. */
    private static List<Object> outcome(ExploreResult r) {
        List<Object> out = new ArrayList<>(List.of(r.levels(), r.states(), r.transitions(), r.complete(),
                r.reached(), r.splitLevel()));
        for (Counterexample c : r.violations()) {
            out.add(List.of(c.engine(), c.invariant(), c.program(), c.message()));
        }
        return out;
    }

    @Test
    void theSearchIsTheSameWhateverTheRoomBetweenSpills() throws IOException {
        ExploreResult inHeap = new Explorer(reference(5, 1)).run();
        assertNull(inHeap.spill(), "nothing spills without a spill directory");
        assertNull(new Explorer(reference(5, 1).withSpillDir(dir)).run().spill(), "nor while the heap has room");
        for (long capacity : new long[] {1, 300, 5_000, 1_000_000}) {
            for (int workers = 1; workers <= 2; workers++) {
                ExploreResult r = spilled(reference(5, workers), capacity);
                assertEquals(outcome(inHeap), outcome(r), "room for " + capacity + ", " + workers + " workers");
                ExploreResult.Spill s = r.spill();
                assertNotNull(s);
                assertEquals(r.states(), s.fingerprints(), "the disk holds every state's fingerprint once");
                assertEquals(dir.toString(), s.dir());
                assertTrue(s.peakBytes() >= 8 * r.states(), "peak " + s.peakBytes());
                // a spill at the first level's start (the root's fingerprint) and at every level's end, and
                // more when the heap fills
                assertTrue(capacity > 5_000 ? s.merges() == 6 : s.merges() > 6, capacity + ": " + s.merges());
            }
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "the fingerprint file is deleted at the end");
        }
    }

    @Test
    void counterexamplesAreTheSame() {
        for (String id : List.of("segment-freed-while-in-use", "copy-adjusts-off-by-one-word")) {
            Fault f = FaultCatalogue.byId(id);
            List<EngineSetup> engines = new ArrayList<>(ExploreConfig.engines(Engines.providers()));
            engines.add(new EngineSetup(f.engineName(), () -> f.factory().apply(Profile.EXPLORE.params())));
            ExploreConfig config = ExploreConfig.standard(engines, 5, 2);
            ExploreResult inHeap = new Explorer(config).run();
            assertFalse(inHeap.ok(), id);
            assertEquals(outcome(inHeap), outcome(spilled(config, 40)), id);
        }
    }

    @Test
    void aShardSpillsAsItWouldKeepInTheHeap() {
        for (int i = 1; i <= 3; i++) {
            ExploreConfig config = reference(5, 2).withShard(i, 3);
            assertEquals(outcome(new Explorer(config).run()), outcome(spilled(config, 100)), "shard " + i + "/3");
        }
        // the last level split between the shards: it keeps its statements while it spills
        ExploreConfig late = reference(1, 1).withShard(2, 3);
        assertEquals(outcome(new Explorer(late).run()), outcome(spilled(late, 1)));
    }

    @Test
    void aDiskThatCannotTakeTheFingerprintsStopsTheSearch() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        Explorer e = new Explorer(reference(3, 1).withSpillDir(file));
        e.forcedSpillCapacity = 10;
        ExploreResult r = e.run();
        assertFalse(r.complete());
        assertEquals(0, r.reached(), "stopped before the first level");
        assertTrue(r.stopped().startsWith("cannot use " + file + " for the fingerprints spilled to disk"),
                r.stopped());
    }

    @Test
    void theHeapsRoomBetweenSpills() {
        // an eighth of a 1,000 MB heap kept free, the levels take 100 MB; the next level 10 bytes a state of
        // a tenth more than the last growth, the current level 2 bytes a state of child counts
        long mb = 1 << 20;
        assertEquals((long) ((875 * mb - 100 * mb) / 8 * 0.8),
                Explorer.spillCapacity(1_000, 1_000, 100 * mb, 1_000 * mb, true));
        assertEquals((long) ((875 * mb - 100 * mb - 10 * 2_750_000 - 2 * 1_000_000) / 8 * 0.8),
                Explorer.spillCapacity(1_000_000, 400_000, 100 * mb, 1_000 * mb, false),
                "a level of 1,000,000 after 400,000 grows to about 2,500,000");
    }

    @Test
    void theStatesMustFitInTheOldGeneration() {
        long heap = Explorer.heapForStates();
        assertTrue(heap > 0 && heap <= Runtime.getRuntime().maxMemory(), heap + " of " + Runtime.getRuntime().maxMemory());
    }

    /**
     * The figures that depend on how each level's states are walked, not only on which states there are:
     * states whose statement leaves the fingerprint unchanged (found through the expanded level's
     * fingerprints, which a spilled level keeps as the heap's does), copies made for the same chunks, and the
     * bytes the levels keep (a spilled last level forgets its fingerprints once they are on disk).
     */
    @Test
    void reusedStatesCopiesAndTheLevelsBytesAreTheSame() {
        for (int workers = 1; workers <= 2; workers++) {
            ExploreResult inHeap = new Explorer(reference(4, workers)).run();
            ExploreResult r = spilled(reference(4, workers), 50);
            assertEquals(outcome(inHeap), outcome(r));
            assertEquals(List.of(inHeap.reused(), inHeap.copies(), inHeap.frontierBytes()),
                    List.of(r.reused(), r.copies(), r.frontierBytes()), workers + " workers");
        }
    }

    /**
     * The state limit counts states the disk confirmed new, as the heap alone would: states taken for new and
     * then found on disk give their room back before the limit cuts a level, and once the room is used up a
     * candidate cuts the level only if the disk does not hold it either (a limit equal to the states stored
     * completes; one below stops with the same levels). Depth 4 stores 3,253 states.
     */
    @Test
    void theStateLimitCountsTheStatesTheDiskConfirmed() {
        for (long limit : new long[] {3253, 3252, 3254, 3000, 100}) {
            ExploreResult inHeap = new Explorer(reference(4, 1).withMaxStates(limit)).run();
            assertEquals(limit >= 3253, inHeap.complete(), "limit " + limit);
            for (long capacity : new long[] {1, 50, 1_000}) {
                for (int workers = 1; workers <= 2; workers++) {
                    ExploreResult r = spilled(reference(4, workers).withMaxStates(limit), capacity);
                    String where = "limit " + limit + ", room for " + capacity + ", " + workers + " workers";
                    assertEquals(outcome(inHeap), outcome(r), where);
                    assertEquals(inHeap.stopped(), r.stopped(), where);
                    assertEquals(r.states(), r.spill().fingerprints(), where + ": only stored states on disk");
                }
            }
        }
    }

    /**
     * A narrow alphabet whose levels never reach 4 states a shard for 100 shards: the last level is the split
     * one, so it keeps its statements and fingerprints while it is made, and the states the disk already
     * held are dropped from it as from any other (the reference engines merge states, unlike the unmerged
     * keys of aShardSpillsAsItWouldKeepInTheHeap's late split).
     */
    @Test
    void aSplitLastLevelDropsTheStatesTheDiskHeld() {
        Alphabet a = new Alphabet(List.of(ExploreConfig.standardLayouts().get(0)), new long[] {0}, 4);
        ExploreConfig config = new ExploreConfig(a, Profile.EXPLORE.params(), ExploreConfig.engines(Engines.providers()),
                4, 1, Long.MAX_VALUE, 1, 1);
        // and the standard alphabet's level 2 (41 states, more than the room its growth promised: its
        // arrays grow) as the last and split level
        ExploreConfig standard = reference(2, 1);
        for (int i : new int[] {1, 7}) {
            ExploreConfig wide = standard.withShard(i, 100);
            assertEquals(outcome(new Explorer(wide).run()), outcome(spilled(wide, 1)), "standard, shard " + i);
        }
        for (int i : new int[] {1, 7}) {
            ExploreConfig shard = config.withShard(i, 100);
            ExploreResult inHeap = new Explorer(shard).run();
            assertEquals(4, inHeap.splitLevel());
            ExploreResult r = spilled(shard, 1);
            assertEquals(outcome(inHeap), outcome(r), "shard " + i);
            assertEquals(inHeap.frontierBytes(), r.frontierBytes(), "the last level's fingerprints are not kept");
        }
    }

    /**
     * A heap of 1 MB: without a spill directory the search stops before the first level whose estimate does
     * not fit, with the heap's message; with one, the fingerprints go to disk there, but the heap cannot keep
     * even a million of them between spills beside the levels, so it stops before the same level, saying so.
     */
    @Test
    void aHeapTooSmallEvenToSpillStopsTheSearch() {
        long heap = 1 << 20;
        ExploreResult inHeap = new Explorer(reference(6, 1), heap).run();
        assertFalse(inHeap.complete());
        assertNull(inHeap.spill());
        int level = inHeap.reached() + 1;
        assertTrue(inHeap.stopped().startsWith("not enough memory for programs of " + level + " statements (about"),
                inHeap.stopped());
        ExploreResult r = new Explorer(reference(6, 1).withSpillDir(dir), heap).run();
        assertFalse(r.complete());
        assertEquals(inHeap.levels(), r.levels());
        assertEquals("not enough memory for programs of " + level + " statements, even with the fingerprints on"
                + " disk (1 MB of heap; give the JVM more, e.g. STACKCHECK_JAVA_OPTS=-Xmx12g)", r.stopped());
    }

    /**
     * A lane broken by the end-of-run check ({@link ExploreSearchTest.CorruptsCaller}) stays broken in the
     * states rebuilt from stored ones: dropping the states the disk held renumbers a level's states, and
     * their broken marks must move with them, or a rebuilt state would run the lane on unbroken.
     */
    @Test
    void brokenLanesKeepTheirMarksWhenKnownStatesAreDropped() {
        List<EngineSetup> engines = new ArrayList<>(ExploreConfig.engines(List.of(Engines.provider("segmented"))));
        engines.add(new EngineSetup("corrupts-caller", ExploreSearchTest.CorruptsCaller::new));
        ExploreConfig config = ExploreConfig.standard(engines, 4, 1);
        ExploreResult inHeap = new Explorer(config).run();
        assertEquals(1, inHeap.violations().size());
        for (long capacity : new long[] {1, 40}) {
            assertEquals(outcome(inHeap), outcome(spilled(config, capacity)), "room for " + capacity);
        }
    }
}

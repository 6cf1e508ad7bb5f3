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
}

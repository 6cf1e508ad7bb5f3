package dev.stackcheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.Engines;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The heap estimate that stops a search before a level that would not fit: the next level is guessed from
 * the growth of the last one (rounded up), at 24 bytes a new state and 8 more while its fingerprints are
 * kept (16 for a count-only last level), on top of the bytes the fingerprint tables and the levels already
 * take.
 */
class ExploreMemoryTest {

    @Test
    void theNextLevelIsEstimatedFromTheLastGrowthRoundedUp() {
        // 100 states after 30: growth 3.33 rounds up to 4, so 400 new states at 24 + 8 bytes
        long need = 400 * 32;
        assertNull(Explorer.memoryShortage(2, 100, 30, 1_000, 1_000 + need, 32), "exactly fits");
        assertEquals("not enough memory for programs of 3 statements (about 400 new states, 0 MB needed, 0 MB of"
                + " heap; give the JVM more, e.g. STACKCHECK_JAVA_OPTS=-Xmx12g)",
                Explorer.memoryShortage(2, 100, 30, 1_000, 1_000 + need - 1, 32));
        // the last level keeps no fingerprints: 24 bytes a state
        assertNull(Explorer.memoryShortage(2, 100, 30, 1_000, 1_000 + 400 * 24, 24));
        assertTrue(Explorer.memoryShortage(2, 100, 30, 1_000, 1_000 + 400 * 24 - 1, 24) != null);
        // a count-only last level: 16 bytes a state
        assertNull(Explorer.memoryShortage(2, 100, 30, 1_000, 1_000 + 400 * 16, 16));
        assertTrue(Explorer.memoryShortage(2, 100, 30, 1_000, 1_000 + 400 * 16 - 1, 16) != null);
        // an exact growth is not rounded further; a level that shrinks counts as growth 1
        assertNull(Explorer.memoryShortage(0, 100, 20, 0, 500 * 32, 32));
        assertTrue(Explorer.memoryShortage(0, 100, 20, 0, 500 * 32 - 1, 32) != null);
        assertNull(Explorer.memoryShortage(5, 100, 300, 0, 100 * 32, 32));
        assertTrue(Explorer.memoryShortage(5, 100, 300, 0, 100 * 32 - 1, 32) != null);
    }

    @Test
    void theMessageGivesTheLevelTheEstimateAndTheHeapInMegabytes() {
        long mb = 1 << 20;
        // 3,000,000 states after 1,000,000: 9,000,000 new states at 32 bytes = 288,000,000 bytes
        String m = Explorer.memoryShortage(6, 3_000_000, 1_000_000, 100 * mb, 256 * mb, 32);
        assertEquals("not enough memory for programs of 7 statements (about 9,000,000 new states, 374 MB needed,"
                + " 256 MB of heap; give the JVM more, e.g. STACKCHECK_JAVA_OPTS=-Xmx12g)", m);
        assertNull(Explorer.memoryShortage(6, 3_000_000, 1_000_000, 100 * mb, Long.MAX_VALUE, 32),
                "a JVM without a heap limit never stops for memory");
    }

    /**
     * Through a search: it stops before the first level whose estimate does not fit beside what the
     * fingerprint tables and the levels take when it is checked (for a search stopped there, what the result
     * reports as their bytes), and one byte more of heap lets it make that level.
     */
    @Test
    void aSearchStopsBeforeTheLevelThatWouldNotFit() {
        ExploreConfig config = ExploreConfig.standard(ExploreConfig.engines(Engines.providers()), 5, 1);
        ExploreResult stopped = new Explorer(config, 600_000).run();
        assertFalse(stopped.complete());
        assertEquals(3, stopped.reached());
        assertEquals(List.of(1L, 5L, 41L, 331L),
                stopped.levels().stream().map(ExploreResult.LevelStats::states).toList());
        // 331 states after 41: growth 8.07 rounds up to 9, and their fingerprints are kept for level 5
        long estimate = 331 * 9;
        long live = stopped.setBytes() + stopped.frontierBytes();
        assertTrue(stopped.stopped().startsWith("not enough memory for programs of 4 statements (about 2,979 new"
                + " states"), stopped.stopped());
        ExploreResult justShort = new Explorer(config, live + estimate * 32 - 1).run();
        assertEquals(3, justShort.reached(), justShort.stopped());
        assertEquals(stopped.stopped(), justShort.stopped());
        ExploreResult fits = new Explorer(config, live + estimate * 32).run();
        assertEquals(4, fits.reached(), "level 4 is made; level 5 is estimated from it and does not fit");
        assertTrue(fits.stopped().startsWith("not enough memory for programs of 5 statements"), fits.stopped());
        assertTrue(new Explorer(config, Long.MAX_VALUE).run().complete());
        // bound 4: level 4 is the last, count-only, at 16 bytes a state beside the same levels and tables
        ExploreConfig four = config.withDepth(4);
        ExploreResult counted = new Explorer(four, live + estimate * 16).run();
        assertTrue(counted.complete(), counted.stopped());
        ExploreResult countShort = new Explorer(four, live + estimate * 16 - 1).run();
        assertEquals(3, countShort.reached());
        assertTrue(countShort.stopped().startsWith("not enough memory for programs of 4 statements (about 2,979 new"
                + " states"), countShort.stopped());
    }
}

package dev.stackcheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.engine.Engines;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The totals explore reports besides states and transitions: each level's number, the transitions whose
 * copy served the next statement, the bytes of its tables, and why a search whose every engine broke stops.
 */
class ExploreTotalsTest {

    @Test
    void theReportedTotalsOfTheReferenceEnginesToFourStatements() {
        for (int workers = 1; workers <= 2; workers++) {
            ExploreResult r = new Explorer(ExploreConfig.standard(ExploreConfig.engines(Engines.providers()), 4,
                    workers)).run();
            for (int l = 0; l < r.levels().size(); l++) {
                assertEquals(l, r.levels().get(l).depth());
            }
            assertEquals(List.of(0L, 5L, 73L, 660L, 5884L),
                    r.levels().stream().map(ExploreResult.LevelStats::transitions).toList());
            assertEquals(2654, r.reused(), "transitions that left the fingerprint as it was, any workers");
            assertTrue(r.copies() > 0 && r.copies() <= r.transitions() + r.states(), "copies " + r.copies());
            assertEquals(workers, r.workers());
            assertEquals(64 * (16 + 8 * 1024), r.setBytes(), "64 shards of 1024 slots hold 3253 states");
            long expanded = r.states() - r.levels().get(4).states(); // the last level keeps only its count
            assertTrue(r.frontierBytes() > 2 * expanded && r.frontierBytes() < 8 * expanded,
                    "a few bytes per expanded state: " + r.frontierBytes());
            assertEquals(4, r.reached());
            assertEquals(1, r.shards());
            assertEquals(-1, r.splitLevel());
        }
    }

    /**
     * The times a search reports agree with each other and with the time its caller saw pass: the elapsed
     * milliseconds (whole ones), the states per second over the same nanoseconds, the sequential step's
     * share, and each progress report's time, which only grows. No bound on speed: only on consistency.
     */
    @Test
    void theReportedTimesAgreeWithEachOther() {
        List<Long> told = new java.util.ArrayList<>();
        long before = System.nanoTime();
        ExploreResult r = new Explorer(ExploreConfig.standard(ExploreConfig.engines(Engines.providers()), 4, 2))
                .run((depth, states, transitions, nanos) -> told.add(nanos));
        long seen = System.nanoTime() - before;
        assertTrue(r.elapsedMs() * 1_000_000 <= seen, r.elapsedMs() + " ms within " + seen + " ns");
        assertTrue(r.elapsedMs() >= 1, "a search of 3,253 states takes a millisecond or more");
        // statesPerSecond = states / elapsed nanoseconds, and elapsedMs is those nanoseconds rounded down
        assertTrue(r.statesPerSecond() * r.elapsedMs() / 1000 <= r.states() * (1 + 1e-9), r.statesPerSecond() + "/s");
        assertTrue(r.statesPerSecond() * (r.elapsedMs() + 1) / 1000 >= r.states(), r.statesPerSecond() + "/s");
        assertTrue(r.serialMs() >= 0 && r.serialMs() <= r.elapsedMs(), "serial " + r.serialMs() + " ms");
        assertTrue(told.size() >= 4, "told after each of 4 levels");
        for (int i = 0; i < told.size(); i++) {
            assertTrue(told.get(i) > 0 && told.get(i) <= seen, "told " + told.get(i) + " ns");
            assertTrue(i == 0 || told.get(i) >= told.get(i - 1), "times only grow");
        }
    }

    /**
     * While a level is made, progress is told on every tick with the level being expanded and the totals so
     * far, which only grow; a search without a listener ticks too, telling no one.
     */
    @Test
    void progressIsToldWhileALevelIsMade() {
        ExploreConfig config = ExploreConfig.standard(ExploreConfig.engines(Engines.providers()), 5, 2);
        Explorer quiet = new Explorer(config);
        quiet.tickMillis = 1;
        assertEquals(29_148, quiet.run().states(), "ticks change nothing");
        List<long[]> told = new java.util.ArrayList<>();
        Explorer e = new Explorer(config);
        e.tickMillis = 1;
        long before = System.nanoTime();
        ExploreResult r = e.run((depth, states, transitions, nanos) -> {
            synchronized (told) {
                told.add(new long[] {depth, states, transitions, nanos});
            }
        });
        long seen = System.nanoTime() - before;
        assertTrue(told.size() > 5, told.size() + " reports: more than one a level");
        long[] last = {0, 0, 0, 0};
        for (long[] t : told) {
            assertTrue(t[0] >= last[0] && t[0] <= 5, "levels in order: " + t[0]);
            assertTrue(t[1] >= last[1] && t[1] <= r.states(), "states so far: " + t[1]);
            assertTrue(t[2] >= last[2] && t[2] <= r.transitions(), "transitions so far: " + t[2]);
            assertTrue(t[3] >= last[3] && t[3] > 0 && t[3] <= seen, "time so far: " + t[3]);
            last = t;
        }
        assertEquals(r.transitions(), last[2]);
    }

    @Test
    void aSearchWhoseEveryEngineBrokeStopsSayingSo() {
        EngineSetup broken = new EngineSetup("broken", () -> {
            throw new IllegalStateException("no engine today");
        });
        ExploreResult r = new Explorer(ExploreConfig.standard(List.of(broken), 3, 1)).run();
        assertFalse(r.complete());
        assertEquals("every engine broke an invariant", r.stopped());
        assertEquals(0, r.reached());
        assertEquals(1, r.states());
    }
}

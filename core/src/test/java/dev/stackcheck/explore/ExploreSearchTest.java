package dev.stackcheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The search's bookkeeping seen through its results: shards partition the programs, a lane broken by the
 * end-of-run check stays broken in every state rebuilt from a stored one, and the frontier's figures.
 */
class ExploreSearchTest {

    private static List<Long> states(ExploreResult r) {
        return r.levels().stream().map(ExploreResult.LevelStats::states).toList();
    }

    private static List<Long> transitions(ExploreResult r) {
        return r.levels().stream().map(ExploreResult.LevelStats::transitions).toList();
    }

    /**
     * Without merging every program is a state of its own, so the shards split the programs exactly: each
     * level from the split on is the sum of the shards' levels, and so are its transitions.
     */
    private static int shardsPartition(ExploreConfig config, int n) {
        int depth = config.depth();
        ExploreResult whole = new Explorer(config).run();
        assertEquals(whole.transitions() + 1, whole.states(), "nothing merged");
        long[] sum = new long[depth + 1];
        long[] tr = new long[depth + 1];
        int split = -1;
        for (int i = 1; i <= n; i++) {
            ExploreResult r = new Explorer(config.withShard(i, n)).run();
            assertTrue(r.complete());
            if (split < 0) {
                split = r.splitLevel();
            }
            assertEquals(split, r.splitLevel(), "every shard splits at the same level");
            assertEquals(states(whole).subList(0, split), states(r).subList(0, split));
            for (int l = split; l <= depth; l++) {
                sum[l] += r.levels().get(l).states();
                tr[l] += r.levels().get(l).transitions();
            }
        }
        for (int l = split; l <= depth; l++) {
            assertEquals(whole.levels().get(l).states(), sum[l], "states of level " + l + " of " + n + " shards");
            if (l > split) {
                assertEquals(whole.levels().get(l).transitions(), tr[l], "transitions into level " + l);
            }
        }
        return split;
    }

    /** The layout {@code one} alone and the value 0: a narrow alphabet, for deep searches. */
    private static ExploreConfig narrow(List<EngineSetup> engines, int depth) {
        Alphabet a = new Alphabet(List.of(ExploreConfig.standardLayouts().get(0)), new long[] {0}, depth);
        return new ExploreConfig(a, Profile.EXPLORE.params(), engines, depth, 1, Long.MAX_VALUE, 1, 1);
    }

    @Test
    void unmergedShardsPartitionThePrograms() {
        List<EngineSetup> plain = List.of(ForkTest.unforkable());
        assertEquals(List.of(1L, 1L, 5L, 20L, 85L, 375L, 1695L), states(new Explorer(narrow(plain, 6)).run()));
        assertEquals(2, shardsPartition(ExploreConfig.standard(plain, 3, 1), 3));
        // 40 shards split level 5 (the first with 4 states a shard), below a level of more than 64 parents,
        // and level 6 is made from each shard's part of it
        assertEquals(5, shardsPartition(narrow(plain, 6), 40));
        // level 3 (20 states) has exactly 4 states a shard for 5 shards: it is the split level
        assertEquals(3, shardsPartition(narrow(plain, 4), 5));
        // no level reaches 4 states a shard: the last level is split
        assertEquals(2, shardsPartition(narrow(plain, 2), 3));
        // 20 shards split level 3 below level 2's 73 parents (two blocks of 64 in its first-child index),
        // with the standard alphabet, whose programs branch unevenly
        assertEquals(3, shardsPartition(ExploreConfig.standard(plain, 4, 1), 20));
    }

    /**
     * A segmented engine that, on the call that makes frame 1, writes 7 into slot 0 of frame 0: a slot of a
     * frame not on top, which only the end-of-run check (and the ret back to frame 0) looks at.
     */
    static class CorruptsCaller extends SegmentedEngine {
        CorruptsCaller() {
            super(Profile.EXPLORE.params());
        }

        @Override
        public void call(Layout layout) {
            super.call(layout);
            if (depth() == 2) {
                memory().write(localAddress(0, 0), 7);
            }
        }
    }

    /**
     * A fault only the end-of-run check finds when it happens: each state whose check broke its lane is
     * stored with the lane broken, and rebuilt by replay for expanding it is checked again so that the lane
     * is broken there too (else the lane would run on, unbroken, in its successors); any number of workers
     * and the shards together find it with the same shortest program.
     */
    @Test
    void aLaneBrokenByTheEndOfRunCheckStaysBrokenInRebuiltStates() {
        List<EngineSetup> engines = new ArrayList<>(ExploreConfig.engines(List.of(Engines.provider("segmented"))));
        engines.add(new EngineSetup("corrupts-caller", CorruptsCaller::new));
        ExploreResult one = new Explorer(ExploreConfig.standard(engines, 4, 1)).run();
        assertEquals(List.of(1L, 5L, 40L, 326L, 2803L), states(one));
        assertEquals(List.of(0L, 5L, 73L, 660L, 5793L), transitions(one));
        assertEquals(1, one.violations().size());
        Counterexample c = one.violations().get(0);
        assertEquals("corrupts-caller", c.engine());
        assertEquals(2, c.length(), c.text());
        assertTrue(c.reproduced(), "the runner, which sweeps older frames, finds it too");
        ExploreResult two = new Explorer(ExploreConfig.standard(engines, 4, 2)).run();
        assertEquals(one.levels(), two.levels());
        assertEquals(c.text(), two.violations().get(0).text());
        for (int n = 2; n <= 3; n++) {
            int found = 0;
            for (int i = 1; i <= n; i++) {
                ExploreResult r = new Explorer(ExploreConfig.standard(engines, 4, 1).withShard(i, n)).run();
                assertEquals(states(one).subList(0, r.splitLevel()), states(r).subList(0, r.splitLevel()));
                found += r.violations().size();
            }
            assertTrue(found >= 1, n + " shards");
        }
    }

    /**
     * What a level keeps, about 2.3 bytes a state: 64 bytes of headers, 2 bytes for each state's statement,
     * once the next level is made 2 for its number of children and 4 for every 64th state's first child,
     * the fingerprints (8 bytes a state) while it waits to be expanded, and a bit a state for the broken ones.
     * The last level of a complete search is never expanded: it keeps only its count, and its parents no
     * child counts.
     */
    private static void frontierBytesAsDocumented(ExploreResult r, boolean lastKeepsFp) {
        long lo = 0;
        long hi = 0;
        int last = r.levels().size() - 1;
        for (ExploreResult.LevelStats l : r.levels()) {
            long s = Math.max(1, l.states());
            boolean countOnly = l.depth() == last && !lastKeepsFp;
            long bytes = 64 + (countOnly ? 0 : 2 * s);
            if (l.depth() < last - 1 || l.depth() == last - 1 && lastKeepsFp) {
                bytes += 2 * s + 4 * ((l.states() + 63) / 64 + 1);
            }
            lo += bytes + 8; // a bit set of one word at least
            hi += bytes + 8 + s / 8 + 8;
            if (l.depth() == last && lastKeepsFp) { // made with room for a tenth more than the growth promised
                lo += 8 * s;
                hi += 8 * s * 5 / 4 + 8 * 16;
            }
        }
        assertTrue(r.frontierBytes() >= lo && r.frontierBytes() <= hi, r.frontierBytes() + " not in " + lo
                + ".." + hi);
    }

    @Test
    void theFrontierKeepsAFewBytesAState() {
        ExploreConfig config = ExploreConfig.standard(ExploreConfig.engines(Engines.providers()), 4, 1);
        ExploreResult done = new Explorer(config).run();
        frontierBytesAsDocumented(done, false);
        ExploreResult stopped = new Explorer(config.withDepth(5), 600_000).run(); // level 4 would keep fingerprints
        assertEquals(3, stopped.reached(), "stopped before level 4, level 3 waiting with its fingerprints");
        frontierBytesAsDocumented(stopped, true);
        // a shard that splits level 2 (41 states, at least 4 for each of 2 shards): its last level is
        // never expanded either, so it too keeps only its count
        ExploreResult shard = new Explorer(config.withShard(1, 2)).run();
        assertEquals(2, shard.splitLevel());
        frontierBytesAsDocumented(shard, false);
        // one worker walks the level in order: a copy for each successor but a state's last (which takes
        // the state's own object) and each chain of unchanged fingerprints, and one per statement replayed
        // below the part of the program the next state shares; a change of the recycling shows here
        assertEquals(4001, done.copies(), "copies of the replay");
    }

    /**
     * The state limit stops a search only when a new state finds no room: a limit of exactly the states a
     * search stores lets it complete (the candidates after the last new one are all known), one less stops it
     * with that many, whichever state of the level comes last.
     */
    @Test
    void theStateLimitCountsOnlyNewStates() {
        ExploreConfig config = ExploreConfig.standard(ExploreConfig.engines(Engines.providers()), 4, 1);
        long all = new Explorer(config).run().states();
        ExploreResult exact = new Explorer(config.withMaxStates(all)).run();
        assertTrue(exact.complete(), exact.stopped());
        assertEquals(all, exact.states());
        for (long limit : new long[] {all - 1, all - 100, 47, 46}) {
            ExploreResult r = new Explorer(config.withMaxStates(limit)).run();
            assertTrue(!r.complete(), "limit " + limit);
            assertEquals("the state limit (" + limit + ") was reached", r.stopped());
            assertEquals(limit, r.states());
        }
    }

    /** Without an engine the start is not expanded: the search ends at level 1, empty, and is complete. */
    @Test
    void withoutEnginesNothingIsExpanded() {
        ExploreResult r = new Explorer(ExploreConfig.standard(List.of(), 3, 1)).run();
        assertTrue(r.complete());
        assertEquals(null, r.stopped());
        assertEquals(List.of(1L, 0L), states(r));
        assertEquals(1, r.reached());
    }

    /** A segmented engine that refuses programs declaring {@code big} or {@code nomap}. */
    static final class RefusesTwo extends SegmentedEngine {
        RefusesTwo() {
            super(Profile.EXPLORE.params());
        }

        @Override
        public Optional<String> refuse(Program program) {
            for (Layout l : program.layouts()) {
                if (l.name().equals("big") || l.name().equals("nomap")) {
                    return Optional.of("no " + l.name());
                }
            }
            return Optional.empty();
        }
    }

    @Test
    void anEngineRefusingLayoutsIsSkippedOnThePathsThatCallThem() {
        List<EngineSetup> engines = List.of(new EngineSetup("picky", RefusesTwo::new));
        ExploreResult r = new Explorer(ExploreConfig.standard(engines, 2, 1)).run();
        assertEquals(List.of("picky: skipped on paths that call big, nomap (it refuses programs declaring them)"),
                r.skipped());
        assertTrue(r.ok(), () -> r.violations().toString());
    }

    /** Unmerged keys are distinct for distinct programs: none of the 27,237 programs of 4 statements merge. */
    @Test
    void unmergedKeysNeverCollide() {
        ExploreResult r = new Explorer(ExploreConfig.standard(List.of(ForkTest.unforkable()), 4, 1)).run();
        assertEquals(List.of(1L, 5L, 73L, 1253L, 25905L), states(r));
        assertEquals(r.transitions() + 1, r.states());
    }

    /**
     * A segmented engine that, once it has run a gc, sets every slot to one more than asked, and keeps its
     * gc count out of its whole state: a gc that changes nothing else leaves the fingerprint as it was, so
     * explore tries the next statement on the same copy, where the gc has already run.
     */
    static final class WrongAfterGc extends SegmentedEngine {
        private int gcs;

        WrongAfterGc() {
            super(Profile.EXPLORE.params());
        }

        @Override
        public void gc() {
            super.gc();
            gcs++;
        }

        @Override
        public void set(int slot, long value) {
            super.set(slot, gcs > 0 ? value + 1 : value);
        }
    }

    /** The counterexample of {@code engine} explored alone to two statements (it must have one). */
    private static Counterexample violationToTwoStatements(EngineSetup engine) {
        ExploreResult r = new Explorer(ExploreConfig.standard(List.of(engine), 2, 1)).run();
        Counterexample c = r.violation(engine.name());
        assertTrue(c != null, () -> r.violations().toString());
        return c;
    }

    /**
     * A violation met on a copy that had run statements keeping its fingerprint: the short program (the
     * parent's and the statement) does not show it, so the counterexample keeps those statements, and the
     * runner reproduces it.
     */
    @Test
    void aCounterexampleKeepsTheStatementsItsCopyRanWhenTheShortProgramDoesNotFail() {
        Counterexample c = violationToTwoStatements(new EngineSetup("wrong-after-gc", WrongAfterGc::new));
        assertTrue(c.reproduced(), c.text());
        assertEquals(3, c.length(), c.text());
        assertEquals(List.of("call one", "gc", "set 0 0"), c.program().body().stream()
                .map(dev.stackcheck.program.Printer::statement).toList(), c.text());
    }

    /** A segmented engine whose {@code get} answers one more than the slot holds: a read that changes nothing. */
    static final class MisreadsSlots extends SegmentedEngine {
        MisreadsSlots() {
            super(Profile.EXPLORE.params());
        }

        @Override
        public long get(int slot) {
            return super.get(slot) + 1;
        }
    }

    /**
     * A violation on a statement that leaves the state as it was (a wrong read): its successor has its
     * parent's fingerprint, and it is still reported, with the shortest program.
     */
    @Test
    void aViolationThatLeavesTheStateAsItWasIsReported() {
        Counterexample c = violationToTwoStatements(new EngineSetup("misreads", MisreadsSlots::new));
        assertEquals(2, c.length(), c.text());
        assertEquals("REF-1", c.invariant(), c.text());
        assertTrue(c.reproduced());
    }

    /** {@link CorruptsCaller} that also refuses programs declaring {@code nomap}. */
    static final class CorruptsAndRefusesNomap extends CorruptsCaller {
        @Override
        public Optional<String> refuse(Program program) {
            return program.hasNomapLayout() ? Optional.of("no nomap") : Optional.empty();
        }
    }

    /**
     * A lane that broke stays broken on the paths that then call a layout it refuses (it is not marked
     * skipped there): the states of this search, pinned, and its one violation.
     */
    @Test
    void aBrokenLaneStaysBrokenWhereItWouldBeSkipped() {
        List<EngineSetup> engines = new ArrayList<>(ExploreConfig.engines(List.of(Engines.provider("segmented"))));
        engines.add(new EngineSetup("corrupts-refuses", CorruptsAndRefusesNomap::new));
        ExploreResult r = new Explorer(ExploreConfig.standard(engines, 4, 1)).run();
        assertEquals(List.of(1L, 5L, 41L, 331L, 2844L), states(r));
        assertEquals(1, r.violations().size());
    }

    /** A segmented engine whose heap runs out at its third frame (an error no check turns into a failure). */
    static final class RunsOutOfMemory extends SegmentedEngine {
        RunsOutOfMemory() {
            super(Profile.EXPLORE.params());
        }

        @Override
        public void call(Layout layout) {
            if (depth() == 2) {
                throw new OutOfMemoryError("test: no heap for a third frame");
            }
            super.call(layout);
        }
    }

    /**
     * Running out of heap while a level is made stops the search, incomplete, with the levels made before
     * and a message naming the level; the other workers stop waiting for the chunk that failed.
     */
    @Test
    void runningOutOfMemoryInALevelStopsTheSearchWithTheLevelsBefore() {
        List<EngineSetup> engines = List.of(new EngineSetup("oom", RunsOutOfMemory::new));
        for (int workers = 1; workers <= 3; workers++) {
            ExploreResult r = new Explorer(ExploreConfig.standard(engines, 5, workers)).run();
            assertTrue(!r.complete());
            assertEquals("out of memory exploring programs of 3 statements (give the JVM more heap, e.g."
                    + " STACKCHECK_JAVA_OPTS=-Xmx12g, or set --max-states)", r.stopped());
            assertEquals(2, r.reached(), "workers " + workers);
            assertEquals(3, r.levels().size());
        }
    }
}

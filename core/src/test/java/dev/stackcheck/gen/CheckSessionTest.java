package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.CopyingProvider;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Printer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckSessionTest {

    private static final CheckOptions QUICK = CheckOptions.DEFAULT.withTries(60).withFailureDir(null);

    @Test
    void sameSeedSameProgramsOpsCoverageAndVerdict() {
        List<CheckTarget> targets = CheckTarget.defaults();
        CheckReport a = CheckSession.run(targets, QUICK.withSeed(1));
        CheckReport b = CheckSession.run(targets, QUICK.withSeed(1));
        assertEquals(60, a.programs());
        assertEquals(a.programs(), b.programs());
        assertEquals(a.ops(), b.ops());
        assertEquals(a.engineOps(), b.engineOps());
        assertEquals(a.coverageCounts(), b.coverageCounts());
        assertEquals(a.skipped(), b.skipped());
        assertEquals(a.verdict(), b.verdict());
        assertTrue(a.ok(), a.summary());
        assertTrue(a.ops() > a.programs(), "programs run statements");
        CheckReport c = CheckSession.run(targets, QUICK.withSeed(2));
        assertFalse(a.ops() == c.ops() && a.coverageCounts().equals(c.coverageCounts()), "another seed, other programs");
    }

    @Test
    void shardsSplitTheProgramsOfOneRunWithoutOverlap() {
        List<CheckTarget> targets = List.of(CheckTarget.of(new CopyingProvider()));
        CheckOptions o = QUICK.withSeed(5).withTries(20);
        CheckReport whole = CheckSession.run(targets, o.withTries(60));
        long ops = 0;
        long engineOps = 0;
        Map<String, Long> cov = new java.util.HashMap<>();
        for (int i = 1; i <= 3; i++) {
            CheckReport shard = CheckSession.run(targets, o.withShard(i + "/3"));
            assertEquals(20, shard.programs());
            assertEquals(i, shard.shard());
            ops += shard.ops();
            engineOps += shard.engineOps();
            shard.coverageCounts().forEach((k, v) -> cov.merge(k, v, Long::sum));
        }
        assertEquals(whole.ops(), ops);
        assertEquals(whole.engineOps(), engineOps);
        assertEquals(whole.coverageCounts(), cov);
        // the program seeds themselves: disjoint across shards, together those of the whole run
        Set<Long> seen = new HashSet<>();
        for (int i = 1; i <= 3; i++) {
            for (long t = 0; t < 20; t++) {
                assertTrue(seen.add(CheckSession.programSeed(5, t * 3 + (i - 1))));
            }
        }
        for (long n = 0; n < 60; n++) {
            assertTrue(seen.contains(CheckSession.programSeed(5, n)));
        }
    }

    @Test
    void shardSyntax() {
        assertEquals(2, QUICK.withShard("2/4").shard());
        assertEquals(4, QUICK.withShard(" 2 / 4 ").shards());
        assertThrows(IllegalArgumentException.class, () -> QUICK.withShard("0/4"));
        assertThrows(IllegalArgumentException.class, () -> QUICK.withShard("5/4"));
        assertThrows(IllegalArgumentException.class, () -> QUICK.withShard("2"));
        assertThrows(IllegalArgumentException.class, () -> QUICK.withShard("a/b"));
    }

    @Test
    void settingsOverrideTheDefaults() {
        Map<String, String> s = Map.of("stackcheck.seed", "9", "stackcheck.tries", "33", "stackcheck.shard", "3/5",
                "stackcheck.maxLength", "12", "stackcheck.failureDir", "none", "stackcheck.shrinkCalls", "77");
        CheckOptions o = CheckSettings.fromSettings(k -> Optional.ofNullable(s.get(k)));
        assertEquals(9, o.seed());
        assertEquals(33, o.tries());
        assertEquals(3, o.shard());
        assertEquals(5, o.shards());
        assertEquals(12, o.generator().maxLength());
        assertNull(o.failureDir());
        assertEquals(77, o.shrinkBudget().maxOracleCalls());
        assertEquals(CheckOptions.DEFAULT, CheckSettings.fromSettings(k -> Optional.empty()));
        Map<String, String> t = Map.of("stackcheck.maxMillis", " 250 ", "stackcheck.failureDir", " out/f ",
                "stackcheck.replay", "false");
        CheckOptions p = CheckSettings.fromSettings(k -> Optional.ofNullable(t.get(k)));
        assertEquals(250, p.maxMillis());
        assertEquals(Path.of("out/f"), p.failureDir());
        assertFalse(p.replaySaved());
        assertTrue(CheckSettings.fromSettings(k -> k.equals("stackcheck.replay") ? Optional.of("true")
                : Optional.empty()).replaySaved());
    }

    @Test
    void aFailureIsShrunkExplainedSavedAndReplayedFirst(@TempDir Path dir) throws Exception {
        CheckTarget fault = PlantedFaults.shrinkIgnoresQuarter();
        CheckReport r = CheckSession.run(List.of(fault), QUICK.withSeed(3).withFailureDir(dir));
        assertFalse(r.ok());
        assertEquals("violation", r.verdict());
        assertEquals(1, r.violations(), "the session stops at the first failing program");
        CheckFailure f = r.failures().get(0);
        assertEquals("CPY-3", f.invariant());
        assertEquals("CPY-3 shrink-ignores-quarter", f.signature());
        assertNotNull(f.programSeed());
        assertTrue(f.program().length() < f.original().length());

        CheckFailure twice = CheckSession.run(List.of(fault), QUICK.withSeed(3)).failures().get(0);
        assertEquals(f.program(), twice.program(), "same seed, same counterexample");
        assertEquals(f.shrink().oracleCalls(), twice.shrink().oracleCalls());

        String msg = f.message(3);
        for (String part : List.of("CPY-3", "shrink policy", Printer.print(f.program()), "before `gc`", "after `gc`",
                "seed 3", "./stackcheck run " + f.savedTo() + " --engine shrink-ignores-quarter")) {
            assertTrue(msg.contains(part), "message lacks '" + part + "':\n" + msg);
        }

        Path saved = f.savedTo();
        assertNotNull(saved);
        assertTrue(saved.startsWith(dir) && saved.getFileName().toString().startsWith("CPY-3-shrink-ignores-quarter-"));
        assertEquals(f.program(), Parser.parse(saved), "the saved .stk parses back to the shrunk program");
        assertTrue(Files.readString(saved).contains("# replay: ./stackcheck run"));

        // next time the saved failure runs first, before any random program
        CheckReport again = CheckSession.run(List.of(fault), QUICK.withTries(0).withFailureDir(dir));
        assertEquals(1, again.savedReplayed());
        assertEquals(0, again.programs());
        assertFalse(again.ok());
        assertEquals(saved, again.failures().get(0).source());
        assertNull(again.failures().get(0).programSeed());

        // failures are kept per engine and configuration: another engine does not replay them
        CheckReport honest = CheckSession.run(List.of(CheckTarget.of(new CopyingProvider())),
                QUICK.withTries(0).withFailureDir(dir));
        assertTrue(honest.ok());
        assertEquals(0, honest.savedReplayed());
    }

    @Test
    void aSavedFailureIsKeptPerEngineAndConfigurationAndItsReplayIsSaid(@TempDir Path dir) throws Exception {
        CheckTarget fault = PlantedFaults.shrinkIgnoresQuarter();
        CheckReport first = CheckSession.run(List.of(fault), QUICK.withSeed(3).withFailureDir(dir));
        Path saved = first.failures().get(0).savedTo();
        assertEquals(dir.resolve("shrink-ignores-quarter"), saved.getParent().getParent(), "DIR/ENGINE/CONFIG/");
        assertTrue(saved.getParent().getFileName().toString().matches("[0-9a-f]{8}"), saved.toString());
        assertFalse(first.stoppedAtSaved());
        assertFalse(first.summary().contains("saved failure"), first.summary());

        // another seed replays it first, stops there and says so plainly
        CheckReport replayed = CheckSession.run(List.of(fault), QUICK.withSeed(99).withFailureDir(dir));
        assertEquals(0, replayed.programs());
        assertTrue(replayed.stoppedAtSaved());
        assertTrue(replayed.summary().contains("saved failures replayed first: 1 (--no-replay"), replayed.summary());
        assertTrue(replayed.summary().contains("stopped at a saved failure, replayed from " + saved
                + ", before drawing any program of seed 99"), replayed.summary());
        assertEquals(true, replayed.toJson().get("stoppedAtSaved"));

        // without the replay it draws programs of its own seed, and says nothing of saved failures
        CheckReport fresh = CheckSession.run(List.of(fault), QUICK.withSeed(99).withFailureDir(dir)
                .withReplaySaved(false));
        assertTrue(fresh.programs() > 0);
        assertEquals(0, fresh.savedReplayed());
        assertFalse(fresh.stoppedAtSaved());
        assertFalse(fresh.summary().contains("saved failure"), fresh.summary());
        assertEquals(99, fresh.seed());

        // the same engine with another configuration (a stack limit) has a folder of its own
        CheckTarget limited = new CheckTarget(fault.name() + "/max65536", fault.engine(), null,
                fault.params().withMaxStack(65536), 65536, fault.factory());
        CheckReport other = CheckSession.run(List.of(limited), QUICK.withSeed(99).withTries(1).withFailureDir(dir));
        assertEquals(0, other.savedReplayed());
        assertFalse(other.stoppedAtSaved());
    }

    @Test
    void aFailureOfASecondDrawIsShrunkFromTheProgramThatFailedAndReplays(@TempDir Path dir) {
        CheckTarget fault = PlantedFaults.copyForgetsCallers();
        CheckFailure f = null;
        long seed = 0;
        for (; seed < 40 && f == null; seed++) {
            CheckReport r = CheckSession.run(List.of(fault),
                    QUICK.withSeed(seed).withFailureDir(dir.resolve("s" + seed)));
            if (!r.failures().isEmpty() && r.failures().get(0).withoutNomap()) {
                f = r.failures().get(0);
            }
        }
        assertNotNull(f, "some seed fails first on a program drawn again without nomap layouts");
        seed--;
        assertEquals(TryRunner.withoutNomapSeed(CheckSession.programSeed(seed, f.tryNumber())), f.programSeed());
        assertFalse(f.original().hasNomapLayout(), "the copying target ran the second draw");
        assertFalse(f.program().hasNomapLayout(), "shrunk within the generator that drew it");
        assertTrue(f.program().length() <= f.original().length());
        assertTrue(f.message(seed).contains("program seed " + f.programSeed() + ", drawn again without nomap layouts"),
                f.message(seed));
        CheckFailure twice = CheckSession.run(List.of(fault), QUICK.withSeed(seed).withFailureDir(null)).failures()
                .get(0);
        assertEquals(f.original(), twice.original(), "same seed, same program");
        assertEquals(f.program(), twice.program(), "same seed, same counterexample");
        CheckReport replay = CheckSession.run(List.of(fault), QUICK.withTries(0)
                .withFailureDir(dir.resolve("s" + seed)));
        assertEquals(1, replay.savedReplayed());
        assertEquals(f.savedTo(), replay.failures().get(0).source(), "the saved program fails again");
    }

    @Test
    void keepGoingRunsEveryTryAndReportsEachKindOnce() {
        CheckReport r = CheckSession.run(
                List.of(PlantedFaults.shrinkIgnoresQuarter(), PlantedFaults.copyForgetsCallers()),
                QUICK.withSeed(4).withKeepGoing(true));
        assertEquals(60, r.programs());
        assertTrue(r.violations() > 1);
        Set<String> kinds = new HashSet<>();
        for (CheckFailure f : r.failures()) {
            assertTrue(kinds.add(f.signature()), "one failure per kind");
        }
        assertTrue(kinds.contains("CPY-3 shrink-ignores-quarter") && kinds.contains("PTR-1 copy-forgets-callers"), kinds.toString());
    }

    /**
     * Only the first {@code maxShrinks} kinds are shrunk: the others are reported as drawn; each failure names
     * the target whose engine broke the invariant, whichever place it has among the targets.
     */
    @Test
    void onlyTheFirstKindsAreShrunkAndEachFailureNamesItsTarget() {
        List<CheckTarget> targets = List.of(PlantedFaults.shrinkIgnoresQuarter(), PlantedFaults.copyForgetsCallers());
        CheckReport r = CheckSession.run(targets, QUICK.withSeed(4).withKeepGoing(true).withMaxShrinks(1));
        assertTrue(r.failures().size() >= 2, r.summary());
        CheckFailure first = r.failures().get(0);
        assertNotNull(first.shrink(), "the first kind is shrunk");
        for (CheckFailure f : r.failures().subList(1, r.failures().size())) {
            assertNull(f.shrink(), f.signature() + " is not shrunk");
            assertEquals(f.original(), f.program(), "reported as drawn");
        }
        for (CheckFailure f : r.failures()) {
            assertEquals(f.violation().engine(), f.target().name());
            assertFalse(f.withoutNomap() && f.original().hasNomapLayout());
        }
        CheckReport stopping = CheckSession.run(targets, QUICK.withSeed(4));
        assertEquals(1, stopping.failures().size(), "without keep-going: the first violation of the first failing program");
        CheckReport none = CheckSession.run(targets, QUICK.withSeed(4).withKeepGoing(true).withMaxShrinks(0));
        for (CheckFailure f : none.failures()) {
            assertNull(f.shrink());
        }
        CheckReport all = CheckSession.run(targets, QUICK.withSeed(4).withKeepGoing(true));
        for (CheckFailure f : all.failures()) {
            assertNotNull(f.shrink(), "three kinds at most are shrunk by default");
        }
    }

    /** The time bound cuts the tries short, on one worker or several, and the report says so. */
    @Test
    void theTimeBoundStopsTheTriesEarly() {
        for (int workers = 1; workers <= 2; workers++) {
            CheckReport r = CheckSession.run(CheckTarget.defaults(), QUICK.withTries(1_000_000).withMaxMillis(1)
                    .withWorkers(workers));
            assertTrue(r.stoppedEarly(), "workers " + workers);
            assertTrue(r.programs() < 1_000_000, r.programs() + " programs");
            assertTrue(r.ok(), r.summary());
        }
        CheckReport unbounded = CheckSession.run(CheckTarget.defaults(), QUICK.withTries(3).withMaxMillis(0));
        assertFalse(unbounded.stoppedEarly());
        assertEquals(3, unbounded.programs());
    }

    @Test
    void theReportedTimesAndTheOracle() {
        long before = System.nanoTime();
        CheckReport r = CheckSession.run(List.of(PlantedFaults.shrinkIgnoresQuarter()), QUICK.withSeed(3));
        long seen = (System.nanoTime() - before) / 1_000_000;
        assertTrue(r.shrinkMs() > 0 && r.shrinkMs() <= r.elapsedMs() && r.elapsedMs() <= seen,
                r.shrinkMs() + " of " + r.elapsedMs() + " ms, within " + seen);
        CheckTarget copying = CheckTarget.of(new CopyingProvider());
        assertEquals(java.util.Optional.empty(), CheckSession.oracle(copying, Parser.parse("frame a words=1\ncall a\n"),
                QUICK.runOptions()));
        CheckFailure f = r.failures().get(0);
        assertEquals(java.util.Optional.of(f.signature()), CheckSession.oracle(f.target(), f.program(),
                QUICK.runOptions()));
        assertThrows(IllegalArgumentException.class, () -> CheckSession.run(List.of(), QUICK));
    }

    /**
     * A saved failure that no longer fails is replayed and not reported; with --keep-going a saved failure
     * does not stop the session, and is kept where it was saved.
     */
    @Test
    void savedFailuresThatPassOrWithKeepGoing(@TempDir Path dir) throws Exception {
        CheckTarget fault = PlantedFaults.shrinkIgnoresQuarter();
        Path saved = CheckSession.run(List.of(fault), QUICK.withSeed(3).withFailureDir(dir)).failures().get(0)
                .savedTo();
        CheckReport going = CheckSession.run(List.of(fault), QUICK.withSeed(99).withTries(5).withFailureDir(dir)
                .withKeepGoing(true));
        assertEquals(1, going.savedReplayed());
        assertEquals(5, going.programs(), "the random programs are drawn too");
        assertEquals(saved, going.failures().get(0).source());
        assertEquals(saved, going.failures().get(0).savedTo(), "kept in its file");
        Path other = dir.resolve("fixed");
        Path again = CheckSession.run(List.of(fault), QUICK.withSeed(3).withFailureDir(other)).failures().get(0)
                .savedTo();
        Files.writeString(again, "frame a words=1\ncall a\nret\n");
        CheckReport fixed = CheckSession.run(List.of(fault), QUICK.withSeed(99).withTries(2).withFailureDir(other));
        assertEquals(1, fixed.savedReplayed());
        assertTrue(fixed.failures().isEmpty() || fixed.failures().get(0).source() == null, fixed.summary());
        assertEquals(2, fixed.programs());
    }

    @Test
    void theJsonHasTheFieldsTheCommandLinePrints() {
        CheckReport r = CheckSession.run(CheckTarget.defaults(), QUICK.withTries(10));
        Map<String, Object> json = r.toJson();
        for (String k : List.of("programs", "ops", "violations", "seed", "elapsedMs", "opsPerSecond", "engines",
                "coverage")) {
            assertTrue(json.containsKey(k), k);
        }
        @SuppressWarnings("unchecked")
        Map<String, Double> cov = (Map<String, Double>) json.get("coverage");
        assertEquals(List.of("split", "lessstack", "cacheHit", "grow", "shrink", "hybridFallback", "deferAdjusted",
                "bigFrame", "overflow"), List.copyOf(cov.keySet()));
        for (double v : cov.values()) {
            assertTrue(v >= 0 && v <= 1);
        }
        assertTrue(r.summary().contains("coverage (share of programs): split"));
    }

    @Test
    void defaultTargetsAddTheCacheAndASmallLimit() {
        List<String> names = CheckTarget.defaults(Engines.providers()).stream().map(CheckTarget::name).toList();
        assertTrue(names.containsAll(List.of("copying", "hybrid", "segmented", "segmented/gcc",
                "copying/max" + CheckTarget.SMALL_LIMIT)), names.toString());
        CheckTarget gcc = CheckTarget.defaults().stream().filter(t -> t.name().equals("segmented/gcc")).findFirst()
                .orElseThrow();
        assertEquals("./stackcheck run F.stk --engine segmented --profile gcc", gcc.replayCommand("F.stk"));
        assertTrue(gcc.params().segmentCache());
    }
}

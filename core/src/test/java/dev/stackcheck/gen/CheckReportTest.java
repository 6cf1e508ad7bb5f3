package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.Invariant;
import dev.stackcheck.check.Violation;
import dev.stackcheck.program.Pos;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A session's report from its counts alone: the verdict (a violation, ok, or unchecked when an engine ran no
 * program), each engine's programs run and refused, coverage shares, rates, and the summary people read.
 */
class CheckReportTest {

    private static final List<String> ENGINES = List.of("segmented", "copying");

    private static CheckReport report(long programs, Map<String, Long> skipped, List<CheckFailure> failures,
                                      boolean stoppedEarly) {
        return new CheckReport(7, 2, 3, programs, 5000, 12000, failures.size(), 1500, 500, ENGINES, skipped,
                Map.of("split", 1L, "grow", 3L), failures, 0, List.of(), stoppedEarly);
    }

    private static CheckFailure failure(Path source, Shrinker.Result shrink) {
        Violation v = new Violation(Invariant.PTR_1, "copying", 12, 3, new Pos(4, 1), "gc", "a pointer moved", "",
                "");
        return new CheckFailure("PTR-1", null, v, null, null, 5L, false, 3, shrink, null, source, null);
    }

    @Test
    void everyEngineRanSomeProgramAndNothingBroke() {
        CheckReport r = report(4, Map.of("copying", 3L), List.of(), false);
        assertTrue(r.ok());
        assertEquals("ok", r.verdict());
        assertEquals(List.of(), r.unchecked());
        assertEquals(Map.of("segmented", Map.of("programs", 4L, "refused", 0L),
                "copying", Map.of("programs", 1L, "refused", 3L)), r.perEngine());
        assertEquals(List.of("segmented", "copying"), List.copyOf(r.perEngine().keySet()), "in target order");
        assertEquals(0.25, r.coverage().get("split"));
        assertEquals(0.75, r.coverage().get("grow"));
        assertEquals(0.0, r.coverage().get("lessstack"));
        assertEquals(5000.0, r.opsPerSecond(), "5000 statements in the 1000 ms not spent shrinking");
        assertEquals(4.0, r.programsPerSecond());
        assertFalse(r.stoppedAtSaved());
        assertEquals("""
                4 programs, 5000 statements (12000 on engines) in 1500 ms: 5000 statements/s, 4 programs/s; seed 7, shard 2/3
                engines (programs run / refused): segmented 4/0 copying 1/3
                coverage (share of programs): split 0.25 lessstack 0.00 cacheHit 0.00 grow 0.75 shrink 0.00 hybridFallback 0.00 deferAdjusted 0.00 bigFrame 0.00 overflow 0.00
                ok: every invariant held
                """, r.summary().replace("\r\n", "\n"));
    }

    @Test
    void anEngineThatRefusedEveryProgramCheckedNothing() {
        CheckReport r = report(4, Map.of("copying", 4L), List.of(), true);
        assertFalse(r.ok());
        assertEquals("unchecked", r.verdict());
        assertEquals(List.of("copying"), r.unchecked());
        String s = r.summary();
        assertTrue(s.contains("seed 7, shard 2/3 (stopped at the time bound; stackcheck.maxMillis raises it)\n"), s);
        assertTrue(s.contains("unchecked: copying refused all 4 programs, so it checked nothing (exit 1)\n"), s);
        assertTrue(s.endsWith("unchecked: no invariant broke, but copying checked nothing\n"), s);
        // no program drawn (a session that stopped at a saved failure, say): no engine is unchecked by it
        assertEquals(List.of(), report(0, Map.of("copying", 0L), List.of(), false).unchecked());
        assertEquals(0.0, report(0, Map.of(), List.of(), false).coverage().get("split"));
    }

    @Test
    void aViolationIsTheVerdictWhateverElseHappened() {
        Shrinker.Result cut = new Shrinker.Result(null, null, "PTR-1", null, 40, 2, true);
        CheckReport r = report(4, Map.of("copying", 4L), List.of(failure(null, cut)), false);
        assertFalse(r.ok());
        assertEquals("violation", r.verdict());
        String s = r.summary();
        assertTrue(s.contains("1 failure(s), first: PTR-1 copying step 12 at 4:1 `gc`: a pointer moved\n"), s);
        assertTrue(s.endsWith("PTR-1: shrinking stopped early at its bound of 40 runs or its time bound, before the"
                + " smallest program (--shrink-runs and --shrink-time raise them)\n"), s);
        String uncut = report(4, Map.of(), List.of(failure(null, new Shrinker.Result(null, null, "PTR-1", null, 40, 2,
                false))), false).summary();
        assertFalse(uncut.contains("shrinking stopped") || uncut.contains("PTR-1: "), uncut);
        assertFalse(r.stoppedAtSaved(), "programs were drawn");
        assertFalse(report(0, Map.of(), List.of(failure(null, null)), false).stoppedAtSaved(), "not from a file");
        assertFalse(report(0, Map.of(), List.of(), false).stoppedAtSaved());
        assertTrue(report(0, Map.of(), List.of(failure(Path.of("saved.stk"), null)), false).stoppedAtSaved());
        assertFalse(report(3, Map.of(), List.of(failure(Path.of("saved.stk"), null)), false).stoppedAtSaved(),
                "a saved failure replayed, then programs drawn (keep going): not stopped at it");
    }

    @Test
    void ratesLeaveShrinkingOutAndNeverDivideByZero() {
        CheckReport r = new CheckReport(1, 1, 1, 10, 300, 900, 0, 800, 800, ENGINES, Map.of(), Map.of(), List.of(),
                0, List.of(), false);
        assertEquals(300_000.0, r.opsPerSecond(), "all of it shrinking: one millisecond");
        assertEquals(10_000.0, r.programsPerSecond());
    }

    @Test
    void theJsonOfAFailureNamesItsFileAndWhereItWasReplayedFrom() {
        CheckFailure saved = new CheckFailure("SEG-4 x", CheckFailureTest.TARGET, CheckFailureTest.V,
                CheckFailureTest.ORIGINAL, CheckFailureTest.SHRUNK, null, false, -1, null, Path.of("f", "x.stk"),
                Path.of("saved.stk"), null);
        CheckFailure drawn = new CheckFailure("SEG-4 x", CheckFailureTest.TARGET, CheckFailureTest.V,
                CheckFailureTest.ORIGINAL, CheckFailureTest.SHRUNK, 12L, true, 3, null, null, null, null);
        CheckReport r = report(0, Map.of(), List.of(saved, drawn), false);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fs = (List<Map<String, Object>>) r.toJson().get("failures");
        assertEquals("saved.stk", fs.get(0).get("replayedFrom"));
        assertEquals(Path.of("f", "x.stk").toString(), fs.get(0).get("file"));
        assertEquals(null, fs.get(1).get("replayedFrom"));
        assertEquals(null, fs.get(1).get("file"));
        assertEquals(true, fs.get(1).get("withoutNomap"));
        assertEquals(12L, fs.get(1).get("programSeed"));
        assertEquals(List.of(1, 3), List.of(fs.get(1).get("statements"), fs.get(1).get("originalStatements")));
    }
}

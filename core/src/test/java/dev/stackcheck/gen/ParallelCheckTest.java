package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.program.Printer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A session's report does not depend on how many threads run its tries. */
class ParallelCheckTest {

    private static final CheckOptions QUICK = CheckOptions.DEFAULT.withTries(80).withFailureDir(null);

    /** Everything a report says but the timing, with the failures in full. */
    private static Map<String, Object> content(CheckReport r) {
        Map<String, Object> m = new LinkedHashMap<>(r.toJson());
        m.remove("elapsedMs");
        m.remove("opsPerSecond");
        m.put("coverageCounts", r.coverageCounts());
        List<String> failures = new ArrayList<>();
        for (CheckFailure f : r.failures()) {
            failures.add(f.signature() + " | try " + f.tryNumber() + " | seed " + f.programSeed() + " | original\n"
                    + Printer.print(f.original()) + " | shrunk\n" + Printer.print(f.program()) + " | runs "
                    + (f.shrink() == null ? -1 : f.shrink().oracleCalls()) + " | " + f.violation().summary()
                    + " | before\n" + f.violation().before() + " | after\n" + f.violation().after());
        }
        m.put("failureDetails", failures);
        return m;
    }

    @Test
    void aPassingSessionReportsTheSameOnOneTwoAndFiveWorkers() {
        List<CheckTarget> targets = CheckTarget.defaults();
        CheckReport one = CheckSession.run(targets, QUICK.withSeed(7).withWorkers(1));
        assertTrue(one.ok(), one.summary());
        assertEquals(80, one.programs());
        for (int w : new int[] {2, 5}) {
            CheckReport many = CheckSession.run(targets, QUICK.withSeed(7).withWorkers(w));
            assertEquals(content(one), content(many), w + " workers");
        }
    }

    @Test
    void theFirstFailureIsTheLowestFailingTryShrunkTheSameWay() {
        // seeds whose first failing program is not the first program: the workers run past it
        Map<CheckTarget, long[]> cases = new LinkedHashMap<>();
        cases.put(PlantedFaults.copyForgetsCallers(), new long[] {2, 3});
        cases.put(PlantedFaults.lessstackWrongSegment(), new long[] {4, 5});
        cases.put(PlantedFaults.shrinkIgnoresQuarter(), new long[] {5});
        for (Map.Entry<CheckTarget, long[]> c : cases.entrySet()) {
            CheckTarget fault = c.getKey();
            for (long seed : c.getValue()) {
                CheckOptions o = QUICK.withTries(300).withSeed(seed)
                        .withShrinkBudget(new Shrinker.Budget(400, 60_000));
                CheckReport one = CheckSession.run(List.of(fault), o.withWorkers(1));
                assertFalse(one.ok(), fault.name() + " seed " + seed + ": " + one.summary());
                assertEquals(1, one.violations());
                long first = one.failures().get(0).tryNumber();
                assertTrue(first > 0, "a case where earlier programs pass");
                // the session stopped at the failing try: it is the last one counted
                assertEquals(first + 1, one.programs());
                for (int w : new int[] {2, 3}) {
                    CheckReport many = CheckSession.run(List.of(fault), o.withWorkers(w));
                    assertEquals(content(one), content(many), fault.name() + " seed " + seed + ", " + w + " workers");
                }
                // every try before it passes: running them all finds no earlier failure of any kind
                CheckReport all = CheckSession.run(List.of(fault), o.withKeepGoing(true).withMaxShrinks(0)
                        .withWorkers(2));
                long lowest = Long.MAX_VALUE;
                for (CheckFailure f : all.failures()) {
                    lowest = Math.min(lowest, f.tryNumber());
                }
                assertEquals(first, lowest);
            }
        }
    }

    @Test
    void keepGoingSessionsAgreeToo() {
        List<CheckTarget> targets = List.of(PlantedFaults.shrinkIgnoresQuarter(), PlantedFaults.copyForgetsCallers());
        CheckOptions o = QUICK.withSeed(4).withKeepGoing(true);
        CheckReport one = CheckSession.run(targets, o.withWorkers(1));
        CheckReport two = CheckSession.run(targets, o.withWorkers(2));
        assertTrue(one.violations() > 1);
        assertEquals(content(one), content(two));
    }

    @Test
    void shardsAndWorkersCombine() {
        List<CheckTarget> targets = CheckTarget.defaults();
        CheckOptions o = QUICK.withTries(30).withSeed(11).withShard(2, 3);
        assertEquals(content(CheckSession.run(targets, o.withWorkers(1))),
                content(CheckSession.run(targets, o.withWorkers(2))));
    }

    @Test
    void whatATryThrowsReachesTheCaller() {
        EngineParams p = Profile.GO1_4.params();
        CheckTarget crashing = CheckTarget.custom("gc-crashes", p, () -> new CopyingEngine(p) {
            @Override
            public void gc() {
                throw new InternalError("planted: gc crashes the checker itself");
            }
        });
        for (int w : new int[] {1, 2}) {
            InternalError e = assertThrows(InternalError.class,
                    () -> CheckSession.run(List.of(crashing), QUICK.withWorkers(w)));
            assertTrue(e.getMessage().startsWith("planted"), e.getMessage());
        }
    }

    @Test
    void workersAreAnOptionAndASetting() {
        assertEquals(0, CheckOptions.DEFAULT.workers());
        assertEquals(Runtime.getRuntime().availableProcessors(), CheckOptions.DEFAULT.effectiveWorkers());
        assertEquals(3, QUICK.withWorkers(3).effectiveWorkers());
        assertThrows(IllegalArgumentException.class, () -> QUICK.withWorkers(-1));
        Map<String, String> s = Map.of("stackcheck.workers", "2");
        assertEquals(2, CheckSettings.fromSettings(k -> Optional.ofNullable(s.get(k))).workers());
    }
}

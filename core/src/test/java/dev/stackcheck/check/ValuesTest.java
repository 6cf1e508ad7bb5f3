package dev.stackcheck.check;

import static dev.stackcheck.check.Tampered.check;
import static dev.stackcheck.check.Tampered.passes;
import static dev.stackcheck.check.Tampered.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.Code;
import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.CopyingProvider;
import dev.stackcheck.engine.Counter;
import dev.stackcheck.engine.Counters;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.engine.Stats;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Pos;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The check package's values and small checks: results, coverage, options, violations, hex, the long
 * stack, the invariant table; every statistic and every leak the end of a run looks at.
 */
class ValuesTest {

    static final EngineParams SMALL = FaultyEnginesTest.SMALL;

    @Test
    void engineResults() {
        Stats s = new Stats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
        Coverage c = counting(1);
        EngineResult a = new EngineResult("e", StackKind.COPYING, new long[] {4, 5}, s, null, c, 7, false);
        assertEquals(a, new EngineResult("e", StackKind.COPYING, new long[] {4, 5}, s, null, c, 7, false));
        assertEquals(a.hashCode(), new EngineResult("e", StackKind.COPYING, new long[] {4, 5}, s, null, c, 7, false)
                .hashCode());
        List<EngineResult> others = List.of(
                new EngineResult("f", StackKind.COPYING, new long[] {4, 5}, s, null, c, 7, false),
                new EngineResult("e", StackKind.SEGMENTED, new long[] {4, 5}, s, null, c, 7, false),
                new EngineResult("e", StackKind.COPYING, new long[] {4, 6}, s, null, c, 7, false),
                new EngineResult("e", StackKind.COPYING, new long[] {4, 5}, Stats.ZERO, null, c, 7, false),
                new EngineResult("e", StackKind.COPYING, new long[] {4, 5}, s, "over", c, 7, false),
                new EngineResult("e", StackKind.COPYING, new long[] {4, 5}, s, null, Coverage.ZERO, 7, false),
                new EngineResult("e", StackKind.COPYING, new long[] {4, 5}, s, null, c, 8, false),
                new EngineResult("e", StackKind.COPYING, new long[] {4, 5}, s, null, c, 7, true));
        for (EngineResult o : others) {
            assertNotEquals(a, o, o.toString());
        }
        assertNotEquals(a, "e");
        assertNotEquals(a.hashCode(), others.get(0).hashCode());
        assertNotEquals(a.hashCode(), others.get(2).hashCode());
        assertEquals(2, a.observationCount());
        assertEquals(5, a.observation(1));
        assertEquals("EngineResult[e COPYING, 2 observations, 7 statements, " + s + ", " + c + "]", a.toString());
        assertEquals("EngineResult[e COPYING, 2 observations, 7 statements, overflow: over, broken, " + s + ", " + c
                + "]", new EngineResult("e", StackKind.COPYING, new long[] {4, 5}, s, "over", c, 7, true).toString());
        long[] obs = a.observations();
        obs[0] = 99;
        assertEquals(4, a.observation(0), "observations() is a copy");
    }

    /** A coverage whose count of each counter is {@code k} times (its ordinal + 1). */
    static Coverage counting(long k) {
        Counters n = new Counters();
        for (Counter c : Counter.values()) {
            n.add(c, k * (c.ordinal() + 1));
        }
        return Coverage.of(n);
    }

    @Test
    void coverageAddsUp() {
        Coverage c = counting(1);
        assertEquals(counting(2), c.plus(c));
        assertEquals(c.hashCode(), counting(1).hashCode());
        assertNotEquals(c, Coverage.ZERO);
        assertNotEquals(c, "c");
        for (Counter k : Counter.values()) {
            assertEquals(k.ordinal() + 1, c.get(k), k.key());
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), List.of(c.split(), c.lessstack(),
                c.cacheHit(), c.grow(), c.shrink(), c.hybridFallback(), c.deferAdjusted(), c.bigFrame(), c.overflow(),
                c.alloc(), c.free()));
        assertEquals(c, Coverage.ZERO.plus(c));
    }

    @Test
    void options() {
        assertEquals(0, new RunOptions(true, 0, 0, true, true).maxSteps());
        assertThrows(IllegalArgumentException.class, () -> new RunOptions(true, -1, 0, true, true));
        assertThrows(IllegalArgumentException.class, () -> new RunOptions(true, 0, -1, true, true));
        RunOptions o = RunOptions.DEFAULT.withSweepCredit(3).withRecordObservations(false);
        assertEquals(3, o.sweepCredit());
        assertEquals(false, o.recordObservations());
        assertEquals(RunOptions.DEFAULT.maxSteps(), o.maxSteps());
    }

    @Test
    void violationsExplainThemselves() {
        Violation v = new Violation(Invariant.REF_2, "e", 3, 2, new Pos(4, 1), "set 0 1", "bad", "B\n", "A\n");
        assertEquals("REF-2 e step 3 at 4:1 `set 0 1`: bad", v.summary());
        assertEquals(v.summary(), v.toString());
        assertEquals("REF-2 e step 3 at 4:1 `set 0 1`: bad\n  invariant REF-2: " + Invariant.REF_2.statement() + "\n"
                + "\nbefore `set 0 1`:\nB\n\nafter `set 0 1`:\nA\n", v.explain());
        Violation bare = new Violation(Invariant.REF_2, "e", 3, -1, Pos.UNKNOWN, "(end of run)", "bad", "", "");
        assertEquals("REF-2 e step 3 at 0:0 `(end of run)`: bad\n  invariant REF-2: " + Invariant.REF_2.statement()
                + "\n", bare.explain());
        RunResult r = Runner.run(Fixtures.parse("frame m words=1\ncall m\nret\n"), List.of(), RunOptions.DEFAULT);
        assertEquals("RunResult[ok, 2 steps, engines=[], skipped=[], violations=[]]", r.toString());
    }

    @Test
    void hexAndCodes() {
        assertEquals("0x0", Hex.of(0));
        assertEquals("0x10", Hex.of(16));
        assertEquals("-0x10", Hex.of(-16));
        assertEquals("-0x1", Hex.of(-1));
        assertEquals("RETURN_PC", Hex.code(Code.RETURN_PC));
        assertEquals("GOEXIT_PC", Hex.code(Code.GOEXIT_PC));
        assertEquals("LESSSTACK_PC", Hex.code(Code.LESSSTACK_PC));
        assertEquals("0x5", Hex.code(5));
    }

    @Test
    void aProvidersSetupMakesItsEnginesWithTheParameters() {
        EngineParams small = EngineParams.DEFAULT.withMaxStack(4096);
        EngineSetup s = EngineSetup.of(new CopyingProvider(), small);
        assertEquals("copying", s.name());
        assertEquals("copying", s.engine());
        assertEquals(small, s.params());
        assertEquals(small, s.factory().get().params());
        assertEquals(StackKind.COPYING, s.factory().get().kind());
    }

    @Test
    void longStacks() {
        LongStack s = new LongStack(2);
        s.push(1);
        s.push(2);
        s.push(3);
        assertEquals(3, s.size());
        assertEquals(3, s.last());
        assertEquals(3, s.pop());
        assertEquals(2, s.size());
        s.set(1, 9);
        assertEquals(9, s.get(1));
        s.truncate(1);
        assertEquals(1, s.toArray().length);
        // copyFrom grows a smaller array
        LongStack big = new LongStack(4);
        for (int i = 0; i < 20; i++) {
            big.push(i);
        }
        big.set(0, 99);
        s.copyFrom(big);
        assertEquals(20, s.size());
        assertEquals(99, s.get(0));
        assertEquals(19, s.last());
        s.copyFrom(t(7));
        assertEquals(1, s.size());
        assertEquals(7, s.get(0));
    }

    private static LongStack t(long v) {
        LongStack t = new LongStack(1);
        t.push(v);
        return t;
    }

    @Test
    void theInvariantTableNamesTheKindsOfStack() {
        String table = Invariant.markdownTable();
        assertTrue(table.startsWith("| ID | invariant | statement | applies to | enforced by |\n|---|---|---|---|---|\n"));
        assertTrue(table.contains("| REF-1 | "), table);
        assertTrue(table.contains(" | all engines | `"), table);
        assertTrue(table.contains(" | copying, hybrid | `") || table.contains(" | copying | `"), table);
        assertEquals(Invariant.values().length + 2, table.lines().count());
    }

    // ---- STAT-1: every statistic

    static final String[] NAMES = {"calls", "returns", "splits", "lessstack", "segmentAllocs", "segmentFrees",
        "cacheHits", "copies", "shrinks", "bytesCopied", "pointersAdjusted"};

    static Stats bump(Stats s, int field, long by) {
        long[] v = {s.calls(), s.returns(), s.splits(), s.lessstack(), s.segmentAllocs(), s.segmentFrees(),
            s.cacheHits(), s.copies(), s.shrinks(), s.bytesCopied(), s.pointersAdjusted()};
        v[field] += by;
        return new Stats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], s.peakReserved(),
                s.peakUsed());
    }

    @Test
    void everyStatisticIsChecked() {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            int field = i;
            Violation v = violation(FaultyEnginesTest.GENERAL, new Tampered(new CopyingEngine(SMALL)) {
                @Override
                public Stats stats() {
                    return bump(super.stats(), field, 1);
                }
            });
            assertEquals(Invariant.STAT_1, v.invariant());
            got.add(v.message());
        }
        assertEquals("stats.calls = 32, but there were 31 call statements run" + "\n"
                + "stats.returns = 32, but there were 31 ret statements run" + "\n"
                + "stats.splits = 1, but there were 0 Split events" + "\n"
                + "stats.lessstack = 1, but there were 0 Lessstack events" + "\n"
                + "stats.segmentAllocs = 6, but there were 5 Alloc events" + "\n"
                + "stats.segmentFrees = 5, but there were 4 Free events" + "\n"
                + "stats.cacheHits = 1, but there were 0 Split events that reused the cached segment" + "\n"
                + "stats.copies = 3, but there were 2 growth Copy events" + "\n"
                + "stats.shrinks = 3, but there were 2 shrinking Copy events" + "\n"
                + "stats.bytesCopied = 1089, but there were 1088 bytes the Copy events moved" + "\n"
                + "stats.pointersAdjusted = 61, but there were 60 pointers the Copy events adjusted", String.join("\n", got));
    }

    @Test
    void anOverflowingCallMayBeCounted() {
        String grow = CopyCheckTest.GROW;
        Tampered counts = new Tampered(new CopyingEngine(SMALL.withMaxStack(256))) {
            @Override
            public Stats stats() {
                return bump(super.stats(), 0, 1);
            }
        };
        RunResult r = Runner.run(Fixtures.parse(grow), List.of(new EngineSetup("t", () -> counts)),
                RunOptions.DEFAULT.withDiagrams(false));
        assertEquals("ok", r.verdict(), r.violations().toString());
        Tampered twice = new Tampered(new CopyingEngine(SMALL.withMaxStack(256))) {
            @Override
            public Stats stats() {
                return bump(super.stats(), 0, 2);
            }
        };
        check("STAT-1 @17 stats.calls = 10, but there were 8 call statements run", violation(grow, twice));
    }

    // ---- LEAK-1: when only frame 0 is live

    @Test
    void leaks() {
        List<String> got = new ArrayList<>();
        // the view lists two segments
        got.add(violation(LaneTest.LOCAL, new Tampered(new CopyingEngine(SMALL)) {
            @Override
            StackView view(StackView real, int n) {
                return n != 16 ? real : new Edit(real) {
                    @Override
                    public List<StackSegment> segments() {
                        return List.of(real.segments().get(0), real.segments().get(0));
                    }
                };
            }
        }).message());
        // an extra region
        got.add(violation(LaneTest.LOCAL, LaneTest.after(new CopyingEngine(SMALL), 16,
                t -> t.memory.allocate(64, "junk"))).message());
        // the cached segment is the base
        got.add(violation(LaneTest.LOCAL, cache(16, true, true)).message());
        // the cached segment is freed
        got.add(violation(LaneTest.LOCAL, cache(16, false, true)).message());
        // the base is freed
        got.add(violation(LaneTest.LOCAL, new Tampered(new CopyingEngine(SMALL)) {
            Region gone;

            @Override
            StackView view(StackView real, int n) {
                if (n != 16) {
                    return real;
                }
                if (gone == null) {
                    gone = memory.allocate(64, "gone");
                    memory.free(gone);
                }
                return new Edit(real) {
                    @Override
                    public List<StackSegment> segments() {
                        StackSegment s = real.segments().get(0);
                        return List.of(new StackSegment(gone, s.firstFrame(), s.endFrame(), s.record()));
                    }
                };
            }
        }).message());
        assertEquals("only frame 0 is live, but the stack has 2 segments" + "\n"
                + "only frame 0 is live, so the engine should hold stack #0 [0x10000, 0x10100), but it holds 2 regions: stack #0 [0x10000, 0x10100), junk #1 [0x12000, 0x12040)" + "\n"
                + "only frame 0 is live, so the engine should hold segment #0 [0x10000, 0x10100) and the cached segment #0 [0x10000, 0x10100), but it holds 2 regions: segment #0 [0x10000, 0x10100), junk #1 [0x12000, 0x12040)" + "\n"
                + "only frame 0 is live, so the engine should hold segment #0 [0x10000, 0x10100) and the cached gone #2 [0x14000, 0x14040), but it holds 2 regions: segment #0 [0x10000, 0x10100), junk #1 [0x12000, 0x12040)" + "\n"
                + "only frame 0 is live, so the engine should hold gone #1 [0x12000, 0x12040), but it holds 1 regions: stack #0 [0x10000, 0x10100)", String.join("\n", got));
    }

    /** at statement {@code at}: a cached segment that is the base (or a freed region), besides a junk region */
    static Tampered cache(int at, boolean base, boolean junk) {
        return new Tampered(new SegmentedEngine(SMALL)) {
            Region cached;

            @Override
            StackView view(StackView real, int n) {
                if (n != at) {
                    return real;
                }
                if (cached == null) {
                    if (junk) {
                        memory.allocate(64, "junk");
                    }
                    if (base) {
                        cached = real.segments().get(0).region();
                    } else {
                        cached = memory.allocate(64, "gone");
                        memory.free(cached);
                    }
                }
                return new Edit(real) {
                    @Override
                    public Region cachedSegment() {
                        return cached;
                    }
                };
            }
        };
    }

    @Test
    void anEngineOfAnotherKindIsNotCheckedForLeaks() {
        passes(LaneTest.LOCAL, new Tampered(new CopyingEngine(SMALL)) {
            @Override
            public StackKind kind() {
                return StackKind.OTHER;
            }

            @Override
            void after(int n) {
                if (n == 16) {
                    memory.allocate(64, "junk");
                }
            }
        });
    }
}

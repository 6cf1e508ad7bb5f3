package dev.stackcheck.check;

import static dev.stackcheck.check.Tampered.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.program.Program;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RunnerTest {

    static final String POINTERS = String.join("\n",
            "frame main words=3",
            "frame f words=3 ptrs=1",
            "call main",
            "set 0 41",
            "repeat 40 {",
            "  call f",
            "  set 0 7",
            "  addr 1 0.0",
            "  load 1",
            "  store 1 42",
            "  get 0",
            "}",
            "repeat 20 {",
            "  defer 1 99",
            "  ret",
            "}",
            "gc",
            "repeat 20 {",
            "  ret",
            "}",
            "get 0",
            "gc",
            "ret",
            "");

    @Test
    void referenceEnginesPassOnSmallSizes() {
        RunResult r = Fixtures.run(POINTERS, Fixtures.small());
        assertEquals("ok", r.verdict(), () -> r.violations().isEmpty() ? "" : r.violations().get(0).explain());
        assertTrue(r.completed());
        assertEquals(4, r.engines().size());
        long[] expected = r.expected();
        assertEquals(81, expected.length);
        assertEquals(41, expected[0]);
        assertEquals(99, expected[expected.length - 1]);
        for (EngineResult e : r.engines()) {
            assertArrayEquals(expected, e.observations(), e.name());
            assertNull(e.overflow());
            assertFalse(e.broken());
        }
        assertTrue(r.engine("segmented").coverage().split() > 0);
        assertTrue(r.engine("segmented").coverage().lessstack() > 0);
        assertTrue(r.engine("copying").coverage().grow() > 0);
        assertTrue(r.engine("copying").coverage().shrink() > 0);
        assertTrue(r.engine("hybrid").coverage().grow() > 0);
        // after the deepest point the program only returns: segments go to the cache, none is taken back
        assertTrue(r.engine("segmented-cache").coverage().lessstack() > 0);
        assertEquals(0, r.engine("segmented-cache").coverage().cacheHit());
    }

    @Test
    void referenceEnginesPassWithTheirProfiles() {
        RunResult r = Fixtures.run(POINTERS, Fixtures.reference());
        assertEquals("ok", r.verdict(), () -> r.violations().isEmpty() ? "" : r.violations().get(0).explain());
    }

    @Test
    void aFirstFrameBiggerThanTheInitialStack() {
        RunResult r = Fixtures.run("frame huge words=100 ptrs=3\nframe f words=2\ncall huge\naddr 3 0.7\n"
                + "repeat 50 {\n  call f\n}\nrepeat 50 {\n  ret\n}\nload 3\ngc\nret\n", Fixtures.small());
        assertEquals("ok", r.verdict(), () -> r.violations().get(0).explain());
        assertEquals(List.of(0L), java.util.Arrays.stream(r.expected()).boxed().toList());
    }

    @Test
    void hotSplitStaysChecked() {
        // frames 0..6 fill a 256-byte segment: every call of frame 7 splits, every ret goes through lessstack
        RunResult r = Fixtures.run("frame f words=3 ptrs=1\ncall f\nrepeat 6 {\n  call f\n}\n"
                + "repeat 2000 {\n  call f\n  addr 1 0.0\n  store 1 5\n  ret\n}\nrepeat 6 {\n  ret\n}\nret\n",
                Fixtures.small());
        assertEquals("ok", r.verdict(), () -> r.violations().get(0).explain());
        assertEquals(2000, r.engine("segmented").coverage().split());
        assertEquals(2000, r.engine("segmented").coverage().lessstack());
        assertEquals(1999, r.engine("segmented-cache").coverage().cacheHit());
        assertEquals(2000, r.engine("segmented").stats().segmentFrees());
    }

    @Test
    void overflowStopsTheEngineAndIsRecorded() {
        dev.stackcheck.engine.EngineParams tiny = new dev.stackcheck.engine.EngineParams(256, false, 256, 0, 1024, 0);
        RunResult r = Fixtures.run("frame f words=3\ncall f\nrepeat 100 {\n  call f\n}\nrepeat 100 {\n  ret\n}\n"
                + "ret\n", List.of(Fixtures.copying(tiny), Fixtures.segmented(tiny), Fixtures.copying(Fixtures.COPY)));
        assertEquals("ok", r.verdict(), () -> r.violations().get(0).explain());
        assertEquals("stack overflow: goroutine stack exceeds 1024-byte limit", r.engines().get(0).overflow());
        assertEquals(1, r.engines().get(0).coverage().overflow());
        assertTrue(r.engines().get(0).statements() < r.steps());
        assertTrue(r.engines().get(1).overflow() != null);
        assertNull(r.engines().get(2).overflow());
        assertEquals(r.steps(), r.engines().get(2).statements());
    }

    @Test
    void anEngineOfAnotherKindGetsTheGeneralChecks() {
        EngineSetup other = new EngineSetup("other", () -> new dev.stackcheck.engine.CopyingEngine(Fixtures.COPY) {
            @Override
            public dev.stackcheck.engine.StackKind kind() {
                return dev.stackcheck.engine.StackKind.OTHER;
            }
        });
        RunResult r = Runner.run(Fixtures.parse(POINTERS), List.of(other), RunOptions.DEFAULT);
        assertEquals("ok", r.verdict(), () -> r.violations().get(0).explain());
        assertEquals(dev.stackcheck.engine.StackKind.OTHER, r.engine("other").kind());
    }

    @Test
    void anEngineThatCannotBeMadeIsACrash() {
        EngineSetup broken = new EngineSetup("broken", () -> {
            throw new IllegalStateException("no engine");
        });
        RunResult r = Runner.run(Fixtures.parse(POINTERS), List.of(broken), RunOptions.DEFAULT);
        assertEquals(Invariant.ENG_1, r.violations().get(0).invariant());
        assertEquals("(start)", r.violations().get(0).statementText());
        assertTrue(r.violations().get(0).message().contains("no engine"));
    }

    @Test
    void illegalStatementIsAProgramRuleErrorWithItsPosition() {
        Program p = Fixtures.parse("frame a words=2\ncall a\nget 5\n");
        ProgramRuleError e = assertThrows(ProgramRuleError.class,
                () -> Runner.run(p, Fixtures.reference(), RunOptions.DEFAULT));
        assertEquals(3, e.pos().line());
        assertEquals(1, e.pos().column());
        assertEquals("get 5", e.statementText());
        assertTrue(e.reason().contains("out of range"), e.reason());
    }

    @Test
    void copyingRefusesNomapAndIsSkipped() {
        RunResult r = Fixtures.run("frame c words=2 nomap\nframe f words=1\ncall c\naddr 0 0.1\ncall f\nret\nret\n",
                Fixtures.reference());
        assertEquals("ok", r.verdict(), () -> r.violations().toString());
        assertEquals(1, r.skipped().size());
        assertEquals("copying", r.skipped().get(0).name());
        assertEquals(2, r.engines().size());
    }

    @Test
    void maxStepsCutsARunShort() {
        Program p = Fixtures.parse("frame a words=1\ncall a\nrepeat 1000 {\n  set 0 1\n}\nret\n");
        RunResult r = Runner.run(p, Fixtures.reference(), RunOptions.DEFAULT.withMaxSteps(10));
        assertFalse(r.completed());
        assertEquals(10, r.steps());
        assertEquals("ok", r.verdict());
    }

    @Test
    void noEnginesStillChecksTheProgram() {
        Program p = Fixtures.parse("frame a words=1\ncall a\nret\nret\n");
        assertThrows(ProgramRuleError.class, () -> Runner.run(p, List.of(), RunOptions.DEFAULT));
    }

    static final RunOptions QUIET = RunOptions.DEFAULT.withSweepCredit(0).withDiagrams(false);

    static RunResult run(String program, RunOptions options, List<Supplier<StackEngine>> engines) {
        List<EngineSetup> specs = new java.util.ArrayList<>();
        for (int i = 0; i < engines.size(); i++) {
            specs.add(new EngineSetup("e" + i, engines.get(i)));
        }
        return Runner.run(Fixtures.parse(program), specs, options);
    }

    /** an engine that breaks frame 3's slot 0 after the last statement of OPEN: only the end's full check sees it */
    static Supplier<StackEngine> breaksAtTheEnd() {
        return () -> new Tampered(new SegmentedEngine(FaultyEnginesTest.SMALL)) {
            @Override
            void after(int n) {
                if (n == 21) {
                    memory.write(inner.view().slotAddress(3, 0), 5);
                }
            }
        };
    }

    @Test
    void anEngineThatFailsToStart() {
        Supplier<StackEngine> bad = () -> new CopyingEngine(FaultyEnginesTest.SMALL) {
            @Override
            protected void createStack() {
                throw new IllegalStateException("no memory today");
            }
        };
        RunResult r = run(LaneTest.LOCAL, RunOptions.DEFAULT, List.of(bad, () -> new CopyingEngine(FaultyEnginesTest.SMALL)));
        assertEquals(1, r.violations().size());
        Violation v = r.violations().get(0);
        assertEquals("ENG-1 e0 step 0 at 0:0 `(start)`: engine crashed in start: java.lang.IllegalStateException:"
                + " no memory today", v.summary().replaceAll(" at dev\\.stackcheck.*", ""));
        assertEquals(-1, v.statement());
        assertEquals("", v.after(), "the replay cannot start the engine either");
        assertFalse(r.completed());
        assertEquals(0, r.steps(), "the run stopped at the start");
        RunResult on = run(LaneTest.LOCAL, RunOptions.DEFAULT.withStopAtFirstViolation(false),
                List.of(bad, () -> new CopyingEngine(FaultyEnginesTest.SMALL)));
        assertEquals(18, on.steps());
        assertTrue(on.completed());
        assertEquals(18, on.engines().get(1).statements());
    }

    @Test
    void whenEveryEngineHasBrokenTheRunStops() {
        Supplier<StackEngine> a = () -> LaneTest.after(new CopyingEngine(FaultyEnginesTest.SMALL), 4, t -> t.memory.write(
                LaneTest.slot(t, 1, 0), 8));
        Supplier<StackEngine> b = () -> LaneTest.after(new CopyingEngine(FaultyEnginesTest.SMALL), 7, t -> t.memory.write(
                LaneTest.slot(t, 0, 0), 41));
        RunResult r = run(LaneTest.LOCAL, QUIET.withStopAtFirstViolation(false), List.of(a, b));
        assertEquals(2, r.violations().size());
        assertEquals(7, r.steps(), "no statement runs once every engine has broken");
        RunResult specOnly = run(LaneTest.LOCAL, QUIET, List.of());
        assertEquals(18, specOnly.steps());
        assertArrayEquals(new long[] {9, 7, 5}, specOnly.expected());
        assertArrayEquals(new long[0], run(LaneTest.LOCAL, QUIET.withRecordObservations(false), List.of()).expected());
    }

    @Test
    void aBrokenEngineIsNotCheckedAgainAtTheEnd() {
        Supplier<StackEngine> early = () -> LaneTest.after(new SegmentedEngine(FaultyEnginesTest.SMALL), 3, t -> t.memory.write(
                t.inner.view().slotAddress(0, 2), 5));
        RunResult r = run(SegmentCheckTest.OPEN, QUIET.withStopAtFirstViolation(false), List.of(early));
        assertEquals(1, r.violations().size(), r.violations().toString());
        assertTrue(r.completed());
    }

    @Test
    void endViolationsStopAtTheFirstWhenAsked() {
        RunResult first = run(SegmentCheckTest.OPEN, QUIET, List.of(breaksAtTheEnd(), breaksAtTheEnd()));
        assertEquals(1, first.violations().size());
        assertEquals("(end of run)", first.violations().get(0).statementText());
        assertEquals("", first.violations().get(0).after());
        RunResult all = run(SegmentCheckTest.OPEN, QUIET.withStopAtFirstViolation(false),
                List.of(breaksAtTheEnd(), breaksAtTheEnd()));
        assertEquals(2, all.violations().size());
        RunResult drawn = run(SegmentCheckTest.OPEN, RunOptions.DEFAULT.withSweepCredit(0), List.of(breaksAtTheEnd()));
        assertTrue(drawn.violations().get(0).after().contains("| frame 3 f"), drawn.violations().get(0).after());
    }

    @Test
    void aReplayThatCannotRunSaysSo() {
        // one engine instance for every request: the replay's second start fails
        Tampered once = LaneTest.after(new CopyingEngine(FaultyEnginesTest.SMALL), 4, t -> t.memory.write(LaneTest.slot(t, 1, 0), 8));
        RunResult r = Runner.run(Fixtures.parse(LaneTest.LOCAL), List.of(new EngineSetup("t", () -> once)),
                RunOptions.DEFAULT);
        Violation v = r.violations().get(0);
        assertEquals("(the replay failed before the statement: java.lang.IllegalStateException: copying: start called"
                + " twice)\n", v.before());
        assertEquals("", v.after());
    }

    @Test
    void aStatementThatThrowsInTheReplayIsNoted() {
        Supplier<StackEngine> crash = () -> new CopyingEngine(FaultyEnginesTest.SMALL) {
            @Override
            public void gc() {
                throw new IllegalStateException("boom");
            }
        };
        Violation v = Runner.run(Fixtures.parse(LaneTest.LOCAL), List.of(new EngineSetup("t", crash)),
                RunOptions.DEFAULT).violations().get(0);
        assertTrue(v.after().startsWith("(the statement threw java.lang.IllegalStateException: boom)\n"), v.after());
    }

    @Test
    void anEngineThatCannotBeMade() {
        Supplier<StackEngine> unmade = () -> {
            throw new IllegalStateException("no engine");
        };
        RunResult stop = run(LaneTest.LOCAL, QUIET, List.of(unmade, () -> new CopyingEngine(FaultyEnginesTest.SMALL)));
        assertEquals(1, stop.violations().size());
        assertTrue(stop.violations().get(0).message().startsWith("engine crashed in its construction:"
                + " java.lang.IllegalStateException: no engine"), stop.violations().get(0).message());
        assertEquals(0, stop.steps());
        assertEquals(List.of(), stop.engines());
        RunResult on = run(LaneTest.LOCAL, QUIET.withStopAtFirstViolation(false),
                List.of(unmade, () -> new CopyingEngine(FaultyEnginesTest.SMALL)));
        assertEquals(18, on.steps());
        assertEquals(1, on.engines().size());
    }

    @Test
    void aStopMidRunLeavesTheOthersUnfinished() {
        Supplier<StackEngine> early = () -> LaneTest.after(new SegmentedEngine(FaultyEnginesTest.SMALL), 4, t -> t.memory.write(
                t.inner.view().slotAddress(1, 0), 8));
        RunResult r = run(SegmentCheckTest.OPEN, QUIET, List.of(early, breaksAtTheEnd()));
        assertEquals(1, r.violations().size(), r.violations().toString());
        assertEquals(4, r.steps());
    }

    @Test
    void resultsFollowTheOrderOfTheEnginesGiven() {
        BlackBoxCheckTest.Fake box = new BlackBoxCheckTest.Fake("box", dev.stackcheck.engine.StackKind.OTHER, FaultyEnginesTest.SMALL,
                p -> BlackBoxCheckTest.completed(new long[0], List.of(), java.util.Map.of()));
        RunResult r = Runner.run(Fixtures.parse(FaultyEnginesTest.NOMAP), List.of(Fixtures.copying(FaultyEnginesTest.SMALL),
                Fixtures.hybrid(FaultyEnginesTest.SMALL), new EngineSetup("box", () -> box), Fixtures.segmented(FaultyEnginesTest.SMALL)), QUIET);
        assertTrue(r.ok(), r.toString());
        assertEquals(List.of("hybrid", "box", "segmented"), r.engines().stream().map(EngineResult::name).toList());
    }
}

package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.BlackBoxEngine;
import dev.stackcheck.engine.BlackBoxEvent.Kind;
import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The runner's black-box path: a whole-program engine checked by what it reports. */
class BlackBoxCheckTest {

    /** A black box whose report is a function of the program. */
    record Fake(String name, StackKind kind, EngineParams params, Function<Program, BlackBoxRun> report)
            implements BlackBoxEngine {
        @Override
        public BlackBoxRun runWhole(Program program) {
            return report.apply(program);
        }
    }

    static final String PROGRAM = String.join("\n",
            "frame main words=2",
            "frame f words=2 ptrs=1",
            "call main",
            "set 0 5",
            "get 0",                 // line 5: observation 1 = 5
            "repeat 3 {",
            "  call f",
            "  addr 1 0.0",
            "  load 1",              // line 9: observations 2, 3, 4 = 5
            "  ret",
            "}",
            "ret",
            "");

    static final long[] EXPECTED = {5, 5, 5, 5};

    static BlackBoxRun completed(long[] obs, List<BlackBoxEvent> events, Map<String, Long> stats) {
        return new BlackBoxRun(BlackBoxRun.Outcome.COMPLETED, "", obs, events, stats, "");
    }

    static RunResult run(Function<Program, BlackBoxRun> report) {
        return run(report, StackKind.COPYING);
    }

    static RunResult run(Function<Program, BlackBoxRun> report, StackKind kind) {
        Fake fake = new Fake("box", kind, Profile.GO1_19.params(), report);
        return Runner.run(Parser.parse(PROGRAM), List.of(new EngineSetup("box", () -> fake)));
    }

    @Test
    void aFaithfulBlackBoxPasses() {
        RunResult r = run(p -> completed(EXPECTED, List.of(), Map.of("calls", 4L, "returns", 4L)));
        assertTrue(r.ok(), r.toString());
        EngineResult e = r.engine("box");
        assertArrayEquals(EXPECTED, e.observations());
        assertEquals(4, e.stats().calls());
        assertEquals(StackKind.COPYING, e.kind());
        assertEquals(r.steps(), e.statements());
    }

    @Test
    void aWrongObservationNamesTheStatementThatMadeIt() {
        RunResult r = run(p -> completed(new long[] {5, 5, 6, 5}, List.of(), Map.of()));
        Violation v = r.violations().get(0);
        assertEquals(Invariant.REF_1, v.invariant());
        assertEquals(9, v.pos().line());
        assertEquals("load 1", v.statementText());
        assertTrue(v.message().contains("observation #3: the engine observed 6, the specification 5"), v.message());
        assertTrue(r.engine("box").broken());
    }

    @Test
    void missingAndExtraObservationsAreRef1() {
        Violation missing = run(p -> completed(new long[] {5, 5}, List.of(), Map.of())).violations().get(0);
        assertEquals(Invariant.REF_1, missing.invariant());
        assertEquals(9, missing.pos().line());
        assertTrue(missing.message().contains("only 2 observations"), missing.message());
        Violation extra = run(p -> completed(new long[] {5, 5, 5, 5, 5}, List.of(), Map.of())).violations().get(0);
        assertEquals(Invariant.REF_1, extra.invariant());
        assertTrue(extra.message().contains("made 5 observations, the specification 4"), extra.message());
    }

    @Test
    void aFailureIsEng1WithItsStandardError() {
        RunResult r = run(p -> BlackBoxRun.failed("timed out after 1 s", new long[] {5}, List.of(), "panic: boom\n"));
        Violation v = r.violations().get(0);
        assertEquals(Invariant.ENG_1, v.invariant());
        assertTrue(v.message().contains("timed out after 1 s") && v.message().contains("panic: boom"), v.message());
    }

    @Test
    void aWrongObservationBeforeAFailureIsReportedFirst() {
        RunResult r = run(p -> BlackBoxRun.failed("crashed", new long[] {4}, List.of(), ""));
        assertEquals(Invariant.REF_1, r.violations().get(0).invariant());
        assertEquals(5, r.violations().get(0).pos().line());
    }

    @Test
    void aRefusalIsSkipped() {
        RunResult r = run(p -> new BlackBoxRun(BlackBoxRun.Outcome.REFUSED, "no nomap", new long[0], List.of(), Map.of(),
                ""));
        assertTrue(r.ok());
        assertTrue(r.engines().isEmpty());
        assertEquals("no nomap", r.skipped().get(0).reason());
    }

    @Test
    void anOverflowMayStopEarly() {
        RunResult r = run(p -> new BlackBoxRun(BlackBoxRun.Outcome.OVERFLOW, "stack overflow", new long[] {5, 5},
                List.of(), Map.of(), ""));
        assertTrue(r.ok(), r.toString());
        assertEquals("stack overflow", r.engine("box").overflow());
        assertEquals(1, r.engine("box").coverage().overflow());
    }

    static BlackBoxEvent grow(long from, long to, long used) {
        return BlackBoxEvent.copy(BlackBoxEvent.Kind.COPY, from, to, used, "stdout line 9");
    }

    @Test
    void copyEventsAreHeldToTheCopyingInvariantsAndCounted() {
        List<BlackBoxEvent> good = List.of(grow(2048, 4096, 1500), grow(4096, 8192, 3000),
                BlackBoxEvent.copy(BlackBoxEvent.Kind.SHRINK, 8192, 4096, 100, "stdout line 12"));
        RunResult ok = run(p -> completed(EXPECTED, good, Map.of("copies", 2L, "shrinks", 1L, "bytesCopied", 4600L)));
        assertTrue(ok.ok(), ok.toString());
        EngineResult e = ok.engine("box");
        assertEquals(2, e.coverage().grow());
        assertEquals(1, e.coverage().shrink());
        assertEquals(2, e.stats().copies());
        assertEquals(4600, e.stats().bytesCopied());

        RunResult tripled = run(p -> completed(EXPECTED, List.of(grow(2048, 6144, 100)), Map.of()));
        Violation v = tripled.violations().get(0);
        assertEquals(Invariant.CPY_2, v.invariant());
        assertTrue(v.message().contains("stdout line 9"), v.message());

        RunResult chain = run(p -> completed(EXPECTED, List.of(grow(4096, 8192, 100)), Map.of()));
        assertEquals(Invariant.CPY_2, chain.violations().get(0).invariant());
        assertTrue(chain.violations().get(0).message().contains("not the initial 2048"));
    }

    @Test
    void anEventThatNamesItsStepIsReportedAtItsStatement() {
        BlackBoxEvent shrink = new BlackBoxEvent(BlackBoxEvent.Kind.SHRINK, 8192, 2048, 100, BlackBoxEvent.UNKNOWN,
                BlackBoxEvent.UNKNOWN, BlackBoxEvent.UNKNOWN, BlackBoxEvent.UNKNOWN, BlackBoxEvent.UNKNOWN,
                BlackBoxEvent.UNKNOWN, "", 3, "stderr line 7");
        RunResult r = run(p -> completed(EXPECTED, List.of(grow(2048, 8192, 100), shrink), Map.of()));
        Violation v = r.violations().get(0);
        assertEquals(Invariant.CPY_3, v.invariant());
        assertEquals(3, v.step());
        assertEquals(7, v.pos().line());
        assertEquals("call f", v.statementText());
        assertTrue(v.message().startsWith("shrink event (stderr line 7): shrink from 8192 to 2048"), v.message());
    }

    @Test
    void copyEventsAreCheckedWhateverTheKind() {
        RunResult r = run(p -> completed(EXPECTED, List.of(grow(2048, 3000, 100)), Map.of()), StackKind.OTHER);
        assertEquals(Invariant.CPY_2, r.violations().get(0).invariant());
    }

    @Test
    void reportedStatisticsMustAgree() {
        Violation calls = run(p -> completed(EXPECTED, List.of(), Map.of("calls", 3L))).violations().get(0);
        assertEquals(Invariant.STAT_1, calls.invariant());
        assertTrue(calls.message().contains("stats.calls = 3, but there were 4"), calls.message());
        Violation copies = run(p -> completed(EXPECTED, List.of(grow(2048, 4096, 10)), Map.of("copies", 2L)))
                .violations().get(0);
        assertEquals(Invariant.STAT_1, copies.invariant());
    }

    @Test
    void blackBoxesReportInTheOrderGivenBesideLockStepEngines() {
        Fake fake = new Fake("box", StackKind.COPYING, Profile.GO1_19.params(),
                p -> completed(EXPECTED, List.of(), Map.of()));
        RunResult r = Runner.run(Parser.parse(PROGRAM), List.of(new EngineSetup("box", () -> fake),
                new EngineSetup("copying", () -> new CopyingEngine(EngineParams.DEFAULT))));
        assertTrue(r.ok(), r.toString());
        assertEquals(List.of("box", "copying"), r.engines().stream().map(EngineResult::name).toList());
        assertArrayEquals(r.engine("copying").observations(), r.engine("box").observations());
    }

    @Test
    void aLockStepViolationStopsTheRunBeforeTheBlackBox() {
        Fake fake = new Fake("box", StackKind.COPYING, Profile.GO1_19.params(), p -> {
            throw new AssertionError("the black box must not run");
        });
        RunResult r = Runner.run(Parser.parse(PROGRAM), List.of(
                new EngineSetup("broken", () -> new CopyingEngine(EngineParams.DEFAULT) {
                    @Override
                    public long get(int slot) {
                        return 99;
                    }
                }),
                new EngineSetup("box", () -> fake)));
        assertEquals(1, r.violations().size());
        assertNull(r.engine("box"));
        assertNotNull(r.engine("broken"));
    }

    @Test
    void aCrashInRunWholeIsEng1() {
        RunResult r = run(p -> {
            throw new IllegalStateException("bug in the adapter");
        });
        assertEquals(Invariant.ENG_1, r.violations().get(0).invariant());
        assertTrue(r.violations().get(0).message().contains("bug in the adapter"));
    }

    static final long U = BlackBoxEvent.UNKNOWN;

    static RunResult run(Function<Program, BlackBoxRun> report, RunOptions options) {
        BlackBoxCheckTest.Fake fake = new BlackBoxCheckTest.Fake("box", StackKind.COPYING, Profile.GO1_19.params(),
                report);
        return Runner.run(Parser.parse(BlackBoxCheckTest.PROGRAM), List.of(new EngineSetup("box", () -> fake)),
                options);
    }

    static String first(RunResult r) {
        Violation v = r.violations().get(0);
        return v.id() + " @" + v.step() + " " + v.statementText() + ": " + v.message();
    }

    static BlackBoxEvent of(Kind k) {
        return BlackBoxEvent.copy(k, U, U, U, "line");
    }

    /** a split, a lessstack, two allocations and a free besides two copies */
    static final List<BlackBoxEvent> EVENTS = List.of(of(Kind.ALLOC), of(Kind.SPLIT), of(Kind.LESSSTACK),
            of(Kind.ALLOC), of(Kind.FREE), grow(2048, 4096, 100), grow(4096, 8192, 300));

    /**
     * When every lane broke, the runner's own pass stops early (it is not cut short), so the black box's pass
     * holds the program to the rules and to maxSteps itself.
     */
    static RunResult besideABrokenLane(String program, RunOptions options) {
        BlackBoxCheckTest.Fake fake = new BlackBoxCheckTest.Fake("box", StackKind.COPYING, Profile.GO1_19.params(),
                p -> completed(EXPECTED, List.of(), Map.of()));
        EngineSetup crashing = new EngineSetup("lane", () -> new CopyingEngine(Profile.GO1_19.params()) {
            @Override
            public void call(Layout layout) {
                throw new IllegalStateException("boom");
            }
        });
        return Runner.run(Parser.parse(program), List.of(crashing, new EngineSetup("box", () -> fake)),
                options.withStopAtFirstViolation(false));
    }

    @Test
    void statisticsNotReportedAreCountedFromTheEvents() {
        RunResult r = run(p -> completed(EXPECTED, EVENTS, Map.of()));
        assertTrue(r.ok(), r.toString());
        EngineResult e = r.engine("box");
        assertEquals("Coverage[split=1, lessstack=1, cacheHit=0, grow=2, shrink=0, hybridFallback=0, deferAdjusted=0,"
                + " bigFrame=0, overflow=0, alloc=2, free=1, bytesCopied=0, pointersAdjusted=0]", e.coverage().toString());
        long none = dev.stackcheck.engine.Stats.NOT_REPORTED; // no event tells calls, returns or cache hits
        assertEquals(List.of(none, none, 1L, 1L, 2L, 1L, none, 2L, 0L, 400L), List.of(e.stats().calls(), e.stats().returns(),
                e.stats().splits(), e.stats().lessstack(), e.stats().segmentAllocs(), e.stats().segmentFrees(),
                e.stats().cacheHits(), e.stats().copies(), e.stats().shrinks(), e.stats().bytesCopied()));
        assertEquals(16, e.statements());
    }

    @Test
    void everyReportedStatisticMustAgree() {
        List<String> got = new ArrayList<>();
        for (String name : List.of("returns", "shrinks", "splits", "lessstack", "segmentAllocs", "segmentFrees",
                "bytesCopied")) {
            got.add(first(run(p -> completed(EXPECTED, EVENTS, Map.of(name, 7L)))));
        }
        assertEquals(List.of(
                "STAT-1 @16 (whole program): stats.returns = 7, but there were 4 ret statements run",
                "STAT-1 @16 (whole program): stats.shrinks = 7, but there were 0 shrink events",
                "STAT-1 @16 (whole program): stats.splits = 7, but there were 1 split events",
                "STAT-1 @16 (whole program): stats.lessstack = 7, but there were 1 lessstack events",
                "STAT-1 @16 (whole program): stats.segmentAllocs = 7, but there were 2 alloc events",
                "STAT-1 @16 (whole program): stats.segmentFrees = 7, but there were 1 free events",
                "STAT-1 @16 (whole program): stats.bytesCopied = 7, but there were 400 bytes the copy and shrink events"
                        + " moved"), got);
        assertTrue(run(p -> completed(EXPECTED, EVENTS, Map.of("calls", 4L, "returns", 4L, "copies", 2L,
                "bytesCopied", 400L))).ok());
    }

    @Test
    void bytesCopiedAreCheckedOnlyWhenEveryCopySaidHowMany() {
        List<BlackBoxEvent> silent = List.of(grow(2048, 4096, U), grow(4096, 8192, 300));
        assertTrue(run(p -> completed(EXPECTED, silent, Map.of("bytesCopied", 5L))).ok());
        List<BlackBoxEvent> reversed = List.of(grow(2048, 4096, 300), grow(4096, 8192, U));
        assertTrue(run(p -> completed(EXPECTED, reversed, Map.of("bytesCopied", 5L))).ok());
        List<BlackBoxEvent> none = List.of(grow(2048, 4096, 0));
        assertEquals("STAT-1 @16 (whole program): stats.bytesCopied = 5, but there were 0 bytes the copy and shrink"
                + " events moved", first(run(p -> completed(EXPECTED, none, Map.of("bytesCopied", 5L)))));
    }

    @Test
    void anOverflowVouchesForTheStatementsUpToItsLastObservation() {
        RunResult r = run(p -> new BlackBoxRun(BlackBoxRun.Outcome.OVERFLOW, "stack overflow", new long[] {5, 5},
                List.of(), Map.of("calls", 99L, "returns", 99L), ""));
        assertTrue(r.ok(), r.toString());
        assertEquals(6, r.engine("box").statements(), "up to the first load (step 5)");
        assertEquals(0, run(p -> completed(EXPECTED, List.of(), Map.of())).engine("box").coverage().overflow());
    }

    @Test
    void theFirstMissingObservationIsNamed() {
        RunResult r = run(p -> completed(new long[] {5}, List.of(), Map.of()));
        Violation v = r.violations().get(0);
        assertEquals("REF-1 @5 load 1: the engine made only 1 observations; the specification makes observation #2"
                + " here (of 4)", first(r));
        assertEquals(9, v.pos().line());
    }

    @Test
    void anEventAtTheFirstStatementIsReportedThere() {
        BlackBoxEvent atZero = new BlackBoxEvent(Kind.COPY, 4096, 8192, 100, U, U, U, U, U, U, "", 0, "line 1");
        assertEquals("CPY-2 @0 call main: copy event (line 1): the first copy starts from a stack of 4096 bytes, not"
                + " the initial 2048", first(run(p -> completed(EXPECTED, List.of(atZero), Map.of()))));
        BlackBoxEvent beyond = new BlackBoxEvent(Kind.COPY, 4096, 8192, 100, U, U, U, U, U, U, "", 99, "line 1");
        assertEquals("ENG-1 @16 (whole program): copy event (line 1) at step 99, but the program runs only 16"
                + " statements (steps 0 to 15)", first(run(p -> completed(EXPECTED, List.of(beyond), Map.of()))));
    }

    /** a run cut short by maxSteps does not run its black boxes; one of exactly maxSteps runs them whole */
    @Test
    void maxStepsAndBlackBoxes() {
        RunResult cut = run(p -> completed(EXPECTED, List.of(), Map.of()), RunOptions.DEFAULT.withMaxSteps(3));
        assertEquals(null, cut.engine("box"));
        RunResult exact = run(p -> completed(EXPECTED, List.of(), Map.of()), RunOptions.DEFAULT.withMaxSteps(16));
        assertTrue(exact.ok(), exact.toString());
        assertEquals(16, exact.engine("box").statements());
    }

    @Test
    void anIllegalProgramIsTheProgramsFault() {
        BlackBoxCheckTest.Fake fake = new BlackBoxCheckTest.Fake("box", StackKind.COPYING, Profile.GO1_19.params(),
                p -> completed(new long[0], List.of(), Map.of()));
        Program bad = Parser.parse("frame m words=1\ncall m\nret\nset 0 1\n");
        assertThrows(ProgramRuleError.class, () -> Runner.run(bad, List.of(new EngineSetup("box", () -> fake))));
    }

    /** a failed run names its standard error, or says it was empty */
    @Test
    void aFailedRunQuotesItsStandardError() {
        assertEquals("ENG-1 @16 (whole program): the engine failed: exit 2; its standard error was empty",
                first(run(p -> BlackBoxRun.failed("exit 2", EXPECTED, List.of(), "  \n"))));
        assertEquals("ENG-1 @16 (whole program): the engine failed: exit 2; its standard error ends:\n    boom",
                first(run(p -> BlackBoxRun.failed("exit 2", EXPECTED, List.of(), "boom\n"))));
    }

    /** the result of a black box: its observations only when recorded, its overflow message only when it overflowed */
    @Test
    void theResultOfABlackBox() {
        EngineResult ok = run(p -> completed(EXPECTED, List.of(), Map.of())).engine("box");
        assertEquals(4, ok.observations().length);
        assertEquals(null, ok.overflow());
        assertEquals(false, ok.broken());
        EngineResult quiet = run(p -> completed(EXPECTED, List.of(), Map.of()),
                RunOptions.DEFAULT.withRecordObservations(false)).engine("box");
        assertEquals(0, quiet.observations().length);
        EngineResult wrong = run(p -> completed(new long[] {5, 6, 5, 5}, List.of(), Map.of())).engine("box");
        assertEquals(true, wrong.broken());
    }

    /** a wrong observation and a bad copy event: the observation, found first, is the one reported */
    @Test
    void aWrongObservationComesBeforeABadEvent() {
        BlackBoxEvent bad = new BlackBoxEvent(Kind.COPY, 4096, 8192, 100, U, U, U, U, U, U, "", 0, "line 1");
        assertEquals("REF-1 @5 load 1: observation #2: the engine observed 6, the specification 5",
                first(run(p -> completed(new long[] {5, 6, 5, 5}, List.of(bad), Map.of()))));
    }

    /** an overflowed run's calls and returns are partial: not held to the program's */
    @Test
    void anOverflowedRunsCallsAreNotCounted() {
        assertTrue(run(p -> new BlackBoxRun(BlackBoxRun.Outcome.OVERFLOW, "stack overflow", EXPECTED, List.of(),
                Map.of("calls", 1L, "returns", 0L), "")).ok());
        assertEquals("STAT-1 @16 (whole program): stats.calls = 1, but there were 4 call statements run",
                first(run(p -> completed(EXPECTED, List.of(), Map.of("calls", 1L)))));
    }

    @Test
    void besideABrokenLaneTheBlackBoxChecksTheRules() {
        ProgramRuleError e = assertThrows(ProgramRuleError.class, () -> besideABrokenLane(
                "frame m words=1\ncall m\nret\nset 0 1\n", RunOptions.DEFAULT));
        assertTrue(e.getMessage().contains("set 0 1"), e.getMessage());
    }

    @Test
    void besideABrokenLaneTheBlackBoxStopsAtMaxSteps() {
        RunResult r = besideABrokenLane(BlackBoxCheckTest.PROGRAM, RunOptions.DEFAULT.withMaxSteps(5));
        assertEquals(2, r.violations().size(), r.toString());
        Violation v = r.violations().get(1);
        assertEquals("REF-1 @5 (whole program): the engine made 4 observations, the specification 1",
                v.id() + " @" + v.step() + " " + v.statementText() + ": " + v.message());
    }
}

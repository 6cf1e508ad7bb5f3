package dev.stackcheck.check;

import static dev.stackcheck.check.BlackBoxCheckTest.EXPECTED;
import static dev.stackcheck.check.BlackBoxCheckTest.completed;
import static dev.stackcheck.check.BlackBoxCheckTest.grow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.BlackBoxEvent.Kind;
import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.engine.CopyingEngine;
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

/** A black box's report at its edges: every statistic, events of every kind, missing observations, limits. */
class BlackBoxEdgesTest {

    static final long U = BlackBoxEvent.UNKNOWN;

    static RunResult run(Function<Program, BlackBoxRun> report, RunOptions options) {
        BlackBoxCheckTest.Fake fake = new BlackBoxCheckTest.Fake("box", StackKind.COPYING, Profile.GO1_19.params(),
                report);
        return Runner.run(Parser.parse(BlackBoxCheckTest.PROGRAM), List.of(new EngineSetup("box", () -> fake)),
                options);
    }

    static RunResult run(Function<Program, BlackBoxRun> report) {
        return run(report, RunOptions.DEFAULT);
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

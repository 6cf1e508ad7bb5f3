package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.BlackBoxEngine;
import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
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
}

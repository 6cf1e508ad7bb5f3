package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.program.Parser;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CPY-4 for kind fixed ({@link FixedStackCheck}), one branch at a time: a fixed-stack black box that reports
 * a faithful outcome passes; one that overflows one call too early, at a call the program never makes, or
 * completes a program whose slots alone pass the block fails at the call it blames, with its message.
 *
 * <p>The sizes: 64-byte frames (8 words), at most 36 bytes of C overhead per frame (stackGuard), 100 bytes
 * below frame 0 (initialStack) and a 1000-byte block. With k frames live the stack needs at most
 * {@code 100 + 100k} bytes: call #9 fits exactly (1000), call #10 may overflow. The slots alone pass the
 * block at call #16 (1024 bytes).
 */
class FixedStackCheckTest {

    static final EngineParams P = Profile.C_FIXED.params().withStackGuard(36).withInitialStack(100)
            .withMaxStack(1000);

    /** 20 nested calls (steps 0..19), then 20 rets. */
    static final String DEEP = String.join("\n",
            "frame f words=8",
            "repeat 20 {",
            "  call f",
            "}",
            "repeat 20 {",
            "  ret",
            "}",
            "");

    /** One frame with 4 defers (each one more overhead), then 8 more frames: call #9 is step 13. */
    static final String DEFERS = String.join("\n",
            "frame f words=8 ptrs=1",
            "call f",
            "addr 1 0.0",
            "defer 1 1",
            "defer 1 2",
            "defer 1 3",
            "defer 1 4",
            "repeat 8 {",
            "  call f",
            "}",
            "repeat 9 {",
            "  ret",
            "}",
            "");

    /** Below main, a frame pushed and popped 12 times: never more than two frames live. */
    static final String FLAT = String.join("\n",
            "frame f words=8",
            "call f",
            "repeat 12 {",
            "  call f",
            "  ret",
            "}",
            "ret",
            "");

    static RunResult run(String program, BlackBoxRun.Outcome outcome, Long calls) {
        Map<String, Long> stats = new HashMap<>();
        if (calls != null) {
            stats.put("calls", calls);
        }
        BlackBoxCheckTest.Fake fake = new BlackBoxCheckTest.Fake("c", StackKind.FIXED, P,
                p -> new BlackBoxRun(outcome, outcome == BlackBoxRun.Outcome.OVERFLOW ? "stack overflow" : "",
                        new long[0], List.of(), stats, ""));
        return Runner.run(Parser.parse(program), List.of(new EngineSetup("c", () -> fake)));
    }

    static RunResult overflowAt(String program, long call) {
        return run(program, BlackBoxRun.Outcome.OVERFLOW, call);
    }

    static Violation only(RunResult r) {
        assertEquals(1, r.violations().size(), r.toString());
        return r.violations().get(0);
    }

    static void assertOk(RunResult r) {
        assertTrue(r.ok(), r.toString());
    }

    @Test
    void anOverflowAtTheFirstCallPastTheBlockPasses() {
        assertOk(overflowAt(DEEP, 10));
    }

    @Test
    void anOverflowAtACallThatFitsExactlyIsTooEarly() {
        Violation v = only(overflowAt(DEEP, 9));
        Tampered.assertViolation(v, Invariant.CPY_4, 8, "the engine overflowed at call #9, but its 9 live frames"
                + " need at most 1000 bytes (slots 576, at most 36 bytes of C frame each, 100 below frame 0)"
                + " of the 1000-byte stack");
        assertEquals("call f", v.statementText(), v::summary);
    }

    @Test
    void anOverflowAtTheFirstCallIsTooEarly() {
        Violation v = only(overflowAt(DEEP, 1));
        Tampered.assertViolationContains(v, Invariant.CPY_4, 0, "overflowed at call #1", "1 live frames",
                "at most 200 bytes", "slots 64");
    }

    @Test
    void aLaterOverflowThanTheFirstPossibleOnePasses() {
        // the C overhead per frame is at most stackGuard: an engine with less overflows later
        assertOk(overflowAt(DEEP, 11));
        assertOk(overflowAt(DEEP, 16));
    }

    @Test
    void anOverflowAtACallPastTheProgramsCalls() {
        Violation v = only(overflowAt(DEEP, 21));
        assertEquals(Invariant.CPY_4, v.invariant(), v::summary);
        assertEquals(-1, v.step(), v::summary);
        assertEquals("(whole program)", v.statementText(), v::summary);
        assertEquals("the engine overflowed at call #21, but the program makes only 20 calls", v.message());
    }

    @Test
    void completingAProgramWhoseSlotsPassTheBlock() {
        Violation v = only(run(DEEP, BlackBoxRun.Outcome.COMPLETED, null));
        Tampered.assertViolation(v, Invariant.CPY_4, 15, "the live frames' slots alone take 1024 bytes, past the"
                + " 1000-byte stack, but the engine did not overflow");
    }

    @Test
    void completingAProgramWhoseSlotsFitPasses() {
        // 15 frames: 960 bytes of slots, 1600 with the most overhead: the C frames may be smaller
        String fifteen = DEEP.replace("20", "15");
        assertOk(run(fifteen, BlackBoxRun.Outcome.COMPLETED, null));
    }

    @Test
    void anOverflowWithoutACallCountIsNotJudged() {
        assertOk(run(DEEP, BlackBoxRun.Outcome.OVERFLOW, null));
    }

    @Test
    void returnsFreeTheirFrames() {
        // at most two frames live: completing passes, and an overflow at any call is too early
        assertOk(run(FLAT, BlackBoxRun.Outcome.COMPLETED, null));
        Violation v = only(overflowAt(FLAT, 13));
        Tampered.assertViolationContains(v, Invariant.CPY_4, 23, "overflowed at call #13", "2 live frames",
                "at most 300 bytes", "slots 128");
    }

    @Test
    void eachDeferCountsOneMoreOverhead() {
        // call #9 with 4 defers in frame 0: 576 + 13 * 36 + 100 = 1144 > 1000: may overflow
        assertOk(overflowAt(DEFERS, 9));
        // call #8: 512 + 12 * 36 + 100 = 1044 > 1000 still; call #7: 448 + 11 * 36 + 100 = 944: too early
        assertOk(overflowAt(DEFERS, 8));
        Violation v = only(overflowAt(DEFERS, 7));
        Tampered.assertViolationContains(v, Invariant.CPY_4, 11, "overflowed at call #7", "7 live frames",
                "at most 944 bytes", "slots 448");
    }

    @Test
    void aReturnFreesItsDefersOverheadToo() {
        String program = String.join("\n",
                "frame f words=8 ptrs=1",
                "call f",
                "call f",
                "addr 1 0.0",
                "defer 1 1",
                "defer 1 2",
                "defer 1 3",
                "defer 1 4",
                "defer 1 5",
                "ret",            // frees 64 + 6 * 36
                "repeat 8 {",
                "  call f",
                "}",
                "repeat 9 {",
                "  ret",
                "}",
                "");
        // call #10 is the ninth live frame: 576 + 9 * 36 + 100 = 1000 exactly: too early
        Violation v = only(overflowAt(program, 10));
        Tampered.assertViolationContains(v, Invariant.CPY_4, 16, "overflowed at call #10", "9 live frames",
                "at most 1000 bytes", "slots 576");
    }

    @Test
    void aFailedRunIsNotJudgedByTheOverflowRule() {
        RunResult r = run(DEEP, BlackBoxRun.Outcome.FAILED, 1L);
        Violation v = only(r);
        assertEquals(Invariant.ENG_1, v.invariant(), v::summary);
    }

    @Test
    void slotsThatFillTheBlockExactlyAreNotPastIt() {
        // a 1024-byte block: 16 frames' slots fill it exactly (the C frames may be empty), 17 pass it
        EngineParams p = P.withMaxStack(1024);
        BlackBoxRun completed = new BlackBoxRun(BlackBoxRun.Outcome.COMPLETED, "", new long[0], List.of(),
                Map.of(), "");
        assertEquals(null, FixedStackCheck.check(Parser.parse(DEEP.replace("20", "16")), "c", completed, p, 1000));
        Violation v = FixedStackCheck.check(Parser.parse(DEEP.replace("20", "17")), "c", completed, p, 1000);
        Tampered.assertViolation(v, Invariant.CPY_4, 16, "the live frames' slots alone take 1088 bytes, past the"
                + " 1024-byte stack, but the engine did not overflow");
    }

    @Test
    void onlyTheFirstMaxStepsStatementsAreJudged() {
        BlackBoxRun completed = new BlackBoxRun(BlackBoxRun.Outcome.COMPLETED, "", new long[0], List.of(),
                Map.of(), "");
        // the call that passes the block is step 15: the 16th statement
        assertEquals(null, FixedStackCheck.check(Parser.parse(DEEP), "c", completed, P, 15));
        Violation v = FixedStackCheck.check(Parser.parse(DEEP), "c", completed, P, 16);
        assertEquals(15, v.step(), v::summary);
        assertEquals(Invariant.CPY_4, v.invariant());
    }

    @Test
    void aCompletedRunsCallCountIsNoOverflow() {
        // the calls statistic names the overflowing call only when the run overflowed
        assertOk(run(FLAT, BlackBoxRun.Outcome.COMPLETED, 13L));
        BlackBoxRun completed = new BlackBoxRun(BlackBoxRun.Outcome.COMPLETED, "", new long[0], List.of(),
                Map.of("calls", 13L), "");
        assertEquals(null, FixedStackCheck.check(Parser.parse(FLAT), "c", completed, P, 1000));
    }

    @Test
    void aFailedRunIsNotJudgedByTheCheckItself() {
        // a failed run that names its calls: the check says nothing (ENG-1 is the runner's)
        BlackBoxRun failed = new BlackBoxRun(BlackBoxRun.Outcome.FAILED, "boom", new long[0], List.of(),
                Map.of("calls", 1L), "");
        assertEquals(null, FixedStackCheck.check(Parser.parse(DEEP), "c", failed, P, 1000));
        BlackBoxRun overflow = new BlackBoxRun(BlackBoxRun.Outcome.OVERFLOW, "so", new long[0], List.of(),
                Map.of("calls", 1L), "");
        assertEquals(Invariant.CPY_4, FixedStackCheck.check(Parser.parse(DEEP), "c", overflow, P, 1000).invariant());
    }

    @Test
    void anOverflowPastTheProgramsCallsIsJudgedDirectly() {
        BlackBoxRun overflow = new BlackBoxRun(BlackBoxRun.Outcome.OVERFLOW, "so", new long[0], List.of(),
                Map.of("calls", 21L), "");
        Violation v = FixedStackCheck.check(Parser.parse(DEEP), "c", overflow, P, 1000);
        assertEquals("the engine overflowed at call #21, but the program makes only 20 calls", v.message());
        assertEquals(null, FixedStackCheck.check(Parser.parse(DEEP), "c",
                new BlackBoxRun(BlackBoxRun.Outcome.COMPLETED, "", new long[0], List.of(), Map.of(), ""), P, 15));
    }

    @Test
    void otherStatementsLeaveTheFramesLive() {
        // a set after every call: only a ret frees a frame, so call #16 (step 30) still passes the block
        String sets = String.join("\n",
                "frame f words=8",
                "repeat 20 {",
                "  call f",
                "  set 0 1",
                "}",
                "repeat 20 {",
                "  ret",
                "}",
                "");
        Violation v = only(run(sets, BlackBoxRun.Outcome.COMPLETED, null));
        Tampered.assertViolation(v, Invariant.CPY_4, 30, "the live frames' slots alone take 1024 bytes, past the"
                + " 1000-byte stack, but the engine did not overflow");
    }
}

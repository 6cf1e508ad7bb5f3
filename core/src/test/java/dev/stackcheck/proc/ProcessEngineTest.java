package dev.stackcheck.proc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.Invariant;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.check.Violation;
import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outside engines that are shell commands: the protocol's good paths and every way an engine can fail. */
class ProcessEngineTest {

    static final Program PROGRAM = Parser.parse("frame main words=1\ncall main\nset 0 7\nget 0\nret\n");

    @TempDir
    Path dir;

    static OutsideEngine sh(String command) {
        return OutsideEngines.adHoc("proc:" + command).withTimeout(Duration.ofSeconds(2));
    }

    static BlackBoxRun run(String command) {
        return sh(command).engine().runWhole(PROGRAM);
    }

    static void failed(BlackBoxRun r, String why) {
        assertEquals(BlackBoxRun.Outcome.FAILED, r.outcome(), r.toString());
        assertTrue(r.message().contains(why), r.message());
    }

    @Test
    void aFaithfulEngineCompletes() {
        BlackBoxRun r = run("cat > /dev/null; echo '{\"obs\":7}'; echo '{\"stats\":{\"calls\":1,\"returns\":1}}'");
        assertEquals(BlackBoxRun.Outcome.COMPLETED, r.outcome(), r.toString());
        assertArrayEquals(new long[] {7}, r.observations());
        assertEquals(1L, r.stats().get("calls"));
    }

    @Test
    void theEngineReadsTheProgramOnStandardInput() throws IOException {
        Path got = dir.resolve("got.stk");
        BlackBoxRun r = run("cat > " + got + "; echo '{\"obs\":7}'; echo '{\"stats\":{}}'");
        assertEquals(BlackBoxRun.Outcome.COMPLETED, r.outcome(), r.toString());
        assertEquals(PROGRAM, Parser.parse(Files.readString(got)));
    }

    @Test
    void anEngineThatExitsAtOnceFails() {
        failed(run("true"), "exited without its final stats line (0 lines read)");
    }

    @Test
    void anEngineThatSleepsForeverIsKilledAtItsTimeout() {
        failed(run("sleep 1000"), "timed out after 2 s (the process tree was killed)");
    }

    @Test
    void anEngineThatPrintsGarbageIsStoppedAtTheFirstBadLine() {
        BlackBoxRun r = run("yes garbage");
        failed(r, "stdout line 1 is not protocol: not a JSON object: 'garbage'");
    }

    @Test
    void anEndlessLineIsStopped() {
        failed(run("tr '\\0' x < /dev/zero"), "stdout line 1 is longer than 1048576 bytes");
    }

    @Test
    void aCrashReportsItsStatusAndStandardError() {
        BlackBoxRun r = run("cat > /dev/null; echo '{\"obs\":7}'; echo 'panic: oops' >&2; exit 3");
        failed(r, "exited with status 3");
        assertTrue(r.stderr().contains("panic: oops"), r.stderr());
        assertArrayEquals(new long[] {7}, r.observations());
        failed(run("kill -9 $$"), "was killed by signal 9");
    }

    @Test
    void anErrorLineIsAFailure() {
        failed(run("echo '{\"error\":\"cannot parse line 3\"}'"), "reported an error: cannot parse line 3");
    }

    @Test
    void aRefusalIsARefusal() {
        BlackBoxRun r = run("echo '{\"refuse\":\"no nomap here\"}'");
        assertEquals(BlackBoxRun.Outcome.REFUSED, r.outcome());
        assertEquals("no nomap here", r.message());
        failed(run("echo '{\"obs\":7}'; echo '{\"refuse\":\"late\"}'"), "a refusal comes first");
    }

    @Test
    void nothingFollowsTheFinalLine() {
        failed(run("echo '{\"stats\":{}}'; echo '{\"obs\":7}'"), "stdout line 2 follows the final line");
        failed(run("echo '{\"overflow\":\"x\"}'; echo '{\"obs\":7}'"), "an observation after the overflow");
    }

    @Test
    void theWholeProcessTreeIsKilled() throws IOException, InterruptedException {
        Path pid = dir.resolve("pid");
        failed(run("sleep 1000 & echo $! > " + pid + "; wait"), "timed out");
        long child = Long.parseLong(Files.readString(pid).strip());
        Optional<ProcessHandle> h = ProcessHandle.of(child);
        if (h.isPresent()) {
            h.get().onExit().join();
        }
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void aGoStyleOverflowIsAnOverflow() {
        OutsideEngine e = sh("echo 'runtime: goroutine stack exceeds 1048576-byte limit' >&2; exit 2");
        e = new OutsideEngine(e.name(), "", e.command(), List.of(), List.of(), null, StackKind.COPYING,
                Profile.GO1_19.params(), e.timeout(), "", Pattern.compile("goroutine stack exceeds \\d+-byte limit"));
        BlackBoxRun r = e.engine().runWhole(PROGRAM);
        assertEquals(BlackBoxRun.Outcome.OVERFLOW, r.outcome(), r.toString());
        assertEquals("runtime: goroutine stack exceeds 1048576-byte limit", r.message());
    }

    @Test
    void stackDebugLinesOnStandardErrorAreEvents() {
        String script = "cat > /dev/null; echo '{\"obs\":7}'; echo '{\"stats\":{}}'; "
                + "echo 'copystack gp=0x9 [0x1000 0x1400 0x1800] -> [0x4000 0x4c00 0x5000]/4096' >&2; "
                + "echo 'stackcheck-go: interpreter stack 0x1700' >&2";
        OutsideEngine plain = sh(script);
        OutsideEngine go = new OutsideEngine(plain.name(), "", plain.command(), List.of(), List.of(), null,
                StackKind.COPYING, Profile.GO1_19.params(), plain.timeout(), OutsideEngine.GO_STACKDEBUG, null);
        BlackBoxRun r = go.engine().runWhole(PROGRAM);
        assertEquals(BlackBoxRun.Outcome.COMPLETED, r.outcome(), r.toString());
        assertEquals(1, r.events().size());
        BlackBoxEvent e = r.events().get(0);
        assertEquals(BlackBoxEvent.Kind.COPY, e.kind());
        assertEquals("stderr line 1", e.origin());
        assertTrue(plain.engine().runWhole(PROGRAM).events().isEmpty());
    }

    /** The three broken engines of the issue, through the runner: each a clear ENG-1. */
    @Test
    void theRunnerReportsEachBrokenEngineAsEng1() {
        String[][] cases = {{"true", "exited without its final stats line"}, {"sleep 1000", "timed out after 2 s"},
            {"echo garbage", "stdout line 1 is not protocol"}};
        for (String[] c : cases) {
            OutsideEngine e = sh(c[0]);
            RunResult r = Runner.run(PROGRAM, List.of(new EngineSetup(e.name(), e::engine)));
            assertEquals(1, r.violations().size(), c[0]);
            Violation v = r.violations().get(0);
            assertEquals(Invariant.ENG_1, v.invariant(), c[0]);
            assertEquals("proc:" + c[0], v.engine());
            assertTrue(v.message().contains(c[1]), v.message());
        }
    }

    @Test
    void aLyingEngineIsCaughtAtItsStatement() {
        OutsideEngine e = sh("cat > /dev/null; echo '{\"obs\":8}'; echo '{\"stats\":{}}'");
        RunResult r = Runner.run(PROGRAM, List.of(new EngineSetup(e.name(), e::engine)));
        Violation v = r.violations().get(0);
        assertEquals(Invariant.REF_1, v.invariant());
        assertEquals(4, v.pos().line());
        assertEquals("get 0", v.statementText());
    }
}

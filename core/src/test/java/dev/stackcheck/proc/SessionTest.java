package dev.stackcheck.proc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.Invariant;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Printer;
import dev.stackcheck.program.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session protocol with small scripted engines: one process answers many programs in order; a crash, a
 * hang or a protocol error fails the program being run, and a new process runs the next.
 */
class SessionTest {

    static final Program PROGRAM = ProcessEngineTest.PROGRAM;

    @TempDir
    Path dir;

    @AfterEach
    void closeSessions() {
        Sessions.closeAll();
        assertEquals(0, Sessions.open());
    }

    /**
     * A session engine in sh: appends its pid to {@code starts} when it starts, saves each program it reads
     * to {@code program-N.stk}, and answers each program with {@code {"obs":7}} and the stats line, except
     * that {@code onProgram} (shell code run with $n, the program's number in this process) may act first.
     */
    OutsideEngine session(String onProgram) {
        String script = "echo $$ >> " + dir.resolve("starts") + "; n=0; : > " + dir.resolve("cur") + "; "
                + "while IFS= read -r line; do "
                + "if [ \"$line\" = \"---\" ]; then n=$((n+1)); mv " + dir.resolve("cur") + " " + dir + "/program-$n.stk; "
                + ": > " + dir.resolve("cur") + "; " + onProgram + " echo '{\"obs\":7}'; echo '{\"stats\":{}}'; "
                + "else printf '%s\\n' \"$line\" >> " + dir.resolve("cur") + "; fi; done";
        return ProcessEngineTest.sh(script).withMode(OutsideEngine.Mode.SESSION);
    }

    /** Shell code that runs {@code action} at the engine's program {@code n}, once over all its processes. */
    String once(int n, String action) {
        Path mark = dir.resolve("once");
        return "if [ $n -eq " + n + " ] && [ ! -e " + mark + " ]; then touch " + mark + "; " + action + " fi;";
    }

    List<String> starts() throws IOException {
        return Files.readAllLines(dir.resolve("starts"));
    }

    static void completed(BlackBoxRun r) {
        assertEquals(BlackBoxRun.Outcome.COMPLETED, r.outcome(), r.toString());
        assertArrayEquals(new long[] {7}, r.observations());
    }

    @Test
    void oneProcessRunsManyProgramsInOrder() throws IOException {
        OutsideEngine e = session("");
        List<Program> programs = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            programs.add(Parser.parse("frame main words=1\ncall main\nset 0 " + v + "\nget 0\nret\n"));
        }
        for (Program p : programs) {
            completed(e.engine().runWhole(p));
        }
        assertEquals(1, starts().size(), "one process for five programs");
        for (int i = 0; i < 5; i++) {
            assertEquals(Printer.print(programs.get(i)), Files.readString(dir.resolve("program-" + (i + 1) + ".stk")));
        }
    }

    @Test
    void theEngineIsToldWhichProtocolItSpeaks() throws IOException {
        Path got = dir.resolve("protocol");
        completed(session("echo $STACKCHECK_PROTOCOL > " + got + ";").engine().runWhole(PROGRAM));
        assertEquals("session", Files.readString(got).strip());
        completed(ProcessEngineTest.sh("cat > /dev/null; echo $STACKCHECK_PROTOCOL > " + got
                + "; echo '{\"obs\":7}'; echo '{\"stats\":{}}'").engine().runWhole(PROGRAM));
        assertEquals("process", Files.readString(got).strip());
    }

    @Test
    void aCrashFailsTheProgramBeingRunAndANewProcessRunsTheNext() throws IOException {
        OutsideEngine e = session(once(2, "echo '{\"obs\":7}'; echo 'panic: boom' >&2; exit 3;"));
        completed(e.engine().runWhole(PROGRAM));
        BlackBoxRun crash = e.engine().runWhole(PROGRAM);
        ProcessEngineTest.failed(crash, "exited with status 3 before the final line of the session's program 2");
        assertTrue(crash.stderr().contains("panic: boom"), crash.stderr());
        assertArrayEquals(new long[] {7}, crash.observations());
        completed(e.engine().runWhole(PROGRAM));
        completed(e.engine().runWhole(PROGRAM));
        assertEquals(2, starts().size(), "restarted once");
    }

    @Test
    void aHangFailsTheProgramBeingRunAndANewProcessRunsTheNext() throws IOException {
        Path pid = dir.resolve("sleeper");
        OutsideEngine e = session(once(2, "sleep 1000 & echo $! > " + pid + "; wait;"));
        completed(e.engine().runWhole(PROGRAM));
        ProcessEngineTest.failed(e.engine().runWhole(PROGRAM), "timed out after 2 s on the session's program 2");
        long sleeper = Long.parseLong(Files.readString(pid).strip());
        ProcessHandle.of(sleeper).ifPresent(h -> h.onExit().join());
        assertFalse(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false), "the tree was killed");
        completed(e.engine().runWhole(PROGRAM));
        assertEquals(2, starts().size());
    }

    @Test
    void aProtocolErrorFailsTheProgramAndRestarts() throws IOException {
        OutsideEngine e = session(once(1, "echo garbage;"));
        ProcessEngineTest.failed(e.engine().runWhole(PROGRAM), "stdout line 1 is not protocol");
        completed(e.engine().runWhole(PROGRAM));
        assertEquals(2, starts().size());
    }

    @Test
    void anErrorLineEndsOnlyItsProgram() throws IOException {
        OutsideEngine e = session("if [ $n -eq 1 ]; then echo '{\"error\":\"cannot parse\"}'; continue; fi;");
        ProcessEngineTest.failed(e.engine().runWhole(PROGRAM), "reported an error: cannot parse");
        completed(e.engine().runWhole(PROGRAM));
        assertEquals(1, starts().size(), "an error line is an answer: the process goes on");
    }

    @Test
    void aProcessThatExitsAfterOneProgramFailsTheNext() throws IOException {
        OutsideEngine e = session(once(1, "echo '{\"obs\":7}'; echo '{\"stats\":{}}'; exit 0;"));
        completed(e.engine().runWhole(PROGRAM));
        ProcessEngineTest.failed(e.engine().runWhole(PROGRAM), "exited with status 0 before the final line");
        completed(e.engine().runWhole(PROGRAM));
    }

    @Test
    void anOverflowPatternOnACrashIsAnOverflow() {
        OutsideEngine plain = session(once(2, "echo 'runtime: goroutine stack exceeds 1024-byte limit' >&2; exit 2;"));
        OutsideEngine e = new OutsideEngine(plain.name(), "", plain.command(), List.of(), List.of(), null,
                StackKind.COPYING, Profile.GO1_19.params(), plain.timeout(), "",
                Pattern.compile("goroutine stack exceeds \\d+-byte limit"), OutsideEngine.Mode.SESSION);
        completed(e.engine().runWhole(PROGRAM));
        BlackBoxRun r = e.engine().runWhole(PROGRAM);
        assertEquals(BlackBoxRun.Outcome.OVERFLOW, r.outcome(), r.toString());
        assertEquals("runtime: goroutine stack exceeds 1024-byte limit", r.message());
    }

    /** Through the runner, as check runs it: the crash is ENG-1 of its program; the programs after it pass. */
    @Test
    void theRunnerReportsTheCrashAgainstItsProgramAndGoesOn() throws IOException {
        OutsideEngine e = session(once(2, "exit 3;"));
        EngineSetup spec = new EngineSetup(e.name(), e::engine);
        List<RunResult> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(Runner.run(PROGRAM, List.of(spec)));
        }
        assertTrue(runs.get(0).violations().isEmpty(), runs.get(0).violations().toString());
        assertEquals(1, runs.get(1).violations().size());
        assertEquals(Invariant.ENG_1, runs.get(1).violations().get(0).invariant());
        assertTrue(runs.get(1).violations().get(0).message().contains("exited with status 3"));
        assertTrue(runs.get(2).violations().isEmpty() && runs.get(3).violations().isEmpty());
        assertEquals(2, starts().size());
    }
}

package dev.stackcheck.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.EngineResult;
import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.Invariant;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.gen.CheckSession;
import dev.stackcheck.gen.CheckReport;
import dev.stackcheck.gen.CheckFailure;
import dev.stackcheck.gen.CheckOptions;
import dev.stackcheck.gen.CheckTarget;
import dev.stackcheck.gen.GenConfig;
import dev.stackcheck.gen.ProgramGenerator;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Go engine (src/main/go) on the real Go runtime: frames stay on the goroutine stack, every example
 * and random program agrees with the specification, the runtime's copies and shrinks (read from its
 * stackDebug lines) hold the copying invariants, and a difference shrinks. Skipped without Go.
 */
class GoEngineTest {

    static final Path SOURCES = Path.of("src/main/go");

    @TempDir
    Path dir;

    /** What {@code go build -gcflags='-m -S'} prints for the Go engine: escape analysis and assembly. */
    private static String compilerOutput;

    static synchronized String compile() throws IOException, InterruptedException {
        if (compilerOutput == null) {
            Path go = GoToolchain.require();
            Path log = Files.createTempFile("stackcheck-go-m", ".log");
            try {
                Process p = new ProcessBuilder(go.toString(), "build", "-gcflags=-m -S", "-o", "/dev/null", ".")
                        .directory(SOURCES.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                assertTrue(p.waitFor(10, TimeUnit.MINUTES));
                compilerOutput = Files.readString(log, StandardCharsets.UTF_8);
                assertEquals(0, p.exitValue(), compilerOutput.length() > 2000 ? compilerOutput.substring(0, 2000)
                        : compilerOutput);
            } finally {
                Files.deleteIfExists(log);
            }
        }
        return compilerOutput;
    }

    @Test
    void noFrameVariableIsMovedToTheHeap() throws IOException, InterruptedException {
        String out = compile();
        assertTrue(out.contains("does not escape"), "no escape analysis output");
        List<String> moved = out.lines().filter(l -> l.contains("moved to heap")).toList();
        assertTrue(moved.isEmpty(), "frames moved to the heap:\n" + String.join("\n", moved));
        assertTrue(out.lines().anyMatch(l -> l.matches(".*interp\\.go:\\d+:\\d+: n does not escape")),
                "interp's frame pointer must not escape");
    }

    @Test
    void everyDeferHasARecordOnTheStack() throws IOException, InterruptedException {
        String out = compile();
        int at = out.indexOf("TEXT\tmain.deferFrame(SB)");
        assertTrue(at >= 0, "no listing of deferFrame");
        int end = out.indexOf("\tTEXT\t", at + 10);
        String listing = out.substring(at, end < 0 ? out.length() : end);
        assertTrue(listing.contains("CALL\truntime.deferprocStack(SB)"), "deferFrame's defer is not a _defer record");
        assertFalse(listing.contains("CALL\truntime.deferproc(SB)"), "deferFrame's defer is on the heap");
    }

    static RunResult run(Program p, OutsideEngine go) {
        return Runner.run(p, List.of(new EngineSetup("copying", () -> new CopyingEngine(Profile.GO1_19.params())),
                new EngineSetup(go.name(), go::engine)));
    }

    @Test
    void everyExampleProgramAgreesAndTheRuntimeCopies() throws IOException {
        OutsideEngine go = GoToolchain.engine("go");
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("specs/programs"))) {
            files = s.filter(f -> f.toString().endsWith(".stk")).sorted().toList();
        }
        long grows = 0;
        long shrinks = 0;
        for (Path f : files) {
            Program p = Parser.parse(f);
            RunResult r = run(p, go.withTimeout(Duration.ofSeconds(60)));
            assertTrue(r.ok(), f + ": " + r.violations());
            EngineResult e = r.engine("go");
            if (p.hasNomapLayout()) {
                assertTrue(r.skipped().stream().anyMatch(s -> s.name().equals("go") && s.reason().contains("nomap")),
                        f.toString());
                continue;
            }
            assertEquals(r.engine("copying").observationCount(), e.observationCount(), f.toString());
            assertEquals(r.engine("copying").stats().calls(), e.stats().calls(), f.toString());
            grows += e.coverage().grow();
            shrinks += e.coverage().shrink();
            if (f.getFileName().toString().equals("deep.stk")) {
                assertTrue(e.coverage().grow() >= 10, "a million frames copy the stack many times: " + e);
                assertTrue(e.stats().bytesCopied() > 100_000_000L, e.toString());
            }
        }
        assertTrue(grows > 20 && shrinks > 5, "copies " + grows + ", shrinks " + shrinks);
    }

    @Test
    void randomProgramsAgree() {
        OutsideEngine go = GoToolchain.engine("go");
        ProgramGenerator g = new ProgramGenerator(GenConfig.DEFAULT.withAllowNomap(false)
                .withParams(Profile.GO1_19.params()));
        long grows = 0;
        long shrinks = 0;
        for (long seed = 1; seed <= 60; seed++) {
            Program p = g.draw(seed).program();
            RunResult r = run(p, go);
            assertTrue(r.ok(), "seed " + seed + ": " + r.violations() + "\n" + p);
            grows += r.engine("go").coverage().grow();
            shrinks += r.engine("go").coverage().shrink();
        }
        assertTrue(grows > 0 && shrinks > 0, "copies " + grows + ", shrinks " + shrinks);
    }

    @Test
    void theRuntimesCopiesAreEventsOfTheInterpreterGoroutineOnly() {
        OutsideEngine go = GoToolchain.engine("go");
        Program p = Parser.parse("frame f words=100 ptrs=0\ncall f\nrepeat 100 {\n  call f\n  addr 0 0.1\n}\n"
                + "repeat 100 {\n  ret\n}\ngc\ngc\ngc\ngc\n");
        BlackBoxRun r = go.engine().runWhole(p);
        assertEquals(BlackBoxRun.Outcome.COMPLETED, r.outcome(), r.toString());
        List<BlackBoxEvent> ev = r.events();
        assertTrue(ev.size() >= 5, ev.toString());
        assertEquals(2048, ev.get(0).oldSize(), "the interpreter goroutine starts at 2048 bytes");
        assertTrue(ev.stream().allMatch(e -> e.stack().equals(ev.get(0).stack())));
        assertTrue(ev.stream().anyMatch(e -> e.kind() == BlackBoxEvent.Kind.SHRINK));
        assertTrue(ev.stream().allMatch(e -> e.origin().startsWith("stderr line ")));
    }

    @Test
    void nomapLayoutsAreRefused() {
        OutsideEngine go = GoToolchain.engine("go-release");
        BlackBoxRun r = go.engine().runWhole(Parser.parse("frame c words=2 nomap\ncall c\nret\n"));
        assertEquals(BlackBoxRun.Outcome.REFUSED, r.outcome());
        assertTrue(r.message().contains("nomap layout(s) c"), r.message());
    }

    @Test
    void aStackOverflowIsAnOverflowAtTheLimitStackcheckSets() {
        OutsideEngine go = GoToolchain.engine("go").withParams(Profile.GO1_19.params().withMaxStack(65536));
        Program p = Parser.parse("frame f words=100\ncall f\nset 0 1\nget 0\nrepeat 1000 {\n  call f\n}\n");
        BlackBoxRun r = go.engine().runWhole(p);
        assertEquals(BlackBoxRun.Outcome.OVERFLOW, r.outcome(), r + "\n" + r.stderr());
        assertEquals("runtime: goroutine stack exceeds 65536-byte limit", r.message());
        assertEquals(List.of(4096L, 8192L, 16384L, 32768L, 65536L),
                r.events().stream().map(BlackBoxEvent::newSize).toList(), "the copies before the overflow");
        RunResult run = Runner.run(p, List.of(new EngineSetup("go", go::engine),
                new EngineSetup("copying", () -> new CopyingEngine(Profile.GO1_19.params().withMaxStack(65536)))));
        assertTrue(run.ok(), run.toString());
        assertTrue(run.engine("go").overflow().contains("65536-byte limit"));
        assertTrue(run.engine("copying").overflow().contains("65536-byte limit"));
    }

    /**
     * A difference shrinks like any other failure: the release Go engine behind a filter that turns every
     * observed -1 into 0, checked by a session; the counterexample shrinks to a few statements.
     */
    @Test
    void aDifferenceShrinks() {
        OutsideEngine go = GoToolchain.engine("go-release");
        OutsideEngine lying = OutsideEngines.adHoc("proc:" + go.command().get(0)
                + " | sed 's/{\"obs\":-1}/{\"obs\":0}/'");
        CheckTarget target = CheckTarget.custom("lying-go", Profile.GO1_19.params(), lying::engine);
        CheckReport report = CheckSession.run(List.of(target), CheckOptions.DEFAULT.withTries(300)
                .withFailureDir(dir).withGenerator(GenConfig.DEFAULT.withAllowNomap(false)));
        assertFalse(report.ok(), "the filter should have been caught");
        CheckFailure f = report.failures().get(0);
        assertEquals(Invariant.REF_1.id(), f.invariant());
        assertTrue(f.program().length() <= 4, "shrunk to:\n" + f.program());
        assertTrue(f.original().length() >= f.program().length());
    }
}

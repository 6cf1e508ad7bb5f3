package dev.stackcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.gen.CheckSession;
import dev.stackcheck.gen.CheckReport;
import dev.stackcheck.gen.CheckOptions;
import dev.stackcheck.gen.CheckTarget;
import dev.stackcheck.program.Program;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** No vacuous verdicts: nothing checked, a run cut short, a failure that cannot be saved, an internal error. */
class VerdictsTest {

    @TempDir
    Path dir;

    @Test
    void aRunThatNoEngineCheckedIsNotAPass() throws IOException {
        Cli r = Cli.run("run", "specs/programs/nomap.stk", "--engine", "copying");
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("verdict      unchecked: no engine checked anything"), r.out());
        Cli j = Cli.run("run", "specs/programs/nomap.stk", "--engine", "copying", "--json");
        assertEquals(1, j.status());
        assertEquals("unchecked", Json.mapper().readTree(j.out()).get("verdict").asText());
    }

    @Test
    void aRunCutShortByTheStepBoundIsIncompleteAndSaysHowToRaiseIt() throws IOException {
        Path p = dir.resolve("long.stk");
        Files.writeString(p, "frame main words=1\nframe f words=1\ncall main\nrepeat 200000000 {\n  call f\n  ret\n}\nret\n");
        Cli r = Cli.run("run", p.toString(), "--engine", "copying", "--max-steps", "1000");
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains("verdict      incomplete: stopped after 1000 statements") && r.out().contains("--max-steps"),
                r.out());
        Cli j = Cli.run("run", p.toString(), "--engine", "copying", "--max-steps", "1000", "--json");
        JsonNode root = Json.mapper().readTree(j.out());
        assertEquals(1, j.status());
        assertEquals("incomplete", root.get("verdict").asText());
        assertTrue(root.get("incomplete").asText().contains("--max-steps raises it"));
        assertEquals(0, Cli.run("run", p.toString(), "--engine", "copying", "--max-steps", "0").status() - 2);
    }

    @Test
    void aFailureThatCannotBeSavedIsPrintedFirstThenTheSaveError() throws IOException {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        Cli r = Cli.run("check", "--engine", "fault:copy-frees-old-stack-first", "--tries", "20", "--workers", "1",
                "--out", notADir.toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.out().contains("MEM-1") && r.out().contains("shrunk program"), r.out());
        assertTrue(r.err().contains("cannot") && r.err().contains(notADir.toString()), r.err());
        assertTrue(!r.err().contains("internal error"), r.err());
    }

    @Test
    void checkReportsPerEngineProgramsRunAndRefused() throws IOException {
        Cli r = Cli.run("check", "--tries", "40", "--workers", "1", "--json", "--out", dir.toString());
        assertEquals(0, r.status(), r.out());
        JsonNode per = Json.mapper().readTree(r.out()).get("perEngine");
        // the copying targets refuse the programs that declare nomap layouts, and run a second one without them
        for (String e : List.of("copying", "copying/max16384", "segmented", "hybrid")) {
            assertEquals(40, per.get(e).get("programs").asLong(), e + ": " + per);
            assertEquals(0, per.get(e).get("refused").asLong(), e + ": " + per);
        }
    }

    @Test
    void anEngineThatRefusedEveryProgramFailsTheCheck() {
        CheckTarget refusing = CheckTarget.custom("refuses-all", EngineParams.DEFAULT, () -> new CopyingEngine(
                EngineParams.DEFAULT) {
            @Override
            public Optional<String> refuse(Program program) {
                return Optional.of("refuses everything");
            }
        });
        CheckReport report = CheckSession.run(List.of(CheckTarget.defaults().get(0), refusing),
                CheckOptions.DEFAULT.withTries(10).withFailureDir(null).withWorkers(1));
        assertEquals("unchecked", report.verdict());
        assertEquals(List.of("refuses-all"), report.unchecked());
        assertTrue(!report.ok());
        assertTrue(report.summary().contains("unchecked: refuses-all refused all 10 programs"), report.summary());
    }

    /** A command that fails the way only a defect of stackcheck does. */
    @CommandLine.Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("a defect");
        }
    }

    @Test
    void anInternalErrorIsOneLineAndExitStatusThree() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        cl.addSubcommand("boom", new Boom());
        cl.setErr(new PrintWriter(err, true)); // reaches the added command too
        assertEquals(Main.INTERNAL_ERROR, cl.execute("boom"));
        assertEquals(3, Main.INTERNAL_ERROR);
        assertTrue(err.toString().startsWith("stackcheck: internal error") && err.toString().lines().count() == 1,
                err.toString());
    }

    @Test
    void theCommandsByNameAreTheAnnotatedOnesAndOneNamedFirstIsBuiltAlone() {
        CommandLine all = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertEquals(List.copyOf(Main.COMMANDS.keySet()), List.copyOf(all.getSubcommands().keySet()));
        for (String name : Main.COMMANDS.keySet()) {
            CommandLine one = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                    name);
            assertEquals(name.equals("help") ? Main.COMMANDS.keySet() : java.util.Set.of(name),
                    one.getSubcommands().keySet());
            assertEquals(all.getSubcommands().get(name).getUsageMessage(), one.getSubcommands().get(name)
                    .getUsageMessage(), "the same usage, built alone");
        }
    }

    @Test
    void helpAndVersionWorkAndTheUsageListsEveryCommand() {
        Cli v = Cli.run("--version");
        assertEquals(0, v.status());
        assertTrue(v.out().matches("stackcheck \\d+\\.\\d+\\.\\d+\\S*\\s*"), "the pom's version: " + v.out());
        Cli h = Cli.run("help");
        assertEquals(0, h.status(), h.err());
        for (String c : new String[] {"run", "check", "explore", "selftest", "report", "validate-trace", "help"}) {
            assertTrue(h.out().contains("  " + c + " ") || h.out().contains("  " + c + "\n"), c + " in " + h.out());
        }
        Cli none = Cli.run();
        assertEquals(2, none.status());
        assertTrue(none.err().contains("a command is required: run, check, explore, selftest, report, validate-trace,"
                + " help"), none.err());
        assertTrue(none.err().contains("usage: stackcheck [-hV] (run | check | explore | selftest | report"
                + " | validate-trace | help)"), none.err());
        Cli usage = Cli.run("--help");
        assertTrue(usage.out().replaceAll("\\s+", " ").startsWith("Usage: stackcheck [-hV] (run | check | explore"
                + " | selftest | report | validate-trace | help)"), usage.out());
    }
}

package dev.stackcheck.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackcheck.check.EngineResult;
import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.ProgramRuleError;
import dev.stackcheck.check.RunOptions;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.check.Skipped;
import dev.stackcheck.check.Violation;
import dev.stackcheck.engine.Stats;
import dev.stackcheck.program.Program;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stackcheck run FILE}: one program on the chosen engines, in lock-step with the specification. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a .stk program on the engines in lock-step with the specification, checking every invariant after every statement.")
final class RunCommand implements Callable<Integer> {

    /** Observations printed in the human form before the rest are summarised. */
    private static final int SHOWN = 100;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The program, in the .stk format.")
    Path file;

    @Mixin
    EngineOptions engineOptions = new EngineOptions();

    @Option(names = "--json", description = "Print one JSON object on standard output and nothing else there.")
    boolean json;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "100000000",
            description = "Statements to run at most, at least 1; a program cut short there is incomplete, exit 1"
                    + " (default: ${DEFAULT-VALUE}).")
    long maxSteps;

    @Override
    public Integer call() {
        if (maxSteps < 1) {
            throw new BadInput("--max-steps: must be at least 1, not " + maxSteps);
        }
        Program program = Programs.load(file);
        List<EngineSetup> engines = engineOptions.resolve();
        RunResult result;
        try {
            result = Runner.run(program, engines, RunOptions.DEFAULT.withMaxSteps(maxSteps));
        } catch (ProgramRuleError e) {
            throw new BadInput(file + ":" + e.pos().line() + ":" + e.pos().column() + ": " + e.reason()
                    + " (`" + e.statementText() + "`)");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = toJson(result);
            Disagreement d = Disagreement.find(program, result);
            if (d != null) {
                root.set("disagreement", d.toJson());
            }
            Json.print(out, root);
        } else {
            printHuman(out, program, result);
        }
        return verdict(result).equals("ok") ? Main.OK : Main.VIOLATION;
    }

    /**
     * "ok" only when an engine checked the whole program and no invariant broke; "violation"; "unchecked"
     * when every engine refused the program; "incomplete" when the step bound cut the run short.
     */
    static String verdict(RunResult result) {
        if (!result.ok()) {
            return "violation";
        }
        if (result.engines().isEmpty()) {
            return "unchecked";
        }
        return result.completed() ? "ok" : "incomplete";
    }

    static ObjectNode toJson(RunResult result) {
        ObjectNode root = Json.object();
        root.put("verdict", verdict(result));
        if (!result.completed() && result.ok()) {
            root.put("incomplete", "stopped after " + result.steps() + " statements, the step bound; --max-steps raises it");
        }
        root.put("steps", result.steps());
        ArrayNode engines = root.putArray("engines");
        for (EngineResult e : result.engines()) {
            ObjectNode n = engines.addObject();
            n.put("name", e.name());
            ArrayNode obs = n.putArray("observations");
            for (long v : e.observations()) {
                obs.add(v);
            }
            n.set("stats", Json.stats(e.stats()));
            if (e.overflow() != null) {
                n.put("overflow", e.overflow());
            }
        }
        ArrayNode skipped = root.putArray("skipped");
        for (Skipped s : result.skipped()) {
            skipped.addObject().put("name", s.name()).put("reason", s.reason());
        }
        ArrayNode violations = root.putArray("violations");
        for (Violation v : result.violations()) {
            ObjectNode n = violations.addObject();
            n.put("invariant", v.id());
            n.put("engine", v.engine());
            n.put("step", v.step());
            n.put("line", v.pos().line());
            n.put("column", v.pos().column());
            n.put("statement", v.statementText());
            n.put("message", v.message());
            n.put("before", v.before());
            n.put("after", v.after());
        }
        return root;
    }

    private void printHuman(PrintWriter out, Program program, RunResult result) {
        out.printf("program      %s (%d statements, %d run)%n", file, program.length(), result.steps());
        out.printf("engines      %s%n", String.join(", ", result.engines().stream().map(EngineResult::name).toList()));
        for (Skipped s : result.skipped()) {
            out.printf("skipped      %s: %s%n", s.name(), s.reason());
        }
        long[] expected = result.expected();
        out.printf("observations %d%n", expected.length);
        for (int i = 0; i < Math.min(expected.length, SHOWN); i++) {
            out.printf("  %d%n", expected[i]);
        }
        if (expected.length > SHOWN) {
            out.printf("  ... %d more (--json prints them all)%n", expected.length - SHOWN);
        }
        for (EngineResult e : result.engines()) {
            if (e.overflow() != null) {
                out.printf("%s: %s%n", e.name(), e.overflow());
            }
        }
        printStats(out, result.engines());
        Disagreement d = Disagreement.find(program, result);
        if (d != null) {
            d.print(out);
        }
        out.println();
        String verdict = verdict(result);
        if (verdict.equals("unchecked")) {
            out.printf("verdict      unchecked: no engine checked anything, every engine refused the program (exit 1)%n");
        } else if (verdict.equals("incomplete")) {
            out.printf("verdict      incomplete: stopped after %d statements, the step bound, before the program ended;"
                    + " --max-steps raises it (exit 1)%n", result.steps());
        } else if (result.ok()) {
            out.printf("verdict      ok: every invariant held after every statement on %d engine%s, and every engine"
                    + " agreed with the specification%n", result.engines().size(), result.engines().size() == 1 ? "" : "s");
        } else {
            out.printf("verdict      violation%n%n");
            for (Violation v : result.violations()) {
                out.println(v.explain());
            }
        }
        out.flush();
    }

    static void printStats(PrintWriter out, List<EngineResult> engines) {
        if (engines.isEmpty()) {
            return;
        }
        StringBuilder head = new StringBuilder(String.format("%-18s", "statistics"));
        for (EngineResult e : engines) {
            head.append(String.format("%14s", e.name()));
        }
        out.println(head);
        for (String name : Stats.ZERO.asMap().keySet()) {
            StringBuilder row = new StringBuilder(String.format("  %-16s", name));
            for (EngineResult e : engines) {
                long v = e.stats().asMap().get(name);
                row.append(v == Stats.NOT_REPORTED ? String.format("%14s", "not reported") : String.format("%14d", v));
            }
            out.println(row);
        }
    }
}

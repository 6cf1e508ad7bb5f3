package dev.stackcheck.cli;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackEngineProvider;
import dev.stackcheck.gen.CheckSession;
import dev.stackcheck.gen.CheckReport;
import dev.stackcheck.gen.CheckFailure;
import dev.stackcheck.gen.CheckOptions;
import dev.stackcheck.gen.CheckTarget;
import dev.stackcheck.gen.Shrinker;
import dev.stackcheck.junitxml.JUnitXml;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stackcheck check}: random programs on the engines, every invariant checked after every
 * statement, the first failure shrunk and written as a .stk file. The same {@link CheckSession} runs the
 * JUnit properties, so there is one implementation of the logic.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Generate random call/return/pointer programs, run them on the engines in lock-step with the"
                + " specification, and shrink the first failure to a short program.")
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    EngineOptions engineOptions = new EngineOptions();

    @Option(names = "--tries", paramLabel = "N", defaultValue = "1000",
            description = "Random programs to run, at least 1 (default: ${DEFAULT-VALUE}).")
    long tries;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed; the same seed draws the same programs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--shard", paramLabel = "I/N", defaultValue = "1/1",
            description = "Run shard I of N (1 <= I <= N): N machines with the same seed cover N times the programs,"
                    + " never the same one twice (default: ${DEFAULT-VALUE}).")
    String shard;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/stackcheck",
            description = "Where the counterexample is written, as DIR/counterexample.stk, and failures are kept, under"
                    + " DIR/failures/ENGINE/CONFIG/ (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--no-replay",
            description = "Do not run the failures saved under DIR/failures/ENGINE/CONFIG/ before drawing programs.")
    boolean noReplay;

    @Option(names = "--workers", paramLabel = "K", defaultValue = "0",
            description = "Threads that run the programs, or 0 for one per processor (default: 0); the result does not depend on it.")
    int workers;

    @Option(names = "--junit", paramLabel = "FILE",
            description = "Also write JUnit XML to FILE: one test case per engine and invariant, a failure with the"
                    + " shrunk program and the replay command.")
    Path junit;

    @Option(names = "--json", description = "Print one JSON object on standard output and nothing else there.")
    boolean json;

    @Option(names = "--shrink-runs", paramLabel = "N", defaultValue = "4000",
            description = "Programs a shrink may run at most, at least 1; a shrink stopped there says so (default:"
                    + " ${DEFAULT-VALUE}).")
    int shrinkRuns;

    @Option(names = "--shrink-time", paramLabel = "S", defaultValue = "120",
            description = "Seconds a shrink may take at most, at least 1; a shrink stopped there says so (default:"
                    + " ${DEFAULT-VALUE}).")
    long shrinkTime;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "100000000",
            description = "Statements each program runs at most, at least 1 (default: ${DEFAULT-VALUE}).")
    long maxSteps;

    @Override
    public Integer call() throws IOException {
        if (tries < 1) {
            throw new BadInput("--tries: must be at least 1, not " + tries);
        }
        if (workers < 0) {
            throw new BadInput("--workers: must be at least 1 (or 0: one per processor), not " + workers);
        }
        if (shrinkRuns < 1 || shrinkTime < 1 || maxSteps < 1) {
            throw new BadInput("--shrink-runs, --shrink-time and --max-steps: must be at least 1");
        }
        CheckOptions options;
        try {
            options = CheckOptions.DEFAULT.withSeed(seed).withTries(tries).withShard(shard)
                    .withFailureDir(out.resolve("failures")).withReplaySaved(!noReplay).withWorkers(workers)
                    .withShrinkBudget(new Shrinker.Budget(shrinkRuns, shrinkTime * 1000))
                    .withRunOptions(CheckOptions.DEFAULT.runOptions().withMaxSteps(maxSteps));
        } catch (IllegalArgumentException e) {
            throw new BadInput("--shard: " + e.getMessage());
        }
        List<CheckTarget> targets = targets();
        CheckReport report = CheckSession.run(targets, options);
        // written first: a file that cannot be written is bad input, reported before any other output
        if (junit != null) {
            try {
                JUnitXml.writeCheck(junit, report, targets);
            } catch (IOException | RuntimeException e) {
                throw new BadInput("--junit: cannot write " + junit + ": " + e.getMessage());
            }
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        CheckFailure first = report.failures().isEmpty() ? null : report.failures().get(0);
        // the failure is printed first; saving it is tried after, and a save error reported after that
        if (!json) {
            stdout.print(report.summary());
            if (first != null) {
                stdout.println();
                stdout.println(first.message(seed));
            }
            stdout.flush();
        }
        Path counterexample = null;
        List<String> saveErrors = new ArrayList<>();
        for (CheckFailure f : report.failures()) {
            if (f.saveError() != null) {
                saveErrors.add(f.saveError());
            }
        }
        if (first != null) {
            Path file = out.resolve("counterexample.stk");
            try {
                Files.createDirectories(out);
                Files.writeString(file, first.stk(seed, file.toString()), StandardCharsets.UTF_8);
                counterexample = file;
            } catch (IOException | RuntimeException e) {
                saveErrors.add("cannot write " + file + ": " + e);
            }
        }
        if (json) {
            Map<String, Object> tree = new LinkedHashMap<>(report.toJson());
            if (counterexample != null) {
                tree.put("counterexample", counterexample.toString());
            }
            tree.put("saveErrors", saveErrors);
            Json.print(stdout, tree);
        } else if (counterexample != null) {
            stdout.println("counterexample written to " + counterexample + "; replay it with:");
            stdout.println("  " + first.target().replayCommand(counterexample.toString()));
            stdout.flush();
        }
        for (String e : saveErrors) {
            stderr.println("stackcheck: " + e);
        }
        stderr.flush();
        return report.ok() ? Main.OK : Main.VIOLATION;
    }

    /** The engines to check: the default targets, or every engine with the profile and limit given. */
    private List<CheckTarget> targets() {
        List<StackEngineProvider> providers = engineOptions.providers();
        if (engineOptions.engineDefaults()) {
            return CheckTarget.defaults(providers);
        }
        Profile profile = engineOptions.profile();
        List<CheckTarget> targets = new ArrayList<>();
        for (StackEngineProvider p : providers) {
            EngineParams params = engineOptions.params(p);
            String name = p.name() + (profile != null ? "/" + profile.name() : "")
                    + (engineOptions.maxStack != null ? "/max" + params.maxStack() : "");
            targets.add(new CheckTarget(name, p.name(), profile != null ? profile.name() : null, params,
                    engineOptions.maxStack != null ? params.maxStack() : 0, () -> p.create(params)));
        }
        return targets;
    }
}

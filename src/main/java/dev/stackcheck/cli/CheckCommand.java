package dev.stackcheck.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackEngineProvider;
import dev.stackcheck.gen.CheckSession;
import dev.stackcheck.gen.CheckTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
            description = "Random programs to run (default: ${DEFAULT-VALUE}).")
    long tries;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed; the same seed draws the same programs (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--shard", paramLabel = "I/N", defaultValue = "1/1",
            description = "Run shard I of N: N machines with the same seed cover N times the programs, never the same one twice.")
    String shard;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/stackcheck",
            description = "Where the counterexample is written, as DIR/counterexample.stk (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--workers", paramLabel = "K", defaultValue = "0",
            description = "Threads that run the programs (default: one per processor); the result does not depend on it.")
    int workers;

    @Option(names = "--json", description = "Print one JSON object on standard output and nothing else there.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (tries < 1) {
            throw new BadInput("--tries: must be at least 1, not " + tries);
        }
        if (workers < 0) {
            throw new BadInput("--workers: must be at least 1 (or 0: one per processor), not " + workers);
        }
        CheckSession.Options options;
        try {
            options = CheckSession.Options.DEFAULT.withSeed(seed).withTries(tries).withShard(shard)
                    .withFailureDir(out.resolve("failures")).withWorkers(workers);
        } catch (IllegalArgumentException e) {
            throw new BadInput("--shard: " + e.getMessage());
        }
        CheckSession.Report report = CheckSession.run(targets(), options);
        PrintWriter stdout = spec.commandLine().getOut();
        Path counterexample = null;
        if (!report.ok()) {
            CheckSession.Failure first = report.failures().get(0);
            counterexample = out.resolve("counterexample.stk");
            Files.createDirectories(out);
            Files.writeString(counterexample, first.stk(seed, counterexample.toString()), StandardCharsets.UTF_8);
        }
        if (json) {
            ObjectNode node = Json.MAPPER.valueToTree(report.toJson());
            if (counterexample != null) {
                node.put("counterexample", counterexample.toString());
            }
            Json.print(stdout, node);
        } else {
            stdout.print(report.summary());
            if (counterexample != null) {
                CheckSession.Failure first = report.failures().get(0);
                stdout.println();
                stdout.println(first.message(seed));
                stdout.println("counterexample written to " + counterexample + "; replay it with:");
                stdout.println("  " + first.target().replayCommand(counterexample.toString()));
            }
            stdout.flush();
        }
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

package dev.stackcheck.cli;

import dev.stackcheck.gen.Selftest;
import dev.stackcheck.junitxml.JUnitXml;
import java.io.IOException;
import java.nio.file.Path;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stackcheck selftest}: every deliberately wrong engine of the fault catalogue must be caught, by
 * the random properties; the example scenarios are run against every fault too, side by side.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        description = "Run the random properties and the example scenarios against every deliberately wrong engine"
                + " of the fault catalogue; exit 0 only when every fault is caught.")
final class SelftestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the random properties (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--tries", paramLabel = "N", defaultValue = "1000",
            description = "Random programs per fault at most, at least 1 (default: ${DEFAULT-VALUE}).")
    long tries;

    @Option(names = "--junit", paramLabel = "FILE",
            description = "Also write JUnit XML to FILE: one test case per fault, a failure for each fault not caught.")
    Path junit;

    @Option(names = "--json", description = "Print one JSON object on standard output and nothing else there.")
    boolean json;

    @Override
    public Integer call() {
        if (tries < 1) {
            throw new BadInput("--tries: must be at least 1, not " + tries);
        }
        Selftest.Report report = Selftest.run(Selftest.Options.DEFAULT.withSeed(seed).withTries(tries));
        // written first: a file that cannot be written is bad input, reported before any other output
        if (junit != null) {
            try {
                JUnitXml.writeSelftest(junit, report);
            } catch (IOException | RuntimeException e) {
                throw new BadInput("--junit: cannot write " + junit + ": " + e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, report.toJson());
        } else {
            out.println(report.table());
            out.println(report.summary());
            out.flush();
        }
        return report.ok() ? Main.OK : Main.VIOLATION;
    }
}

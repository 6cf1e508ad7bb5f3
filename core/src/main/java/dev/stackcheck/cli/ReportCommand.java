package dev.stackcheck.cli;

import dev.stackcheck.report.Runs;
import dev.stackcheck.report.Report;
import dev.stackcheck.report.SpecDoc;
import dev.stackcheck.report.StandardReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code stackcheck report [--out DIR]}: runs the experiments and the standard runs, writes index.md and
 * its charts to DIR, and regenerates the generated blocks of SPEC.md.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Run the experiments and write the reports (index.md and its SVG charts); regenerate the"
                + " generated parts of SPEC.md (invariant and profile tables, stack pictures).")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "reports",
            description = "Where to write index.md and its charts (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--spec", paramLabel = "FILE", defaultValue = "specs/SPEC.md",
            description = "The SPEC.md whose generated blocks to rewrite (default: ${DEFAULT-VALUE}); skipped when"
                    + " the file does not exist.")
    Path specFile;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new BadInput("--out: " + out + " is not a directory");
        }
        Report report;
        try {
            report = StandardReport.build(StandardReport.Sizes.FULL);
        } catch (Runs.ExperimentFailed e) {
            spec.commandLine().getErr().println("stackcheck: " + e.getMessage());
            return Main.VIOLATION;
        }
        List<Path> written = report.write(out);
        o.printf("wrote %d files to %s: %s%n", written.size(), out,
                String.join(", ", written.stream().map(p -> p.getFileName().toString()).toList()));
        if (Files.isRegularFile(specFile)) {
            String old = Files.readString(specFile);
            String neu;
            try {
                neu = SpecDoc.update(old);
            } catch (IllegalArgumentException e) {
                throw new BadInput(specFile + ": " + e.getMessage());
            }
            if (!neu.equals(old)) {
                Files.writeString(specFile, neu);
                o.printf("updated the generated blocks of %s%n", specFile);
            } else {
                o.printf("%s is up to date%n", specFile);
            }
        } else {
            o.printf("no %s here: its generated blocks were not rewritten%n", specFile);
        }
        o.flush();
        return Main.OK;
    }
}

package dev.stackcheck.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackcheck.check.CopyEventCheck;
import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.proc.GoStackTrace;
import dev.stackcheck.program.Quote;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code stackcheck validate-trace FILE}: checks the stack copies in a log of Go's runtime built with
 * {@code stackDebug = 1} against the copying invariants ({@link CopyEventCheck}), naming the line of each
 * violation. Exit status 0 when every copy held, 1 when one broke, 2 when the file cannot be read, has a
 * malformed copy line, or is not such a log.
 */
@Command(name = "validate-trace", mixinStandardHelpOptions = true,
        description = "Check the copystack and shrinking-stack lines of a Go stackDebug=1 log against the copying"
                + " invariants (growth at least doubles, a shrink halves below a quarter used, used bytes kept,"
                + " sizes 2048 * 2^k), naming the line of each violation.")
final class ValidateTraceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The log: what a Go program built with stackDebug = 1 printed on standard error.")
    Path file;

    @Option(names = "--profile", paramLabel = "P", defaultValue = "go1.19",
            completionCandidates = Values.Profiles.class,
            description = "The profile whose sizes the copies are held to, one of ${COMPLETION-CANDIDATES} (default:"
                    + " ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--json", description = "Print one JSON object on standard output and nothing else there.")
    boolean json;

    @Override
    public Integer call() {
        EngineParams params;
        try {
            params = Profile.byName(profile).params();
        } catch (IllegalArgumentException e) {
            throw new BadInput("--profile: " + e.getMessage());
        }
        GoStackTrace.Parsed trace;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            trace = GoStackTrace.parse(r, "line ");
        } catch (NoSuchFileException e) {
            throw new BadInput(file + ": no such file");
        } catch (IOException e) {
            throw new BadInput(file + ": cannot read: " + e.getMessage());
        }
        if (!trace.malformed().isEmpty()) {
            GoStackTrace.Malformed m = trace.malformed().get(0);
            throw new BadInput(file + ":" + m.line() + ": malformed stackDebug line: " + Quote.line(m.text().strip()));
        }
        if (!trace.stackDebug()) {
            throw new BadInput(file + ": no stackDebug lines (copystack, stackalloc, ...): not a log of a Go runtime"
                    + " built with stackDebug = 1");
        }
        List<CopyEventCheck.Finding> findings = CopyEventCheck.check(trace.events(), params, false);
        long copies = trace.events().stream().filter(e -> e.kind() == BlackBoxEvent.Kind.COPY).count();
        long shrinks = trace.events().size() - copies;
        Set<String> goroutines = new LinkedHashSet<>();
        for (BlackBoxEvent e : trace.events()) {
            if (!e.stack().isEmpty()) {
                goroutines.add(e.stack());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = Json.object();
            root.put("verdict", findings.isEmpty() ? "ok" : "violation");
            root.put("file", file.toString());
            root.put("profile", profile);
            root.put("lines", trace.lines());
            root.put("copies", copies);
            root.put("shrinks", shrinks);
            root.put("goroutines", goroutines.size());
            ArrayNode v = root.putArray("violations");
            for (CopyEventCheck.Finding f : findings) {
                v.addObject().put("line", line(f.event())).put("invariant", f.invariant().id())
                        .put("message", f.message());
            }
            Json.print(out, root);
        } else {
            out.printf("trace        %s (%d lines: %d growth copies, %d shrinks, %d goroutine%s)%n", file, trace.lines(),
                    copies, shrinks, goroutines.size(), goroutines.size() == 1 ? "" : "s");
            out.printf("profile      %s (initial %d, guard %d, shrink slack %d, limit %d)%n", profile,
                    params.initialStack(), params.stackGuard(), params.shrinkSlack(), params.maxStack());
            if (findings.isEmpty()) {
                out.printf("verdict      ok: every copy held CPY-2, CPY-3 and CPY-4%n");
            } else {
                out.printf("verdict      violation (%d)%n", findings.size());
                for (CopyEventCheck.Finding f : findings) {
                    out.printf("%s:%d: %s %s%n", file, line(f.event()), f.invariant().id(), f.message());
                }
            }
            out.flush();
        }
        return findings.isEmpty() ? Main.OK : Main.VIOLATION;
    }

    private static int line(BlackBoxEvent e) {
        return Integer.parseInt(e.origin().substring("line ".length()));
    }
}

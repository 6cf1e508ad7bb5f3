package dev.stackcheck.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackcheck.program.Quote;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How the command line reports what went wrong: on standard error as {@code stackcheck: MESSAGE}, and, when
 * the command was given {@code --json}, also as one JSON object on standard output
 * ({@code {"error": MESSAGE, "status": N, "command": NAME}}), so that a pipeline reading the output always
 * gets JSON.
 *
 * <p>Invariant: what the user typed reaches a message only through {@link Quote}: short, in single quotes,
 * control characters escaped; picocli's own messages, which echo bad values raw, are rewritten so.
 */
final class Errors {

    /** The most characters of a whole message. */
    static final int MAX_MESSAGE = 400;

    private Errors() {
    }

    /** picocli's message for a bad command line, with every value it echoes quoted short and escaped. */
    static String message(ParameterException ex) {
        String m = String.valueOf(ex.getMessage());
        List<String> raw = ex instanceof UnmatchedArgumentException u ? u.getUnmatched()
                : ex.getValue() != null ? List.of(ex.getValue()) : List.of();
        for (String r : raw) {
            if (r != null && !r.isEmpty()) {
                m = m.replace(r, inner(r));
            }
        }
        // whatever else picocli echoed: cut short, control characters escaped
        return Quote.of(m, MAX_MESSAGE).replaceAll("^'|'$", "");
    }

    private static String inner(String raw) {
        String q = Quote.token(raw);
        return q.substring(1, q.length() - 1);
    }

    /** True when the command line asked {@code cmd} for JSON: it has {@code --json} and it was given. */
    static boolean wantsJson(CommandLine cmd, String[] args) {
        return cmd.getCommandSpec().findOption("--json") != null && Arrays.asList(args).contains("--json");
    }

    /** Reports {@code message} with exit status {@code status}; returns the status. */
    static int report(CommandLine cmd, boolean json, int status, String message) {
        cmd.getErr().println("stackcheck: " + message);
        cmd.getErr().flush();
        if (json) {
            ObjectNode node = Json.object();
            node.put("error", message);
            node.put("status", status);
            node.put("command", cmd.getCommandName());
            Json.print(cmd.getOut(), node);
        }
        return status;
    }

    /** The parameter exception handler: the message quoted, usage help after it unless JSON was asked for. */
    static int badCommandLine(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        boolean json = wantsJson(cmd, args);
        report(cmd, json, Main.BAD_INPUT, message(ex));
        if (!json) {
            PrintWriter err = cmd.getErr();
            err.println("usage: " + cmd.getHelp().synopsis(0).trim().replaceAll("\\s+", " "));
            err.println("(" + cmd.getCommandSpec().qualifiedName() + " --help for more)");
            err.flush();
        }
        return Main.BAD_INPUT;
    }
}

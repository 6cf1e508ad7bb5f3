package dev.stackcheck.cli;

import dev.stackcheck.report.StandardReport;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code stackcheck} command. Exit status: 0 everything held; 1 an invariant broke or engines
 * disagreed; 2 bad input or usage (a program too large for this JVM's memory included). No input, however
 * malformed or large, produces a stack trace.
 */
@Command(name = "stackcheck", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Checks growable stacks (segmented, copying, hybrid) against an executable specification.")
public final class Main implements Runnable {

    /**
     * The commands, by name, in usage order (each class's {@code @Command} name; VerdictsTest checks that they
     * agree). A command line names one of them first: then only that one is built (picocli reflects over every
     * option of every command it is given, which a cold start would pay for nothing).
     */
    static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("run", RunCommand.class);
        m.put("check", CheckCommand.class);
        m.put("explore", ExploreCommand.class);
        m.put("selftest", SelftestCommand.class);
        m.put("report", ReportCommand.class);
        m.put("validate-trace", ValidateTraceCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        return Collections.unmodifiableMap(m);
    }

    /** Exit status when every invariant held. */
    public static final int OK = 0;
    /** Exit status when an invariant broke or engines disagreed. */
    public static final int VIOLATION = 1;
    /** Exit status for bad input or usage. */
    public static final int BAD_INPUT = 2;
    /** Exit status of an internal error: a defect of stackcheck, not of the engine or the input. */
    public static final int INTERNAL_ERROR = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code --version}: the version the build wrote (the pom's), as the reports give it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"stackcheck " + StandardReport.version()};
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit status. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        try {
            return commandLine(out, err, args.length > 0 ? args[0] : null).execute(args);
        } catch (OutOfMemoryError e) {
            // one failed allocation, or a run whose state is unreachable once unwound: there is room to report
            err.println("stackcheck: " + OUT_OF_MEMORY);
            return BAD_INPUT;
        }
    }

    /** The command line with every command, its streams and exit statuses set, not yet run. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, null);
    }

    /**
     * As {@link #commandLine(PrintWriter, PrintWriter)}, for arguments that start with {@code first}: when it
     * names a command other than help, only that command is built (what it parses and prints is the same).
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String first) {
        CommandLine cl = new CommandLine(new Main());
        boolean one = first != null && COMMANDS.containsKey(first) && !first.equals("help");
        for (Map.Entry<String, Class<?>> c : COMMANDS.entrySet()) {
            if (!one || c.getKey().equals(first)) {
                cl.addSubcommand(c.getKey(), c.getValue());
            }
        }
        cl.setOut(out);
        cl.setErr(err);
        // the usage line names every command
        cl.getCommandSpec().usageMessage().synopsisSubcommandLabel("(" + String.join(" | ", COMMANDS.keySet())
                + ")");
        // every command's --version says the same
        cl.getSubcommands().values().forEach(c -> c.getCommandSpec().versionProvider(new Version()));
        cl.setParameterExceptionHandler(Errors::badCommandLine);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            CommandLine.ParseResult last = parseResult;
            while (last.subcommand() != null) {
                last = last.subcommand();
            }
            boolean json = last.commandSpec().findOption("--json") != null && last.hasMatchedOption("--json");
            if (ex instanceof BadInput bad) {
                return Errors.report(cmd, json, BAD_INPUT, bad.getMessage());
            }
            if (outOfMemory(ex)) {
                return Errors.report(cmd, json, BAD_INPUT, OUT_OF_MEMORY);
            }
            return Errors.report(cmd, json, INTERNAL_ERROR,
                    "internal error (a defect of stackcheck; please report it): " + ex);
        });
        return cl;
    }

    /** The program is too large for this JVM: its stacks do not fit in the heap (bad input, exit 2). */
    static final String OUT_OF_MEMORY = "out of memory: the program's stacks need more memory than this JVM's heap ("
            + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB); lower --max-stack, shorten the program, or give"
            + " the JVM more heap (STACKCHECK_JAVA_OPTS=-Xmx...)";

    /** True when {@code ex} was caused by an OutOfMemoryError (in the command's thread or a worker's). */
    private static boolean outOfMemory(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }
}

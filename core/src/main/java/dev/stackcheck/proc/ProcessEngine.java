package dev.stackcheck.proc;

import dev.stackcheck.engine.BlackBoxEngine;
import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.program.Printer;
import dev.stackcheck.program.Program;
import dev.stackcheck.program.Quote;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

/**
 * An engine that is another program, spoken to through the process protocol (specs/PROTOCOL.md): one
 * process per program; the program in .stk form on its standard input; JSON lines on its standard output;
 * the stack limit its copies are checked against in {@code $STACKCHECK_MAX_STACK}.
 *
 * <p>Invariant: {@link #runWhole} returns within the engine's timeout (plus a grace of a few seconds for
 * reading what is left), whatever the process does: it is killed with its whole process tree when it runs
 * past the timeout or writes a line that is not protocol, and a process that crashes, hangs, or exits
 * without its final stats line is a {@link BlackBoxRun.Outcome#FAILED} run whose message says which, with
 * its standard error. Standard error goes to a temporary file, so it can never block the process.
 */
public final class ProcessEngine implements BlackBoxEngine {

    /** Bytes of standard error quoted in a failure. */
    static final int STDERR_TAIL = 3000;
    private static final long GRACE_MILLIS = 3000;

    private final OutsideEngine config;

    public ProcessEngine(OutsideEngine config) {
        this.config = config;
    }

    /** How this engine runs. */
    public OutsideEngine config() {
        return config;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public EngineParams params() {
        return config.params();
    }

    @Override
    public StackKind kind() {
        return config.kind();
    }

    @Override
    public BlackBoxRun runWhole(Program program) {
        if (config.mode() == OutsideEngine.Mode.SESSION) {
            return Sessions.run(config, program);
        }
        byte[] input = Printer.print(program).getBytes(StandardCharsets.UTF_8);
        Path err = null;
        try {
            err = Files.createTempFile("stackcheck-engine", ".stderr");
            return run(input, Transcript.maxLines(program.steps()), err);
        } catch (IOException e) {
            return BlackBoxRun.failed("could not start " + String.join(" ", config.command()) + ": " + e.getMessage(),
                    new long[0], List.of(), "");
        } finally {
            if (err != null) {
                try {
                    Files.deleteIfExists(err);
                } catch (IOException e) {
                    // a temporary file left behind
                }
            }
        }
    }

    /** The engine's process, not started: its command, standard error to {@code err}, its environment. */
    static ProcessBuilder processBuilder(OutsideEngine config, Path err) {
        ProcessBuilder pb = new ProcessBuilder(config.command()).redirectError(ProcessBuilder.Redirect.appendTo(
                err.toFile()));
        pb.environment().put("STACKCHECK_MAX_STACK", Long.toString(config.params().maxStack()));
        pb.environment().put("STACKCHECK_PROTOCOL", config.mode().id());
        return pb;
    }

    private BlackBoxRun run(byte[] input, long maxLines, Path err) throws IOException {
        Process p = processBuilder(config, err).start();
        Reader reader = new Reader(p, new Transcript(maxLines));
        Transcript t = reader.transcript;
        Thread out = new Thread(reader, "stackcheck-engine-stdout");
        out.setDaemon(true);
        out.start();
        Thread in = new Thread(() -> feed(p.getOutputStream(), input), "stackcheck-engine-stdin");
        in.setDaemon(true);
        in.start();
        boolean exited;
        try {
            exited = p.waitFor(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree(p);
            return t.failed("interrupted", tail(err, STDERR_TAIL));
        }
        if (!exited) {
            killTree(p);
            joinQuietly(out, GRACE_MILLIS);
            if (reader.protocolError != null) {
                return t.failed(reader.protocolError, tail(err, STDERR_TAIL));
            }
            return t.failed(timedOut(), tail(err, STDERR_TAIL));
        }
        joinQuietly(out, GRACE_MILLIS);
        String stderrTail = tail(err, STDERR_TAIL);
        if (out.isAlive()) {
            killTree(p);
            return t.failed("exited, but its standard output stayed open (a child process holds it?)", stderrTail);
        }
        if (reader.protocolError != null) {
            return t.failed(reader.protocolError, stderrTail);
        }
        int status = p.exitValue();
        if (status != 0) {
            String overflow = overflowLine(config, err, 0);
            if (overflow != null) {
                List<BlackBoxEvent> events = new ArrayList<>(t.events());
                String bad = stderrEvents(err, events);
                if (bad != null) {
                    return t.failed(bad, stderrTail);
                }
                return t.overflowed(overflow, events, stderrTail);
            }
            return t.failed(exitedWith(status) + (t.error() != null ? ": " + t.error() : ""), stderrTail);
        }
        if (!t.finished()) {
            return t.failed("exited without its final stats line (" + t.lines() + " line"
                    + (t.lines() == 1 ? "" : "s") + " read)", stderrTail);
        }
        List<BlackBoxEvent> events = new ArrayList<>(t.events());
        String bad = t.error() == null && t.refusal() == null ? stderrEvents(err, events) : null;
        if (bad != null) {
            return t.failed(bad, stderrTail);
        }
        return t.finish(events, stderrTail);
    }

    /** "exited with status N" or "was killed by signal N". */
    static String exitedWith(int status) {
        return status > 128 ? "was killed by signal " + (status - 128) : "exited with status " + status;
    }

    /** The message of a program that ran past the engine's timeout. */
    String timedOut() {
        return "timed out after " + seconds(config) + " (the process tree was killed)";
    }

    /**
     * Adds the events the engine's standard error carries in its declared format (none when it declares
     * none); returns why that failed (a malformed line), or null.
     */
    private String stderrEvents(Path err, List<BlackBoxEvent> events) throws IOException {
        if (!config.stderr().equals(OutsideEngine.GO_STACKDEBUG)) {
            return null;
        }
        GoStackTrace.Parsed t;
        try (BufferedReader r = Files.newBufferedReader(err, StandardCharsets.ISO_8859_1)) {
            t = GoStackTrace.parse(r, "stderr line ");
        }
        if (!t.malformed().isEmpty()) {
            GoStackTrace.Malformed m = t.malformed().get(0);
            return "stderr line " + m.line() + " is a malformed stackDebug line: " + Quote.line(m.text());
        }
        events.addAll(t.ofMarkedGoroutine());
        return null;
    }

    static String seconds(OutsideEngine config) {
        long ms = config.timeout().toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    /**
     * The first line of standard error, from byte {@code from} on, that the engine's overflow pattern finds,
     * or null.
     */
    static String overflowLine(OutsideEngine config, Path err, long from) throws IOException {
        if (config.overflow() == null) {
            return null;
        }
        try (InputStream in = Files.newInputStream(err)) {
            in.skipNBytes(Math.min(from, Files.size(err)));
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            String line;
            while ((line = r.readLine()) != null) {
                Matcher m = config.overflow().matcher(line);
                if (m.find()) {
                    return line.strip();
                }
            }
        }
        return null;
    }

    private static void feed(OutputStream stdin, byte[] input) {
        try (OutputStream o = stdin) {
            o.write(input);
        } catch (IOException e) {
            // the engine closed its input early or exited: what it printed says what happened
        }
    }

    private static void joinQuietly(Thread t, long millis) {
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills a process and every process below it (taken before the kill, so orphans are found too). */
    static void killTree(Process p) {
        List<ProcessHandle> below = p.descendants().toList();
        p.destroyForcibly();
        for (ProcessHandle h : below) {
            h.destroyForcibly();
        }
        try {
            p.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last {@code max} bytes of a file, as text ("" when it cannot be read). */
    static String tail(Path file, int max) {
        return tail(file, 0, max);
    }

    /** The last {@code max} bytes of a file from byte {@code start} on, as text ("" when it cannot be read). */
    static String tail(Path file, long start, int max) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(Math.min(start, len), len - max);
            byte[] b = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(b);
            String s = new String(b, StandardCharsets.UTF_8);
            return from > start ? "..." + s : s;
        } catch (IOException e) {
            return "";
        }
    }

    /** Reads the engine's standard output line by line into a transcript, on its own thread. */
    private static final class Reader implements Runnable {
        private final Process process;
        final Transcript transcript;
        volatile String protocolError;

        Reader(Process process, Transcript transcript) {
            this.process = process;
            this.transcript = transcript;
        }

        @Override
        public void run() {
            try (InputStream in = process.getInputStream()) {
                String why = Lines.read(in, new Lines.Sink() {
                    @Override
                    public String line(String text) {
                        return transcript.accept(text);
                    }

                    @Override
                    public String tooLong() {
                        return "stdout line " + (transcript.lines() + 1) + " is longer than " + Lines.MAX + " bytes";
                    }
                });
                if (why != null) {
                    protocolError = why;
                    killTree(process);
                }
            } catch (IOException e) {
                // the process was killed: the main thread knows why
            }
        }
    }
}

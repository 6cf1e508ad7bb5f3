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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** Longest protocol line accepted. */
    static final int MAX_LINE = 1 << 20;
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
        byte[] input = Printer.print(program).getBytes(StandardCharsets.UTF_8);
        long steps = program.steps();
        long maxLines = steps > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : 2 * steps + 10_000;
        Path err = null;
        try {
            err = Files.createTempFile("stackcheck-engine", ".stderr");
            return run(input, maxLines, err);
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

    private BlackBoxRun run(byte[] input, long maxLines, Path err) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(config.command()).redirectError(err.toFile());
        pb.environment().put("STACKCHECK_MAX_STACK", Long.toString(config.params().maxStack()));
        Process p = pb.start();
        Reader reader = new Reader(p, maxLines);
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
            return reader.failed("interrupted", tail(err, STDERR_TAIL));
        }
        if (!exited) {
            killTree(p);
            joinQuietly(out, GRACE_MILLIS);
            if (reader.protocolError != null) {
                return reader.failed(reader.protocolError, tail(err, STDERR_TAIL));
            }
            return reader.failed("timed out after " + seconds() + " (the process tree was killed)", tail(err, STDERR_TAIL));
        }
        joinQuietly(out, GRACE_MILLIS);
        String stderrTail = tail(err, STDERR_TAIL);
        if (out.isAlive()) {
            killTree(p);
            return reader.failed("exited, but its standard output stayed open (a child process holds it?)", stderrTail);
        }
        if (reader.protocolError != null) {
            return reader.failed(reader.protocolError, stderrTail);
        }
        int status = p.exitValue();
        if (status != 0) {
            String overflow = overflowLine(err);
            if (overflow != null) {
                List<BlackBoxEvent> events = new ArrayList<>(reader.events);
                String bad = stderrEvents(err, events);
                if (bad != null) {
                    return reader.failed(bad, stderrTail);
                }
                return new BlackBoxRun(BlackBoxRun.Outcome.OVERFLOW, overflow, reader.obs(), events,
                        reader.stats == null ? Map.of() : reader.stats, stderrTail);
            }
            String how = status > 128 ? "was killed by signal " + (status - 128) : "exited with status " + status;
            return reader.failed(how + (reader.error != null ? ": " + reader.error : ""), stderrTail);
        }
        if (reader.error != null) {
            return reader.failed("reported an error: " + reader.error, stderrTail);
        }
        if (reader.refusal != null) {
            return new BlackBoxRun(BlackBoxRun.Outcome.REFUSED, reader.refusal, new long[0], List.of(), Map.of(),
                    stderrTail);
        }
        if (reader.stats == null) {
            return reader.failed("exited without its final stats line (" + reader.lines + " line"
                    + (reader.lines == 1 ? "" : "s") + " read)", stderrTail);
        }
        List<BlackBoxEvent> events = new ArrayList<>(reader.events);
        String bad = stderrEvents(err, events);
        if (bad != null) {
            return reader.failed(bad, stderrTail);
        }
        if (reader.overflow != null) {
            return new BlackBoxRun(BlackBoxRun.Outcome.OVERFLOW, reader.overflow, reader.obs(), events, reader.stats,
                    stderrTail);
        }
        return new BlackBoxRun(BlackBoxRun.Outcome.COMPLETED, "", reader.obs(), events, reader.stats, stderrTail);
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

    private String seconds() {
        long ms = config.timeout().toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    /** The first line of standard error that the engine's overflow pattern finds, or null. */
    private String overflowLine(Path err) throws IOException {
        if (config.overflow() == null) {
            return null;
        }
        try (BufferedReader r = Files.newBufferedReader(err, StandardCharsets.ISO_8859_1)) {
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
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - max);
            byte[] b = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(b);
            String s = new String(b, StandardCharsets.UTF_8);
            return from > 0 ? "..." + s : s;
        } catch (IOException e) {
            return "";
        }
    }

    /** Reads and checks the engine's standard output, line by line, on its own thread. */
    private static final class Reader implements Runnable {
        private final Process process;
        private final long maxLines;
        volatile String protocolError;
        long lines;
        long[] obs = new long[64];
        int nobs;
        final List<BlackBoxEvent> events = new ArrayList<>();
        Map<String, Long> stats;
        String overflow;
        String refusal;
        String error;

        Reader(Process process, long maxLines) {
            this.process = process;
            this.maxLines = maxLines;
        }

        @Override
        public void run() {
            try (InputStream in = process.getInputStream()) {
                ByteArrayOutputStream line = new ByteArrayOutputStream(128);
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        byte b = buf[i];
                        if (b != '\n') {
                            if (line.size() >= MAX_LINE) {
                                stop("stdout line " + (lines + 1) + " is longer than " + MAX_LINE + " bytes");
                                return;
                            }
                            line.write(b);
                            continue;
                        }
                        if (!accept(line.toString(StandardCharsets.UTF_8))) {
                            return;
                        }
                        line.reset();
                    }
                }
                if (line.size() > 0 && !accept(line.toString(StandardCharsets.UTF_8))) {
                    return;
                }
            } catch (IOException e) {
                // the process was killed: the main thread knows why
            }
        }

        /** Takes one line; false (and the process killed) when it breaks the protocol. */
        private boolean accept(String text) {
            lines++;
            String where = "stdout line " + lines;
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (lines > maxLines) {
                return stop(where + ": more lines than the program can explain (" + maxLines + ")");
            }
            if (stats != null || error != null || refusal != null) {
                return stop(where + " follows the final line: " + Quote.line(text));
            }
            Protocol.Line l;
            try {
                l = Protocol.parse(text, where);
            } catch (ProtocolError e) {
                return stop(where + " is not protocol: " + e.getMessage());
            }
            if (l instanceof Protocol.Obs o) {
                if (overflow != null) {
                    return stop(where + ": an observation after the overflow");
                }
                if (nobs == obs.length) {
                    obs = Arrays.copyOf(obs, nobs * 2);
                }
                obs[nobs++] = o.value();
            } else if (l instanceof Protocol.Event e) {
                events.add(e.event());
            } else if (l instanceof Protocol.Overflow o) {
                if (overflow != null) {
                    return stop(where + ": a second overflow");
                }
                overflow = o.message();
            } else if (l instanceof Protocol.Refuse r) {
                if (lines != 1) {
                    return stop(where + ": a refusal comes first, before anything else");
                }
                refusal = r.reason();
            } else if (l instanceof Protocol.EngineError e) {
                error = e.message();
            } else if (l instanceof Protocol.StatsLine s) {
                stats = new LinkedHashMap<>(s.fields());
            }
            return true;
        }

        private boolean stop(String why) {
            protocolError = why;
            killTree(process);
            return false;
        }

        long[] obs() {
            return Arrays.copyOf(obs, nobs);
        }

        BlackBoxRun failed(String why, String stderr) {
            return BlackBoxRun.failed(why, obs(), events, stderr);
        }
    }
}

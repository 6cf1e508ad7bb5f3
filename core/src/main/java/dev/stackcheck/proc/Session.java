package dev.stackcheck.proc;

import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.program.Printer;
import dev.stackcheck.program.Program;
import dev.stackcheck.program.Quote;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One engine process speaking the session protocol (specs/PROTOCOL.md §1.2): it runs many programs, in order,
 * on one standard input and output. stackcheck writes a program followed by the {@link #SEPARATOR} line and
 * reads the engine's lines for it up to its final line (stats, refuse or error), then writes the next.
 *
 * <p>Invariant: between programs the process is idle, having answered every program written to it with
 * exactly one final line and nothing after it. A program during which it crashes, hangs past its timeout or
 * breaks the protocol is a failed run of that program; the session is then {@link #broken()}, its process
 * tree killed, and it is never used again (the pool starts a new process for the next program).
 */
final class Session implements AutoCloseable {

    /** The line that follows each program on the engine's standard input. */
    static final String SEPARATOR = "---";

    private static final Object END = new Object();
    private static final Object TOO_LONG = new Object();
    private static final byte[] CLOSE = new byte[0];
    private static final long GRACE_MILLIS = 3000;

    private final Process process;
    private final Path err;
    private final BlockingQueue<Object> out = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> in = new LinkedBlockingQueue<>();
    private int programs;
    private boolean broken;

    private Session(Process process, Path err) {
        this.process = process;
        this.err = err;
    }

    /** Starts the engine's process, with a thread reading its lines and one writing its programs. */
    static Session start(OutsideEngine config) throws IOException {
        Path err = Files.createTempFile("stackcheck-session", ".stderr");
        Process p;
        try {
            p = ProcessEngine.processBuilder(config, err).start();
        } catch (IOException e) {
            Files.deleteIfExists(err);
            throw e;
        }
        Session s = new Session(p, err);
        Thread reader = new Thread(s::readLines, "stackcheck-session-stdout");
        reader.setDaemon(true);
        reader.start();
        Thread writer = new Thread(s::writePrograms, "stackcheck-session-stdin");
        writer.setDaemon(true);
        writer.start();
        return s;
    }

    /** False once a program broke the session: it is not given another. */
    boolean broken() {
        return broken;
    }

    /** Runs one program (its timeout counted from when it is sent) and reports what the engine said of it. */
    BlackBoxRun run(OutsideEngine config, Program program) {
        programs++;
        Transcript t = new Transcript(Transcript.maxLines(program.steps()));
        long errFrom = errSize();
        Object early = out.poll();
        if (early instanceof String line) {
            return fail(t, "stdout: a line before the program was sent, after the previous program's final line: "
                    + Quote.line(line), errFrom);
        }
        if (early == END) {
            return crashed(config, t, errFrom);
        }
        in.add((Printer.print(program) + SEPARATOR + "\n").getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + config.timeout().toNanos();
        while (true) {
            Object item;
            try {
                item = out.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail(t, "interrupted", errFrom);
            }
            if (item == null) {
                return fail(t, "timed out after " + ProcessEngine.seconds(config) + " on the session's program "
                        + programs + " (the process tree was killed; a new one runs the next program)", errFrom);
            }
            if (item == END) {
                return crashed(config, t, errFrom);
            }
            if (item == TOO_LONG) {
                return fail(t, "stdout line " + (t.lines() + 1) + " is longer than " + Lines.MAX + " bytes", errFrom);
            }
            String why = t.accept((String) item);
            if (why != null) {
                return fail(t, why, errFrom);
            }
            if (t.finished()) {
                return t.finish(t.events(), ProcessEngine.tail(err, errFrom, ProcessEngine.STDERR_TAIL));
            }
        }
    }

    /** The process closed its standard output before the program's final line. */
    private BlackBoxRun crashed(OutsideEngine config, Transcript t, long errFrom) {
        broken = true;
        boolean exited;
        try {
            exited = process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        String stderr = ProcessEngine.tail(err, errFrom, ProcessEngine.STDERR_TAIL);
        if (!exited) {
            ProcessEngine.killTree(process);
            return t.failed("closed its standard output before the final line of the session's program " + programs
                    + " (the process tree was killed; a new one runs the next program)", stderr);
        }
        int status = process.exitValue();
        if (status != 0) {
            try {
                String overflow = ProcessEngine.overflowLine(config, err, errFrom);
                if (overflow != null) {
                    return t.overflowed(overflow, t.events(), stderr);
                }
            } catch (IOException e) {
                // unreadable standard error: a crash
            }
        }
        return t.failed(ProcessEngine.exitedWith(status) + " before the final line of the session's program "
                + programs + " (" + t.lines() + " line" + (t.lines() == 1 ? "" : "s")
                + " read; a new process runs the next program)", stderr);
    }

    private BlackBoxRun fail(Transcript t, String why, long errFrom) {
        broken = true;
        ProcessEngine.killTree(process);
        return t.failed(why, ProcessEngine.tail(err, errFrom, ProcessEngine.STDERR_TAIL));
    }

    private long errSize() {
        try {
            return Files.size(err);
        } catch (IOException e) {
            return 0;
        }
    }

    private void readLines() {
        try (InputStream stdout = process.getInputStream()) {
            String stop = Lines.read(stdout, new Lines.Sink() {
                @Override
                public String line(String text) {
                    out.add(text);
                    return null;
                }

                @Override
                public String tooLong() {
                    out.add(TOO_LONG);
                    return "too long";
                }
            });
            if (stop == null) {
                out.add(END);
            }
        } catch (IOException e) {
            out.add(END);
        }
    }

    private void writePrograms() {
        try (OutputStream stdin = process.getOutputStream()) {
            while (true) {
                byte[] b = in.take();
                if (b == CLOSE) {
                    return;
                }
                stdin.write(b);
                stdin.flush();
            }
        } catch (IOException e) {
            // the engine closed its input or exited: the reader sees the end of its output
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the engine's standard input, which ends the session; the process has until {@code deadline}. */
    void closeInput() {
        in.add(CLOSE);
    }

    /** Ends the session: closes its input, waits for the process until {@code deadlineNanos}, then kills it. */
    void awaitExit(long deadlineNanos) {
        try {
            process.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (process.isAlive()) {
            ProcessEngine.killTree(process);
        }
        try {
            Files.deleteIfExists(err);
        } catch (IOException e) {
            // a temporary file left behind
        }
    }

    @Override
    public void close() {
        closeInput();
        awaitExit(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS));
    }
}

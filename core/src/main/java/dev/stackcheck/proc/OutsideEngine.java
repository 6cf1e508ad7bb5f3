package dev.stackcheck.proc;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to run one outside engine: from a descriptor ({@link OutsideEngines#load}) or from
 * {@code --engine proc:COMMAND} ({@link OutsideEngines#adHoc}).
 *
 * @param name        the name reports use
 * @param description one line
 * @param command     the program and its arguments (the first resolved to a path when it names a file)
 * @param build       a command that builds the program, or empty; run by {@link OutsideEngines#ensureBuilt}
 * @param sources     files or directories the program is built from: when one is newer than the program,
 *                    it is built again
 * @param dir         the descriptor's directory: the working directory of {@code build}; null ad hoc
 * @param kind        the kind of stack it claims to keep (only its copy events are checked, whatever the kind)
 * @param params      the sizes its copy events are held to (initial size, guard, shrink slack, limit)
 * @param timeout     how long one program may take, from start to exit
 * @param stderr      "" or {@link #GO_STACKDEBUG}: also read events from standard error in that format
 * @param overflow    when the engine exits with an error and a line of its standard error matches this,
 *                    the run is a stack overflow (the line is its message), not a crash; or null
 * @param mode        which protocol it speaks: one process per program, or a session of many programs
 */
public record OutsideEngine(String name, String description, List<String> command, List<String> build,
                            List<Path> sources, Path dir, StackKind kind, EngineParams params, Duration timeout,
                            String stderr, Pattern overflow, Mode mode) {

    /** The protocols of PROTOCOL.md: how programs reach the engine's processes. */
    public enum Mode {
        /** one process per program: the program on standard input, which is then closed (PROTOCOL.md §1.1) */
        PROCESS("process"),
        /** one process runs many programs in order, each followed by a separator line (PROTOCOL.md §1.2) */
        SESSION("session");

        private final String id;

        Mode(String id) {
            this.id = id;
        }

        /** Its name in descriptors and in {@code $STACKCHECK_PROTOCOL}. */
        public String id() {
            return id;
        }

        /**
         * The mode called {@code id}.
         *
         * @throws IllegalArgumentException naming the modes when there is none
         */
        public static Mode byId(String id) {
            for (Mode m : values()) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("protocol is process or session, not '" + id + "'");
        }
    }

    /** Standard error carries Go's stackDebug lines ({@link GoStackTrace}). */
    public static final String GO_STACKDEBUG = "go-stackdebug";

    /** The default time one program may take. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public OutsideEngine {
        Objects.requireNonNull(name, "name");
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("an outside engine needs a command");
        }
        build = List.copyOf(build);
        sources = List.copyOf(sources);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(params, "params");
        stderr = stderr == null ? "" : stderr;
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
        if (!stderr.isEmpty() && !stderr.equals(GO_STACKDEBUG)) {
            throw new IllegalArgumentException("unknown stderr format '" + stderr + "' (known: " + GO_STACKDEBUG + ")");
        }
        description = description == null ? "" : description;
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.SESSION && !stderr.isEmpty()) {
            throw new IllegalArgumentException("events on standard error (stderr: " + stderr
                    + ") need the process protocol, not a session");
        }
    }

    /** An engine that speaks the process protocol. */
    public OutsideEngine(String name, String description, List<String> command, List<String> build,
                         List<Path> sources, Path dir, StackKind kind, EngineParams params, Duration timeout,
                         String stderr, Pattern overflow) {
        this(name, description, command, build, sources, dir, kind, params, timeout, stderr, overflow, Mode.PROCESS);
    }

    public OutsideEngine withTimeout(Duration t) {
        return new OutsideEngine(name, description, command, build, sources, dir, kind, params, t, stderr, overflow,
                mode);
    }

    public OutsideEngine withParams(EngineParams p) {
        return new OutsideEngine(name, description, command, build, sources, dir, kind, p, timeout, stderr, overflow,
                mode);
    }

    public OutsideEngine withMode(Mode m) {
        return new OutsideEngine(name, description, command, build, sources, dir, kind, params, timeout, stderr, overflow,
                m);
    }

    /** A new engine that runs this. */
    public ProcessEngine engine() {
        return new ProcessEngine(this);
    }
}

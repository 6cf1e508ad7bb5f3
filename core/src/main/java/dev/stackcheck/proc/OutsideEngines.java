package dev.stackcheck.proc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.program.Quote;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Finds outside engines: {@code proc:COMMAND} names one ad hoc; a name names the descriptor
 * {@code NAME.json} in the first directory of the search path that has one:
 * <ol>
 *   <li>each directory of {@code $STACKCHECK_ENGINES} (separated like PATH),</li>
 *   <li>{@code engines/} in the working directory,</li>
 *   <li>{@code engines/} beside the module holding the stackcheck jar (the repository's, for
 *   {@code core/target/stackcheck.jar}),</li>
 *   <li>{@code ~/.stackcheck/engines/}.</li>
 * </ol>
 * The descriptor format is in specs/PROTOCOL.md.
 */
public final class OutsideEngines {

    /** The prefix of an ad hoc outside engine in {@code --engine}. */
    public static final String PROC_PREFIX = "proc:";

    private static final Set<String> FIELDS = Set.of("description", "command", "build", "sources", "kind", "profile",
            "timeoutSeconds", "stderr", "overflow", "protocol");
    /** made at the first descriptor read, so that a command naming no outside engine never starts Jackson */
    private static final class Mapper {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);

    private OutsideEngines() {
    }

    /** The directories searched for descriptors, in order (those that exist). */
    public static List<Path> searchPath() {
        Set<Path> dirs = new LinkedHashSet<>();
        String env = System.getenv("STACKCHECK_ENGINES");
        if (env != null) {
            for (String d : env.split(File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d).toAbsolutePath().normalize());
                }
            }
        }
        dirs.add(Path.of("engines").toAbsolutePath().normalize());
        try {
            Path jar = Path.of(OutsideEngines.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path parent = jar.getParent() == null || jar.getParent().getParent() == null ? null
                    : jar.getParent().getParent().getParent();
            if (parent != null) {
                dirs.add(parent.resolve("engines").toAbsolutePath().normalize());
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no code source: skip that directory
        }
        String home = System.getProperty("user.home");
        if (home != null) {
            dirs.add(Path.of(home, ".stackcheck", "engines"));
        }
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) {
            if (Files.isDirectory(d)) {
                out.add(d);
            }
        }
        return out;
    }

    /** True when {@code spec} is {@code proc:COMMAND}. */
    public static boolean isAdHoc(String spec) {
        return spec.startsWith(PROC_PREFIX);
    }

    /** The part of {@code proc:kind=KIND:COMMAND} that declares the engine's kind. */
    public static final String KIND_PART = "kind=";

    /**
     * {@code proc:COMMAND}: COMMAND run by {@code /bin/sh -c}, default parameters and timeout, kind other; or
     * {@code proc:kind=KIND:COMMAND}, the same of kind KIND (copying, segmented, hybrid, fixed or other), held to
     * that kind's rules as a descriptor's {@code kind} field would make it. The name is the whole value, so a
     * replay of {@code --engine NAME} finds the same engine of the same kind.
     *
     * @throws IllegalArgumentException for an empty command or an unknown kind
     */
    public static OutsideEngine adHoc(String spec) {
        String value = spec.startsWith(PROC_PREFIX) ? spec.substring(PROC_PREFIX.length()) : spec;
        String command = value;
        StackKind kind = StackKind.OTHER;
        if (command.startsWith(KIND_PART)) {
            int colon = command.indexOf(':');
            String k = colon < 0 ? command.substring(KIND_PART.length()) : command.substring(KIND_PART.length(), colon);
            kind = kind(k, "proc:" + KIND_PART + "KIND:COMMAND");
            command = colon < 0 ? "" : command.substring(colon + 1);
        }
        if (command.isBlank()) {
            throw new IllegalArgumentException("proc: needs a command, as in proc:./my-engine or proc:" + KIND_PART
                    + "copying:./my-engine");
        }
        return new OutsideEngine(PROC_PREFIX + value, "the command " + command, List.of("/bin/sh", "-c", command), List.of(), List.of(), null, kind,
                EngineParams.DEFAULT, OutsideEngine.DEFAULT_TIMEOUT, "", null);
    }

    /** The kind called {@code name} (any case); else IllegalArgumentException naming {@code where} and the kinds. */
    private static StackKind kind(String name, String where) {
        try {
            return StackKind.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": kind is segmented, copying, hybrid, fixed or other, not "
                    + Quote.token(name));
        }
    }

    /** The descriptor called {@code name} on the search path, loaded. */
    public static Optional<OutsideEngine> find(String name) {
        if (!name.matches("[A-Za-z0-9_.-]+") || name.startsWith(".")) {
            return Optional.empty();
        }
        for (Path dir : searchPath()) {
            Path f = dir.resolve(name + ".json");
            if (Files.isRegularFile(f)) {
                return Optional.of(load(f));
            }
        }
        return Optional.empty();
    }

    /** The names of the descriptors on the search path (the first of each name), sorted. */
    public static List<String> names() {
        Set<String> names = new java.util.TreeSet<>();
        for (Path dir : searchPath()) {
            try (Stream<Path> s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                        .forEach(n -> names.add(n.substring(0, n.length() - 5)));
            } catch (IOException e) {
                // unreadable directory: skip
            }
        }
        return List.copyOf(names);
    }

    /**
     * Loads a descriptor.
     *
     * @throws IllegalArgumentException naming the file and the problem
     */
    public static OutsideEngine load(Path file) {
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        Path dir = file.toAbsolutePath().normalize().getParent();
        JsonNode root;
        try {
            root = Mapper.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": a descriptor is a JSON object");
        }
        Iterator<String> it = root.fieldNames();
        while (it.hasNext()) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException(file + ": unknown field '" + f + "' (known: " + String.join(", ",
                        new java.util.TreeSet<>(FIELDS)) + ")");
            }
        }
        List<String> command = strings(root, "command", file);
        if (command.isEmpty()) {
            throw new IllegalArgumentException(file + ": \"command\" is a non-empty array of strings");
        }
        command.set(0, resolve(dir, command.get(0)));
        List<String> build = strings(root, "build", file);
        if (!build.isEmpty()) {
            build.set(0, resolve(dir, build.get(0)));
        }
        List<Path> sources = new ArrayList<>();
        for (String s : strings(root, "sources", file)) {
            sources.add(dir.resolve(s).normalize());
        }
        StackKind kind = StackKind.OTHER;
        if (root.has("kind")) {
            kind = kind(text(root, "kind", file), file.toString());
        }
        EngineParams params = EngineParams.DEFAULT;
        if (root.has("profile")) {
            try {
                params = Profile.byName(text(root, "profile", file)).params();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage());
            }
        }
        Duration timeout = OutsideEngine.DEFAULT_TIMEOUT;
        if (root.has("timeoutSeconds")) {
            JsonNode t = root.get("timeoutSeconds");
            if (!t.isNumber() || t.doubleValue() <= 0) {
                throw new IllegalArgumentException(file + ": timeoutSeconds is a positive number");
            }
            timeout = Duration.ofMillis(Math.round(t.doubleValue() * 1000));
        }
        Pattern overflow = null;
        if (root.has("overflow")) {
            try {
                overflow = Pattern.compile(text(root, "overflow", file));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(file + ": overflow is not a regular expression: " + e.getMessage());
            }
        }
        try {
            OutsideEngine.Mode mode = root.has("protocol") ? OutsideEngine.Mode.byId(text(root, "protocol", file))
                    : OutsideEngine.Mode.PROCESS;
            return new OutsideEngine(name, root.has("description") ? text(root, "description", file) : "", command,
                    build, sources, dir, kind, params, timeout, root.has("stderr") ? text(root, "stderr", file) : "",
                    overflow, mode);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    /**
     * Builds the engine's program when it is missing or older than one of its sources; does nothing for an
     * engine without a build command.
     *
     * @throws IllegalStateException when the build fails, with the end of its output
     */
    public static void ensureBuilt(OutsideEngine e) {
        if (e.build().isEmpty() || !stale(e)) {
            return;
        }
        try {
            Path log = Files.createTempFile("stackcheck-build", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(e.build()).redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                if (e.dir() != null) {
                    pb.directory(e.dir().toFile());
                }
                Process p = pb.start();
                p.getOutputStream().close();
                if (!p.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    ProcessEngine.killTree(p);
                    throw new IllegalStateException("engine " + e.name() + ": its build took longer than "
                            + BUILD_TIMEOUT.toMinutes() + " minutes");
                }
                if (p.exitValue() != 0 || stale(e)) {
                    throw new IllegalStateException("engine " + e.name() + ": its build (" + String.join(" ", e.build())
                            + ") failed" + (p.exitValue() != 0 ? " with status " + p.exitValue() : " to make "
                            + e.command().get(0)) + ":\n" + ProcessEngine.tail(log, 2000).indent(2).stripTrailing());
                }
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException ex) {
            throw new IllegalStateException("engine " + e.name() + ": cannot run its build: " + ex.getMessage());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("engine " + e.name() + ": its build was interrupted");
        }
    }

    /** True when the engine's program is missing or older than one of its sources. */
    static boolean stale(OutsideEngine e) {
        Path program = Path.of(e.command().get(0));
        if (!Files.isRegularFile(program)) {
            return true;
        }
        try {
            FileTime built = Files.getLastModifiedTime(program);
            for (Path s : e.sources()) {
                if (!Files.exists(s)) {
                    continue;
                }
                try (Stream<Path> all = Files.walk(s)) {
                    if (all.filter(Files::isRegularFile).anyMatch(f -> newer(f, built))) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException ex) {
            return true;
        }
    }

    private static boolean newer(Path f, FileTime than) {
        try {
            return Files.getLastModifiedTime(f).compareTo(than) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static String resolve(Path dir, String program) {
        if (program.contains("/") && !Path.of(program).isAbsolute()) {
            return dir.resolve(program).normalize().toString();
        }
        return program;
    }

    private static List<String> strings(JsonNode root, String field, Path file) {
        List<String> out = new ArrayList<>();
        if (!root.has(field)) {
            return out;
        }
        JsonNode a = root.get(field);
        if (!a.isArray()) {
            throw new IllegalArgumentException(file + ": \"" + field + "\" is an array of strings");
        }
        for (JsonNode n : a) {
            if (!n.isTextual()) {
                throw new IllegalArgumentException(file + ": \"" + field + "\" is an array of strings");
            }
            out.add(n.textValue());
        }
        return out;
    }

    private static String text(JsonNode root, String field, Path file) {
        JsonNode n = root.get(field);
        if (!n.isTextual()) {
            throw new IllegalArgumentException(file + ": \"" + field + "\" is a string");
        }
        return n.textValue();
    }
}

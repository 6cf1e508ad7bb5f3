package dev.stackcheck.proc;

import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.program.Program;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The running sessions of outside engines that speak the session protocol, so that a process that starts
 * slowly starts once: each program takes an idle session of its engine (or starts one), and gives it back
 * when the program is done, unless the program broke it. Engines with the same command, directory and stack
 * limit share sessions; a program runs on one session at a time, so parallel workers get one each.
 *
 * <p>Invariant: a session is either idle in the pool or held by exactly one running program; a broken one
 * is in neither. Every session still running when the JVM exits is ended (its input closed, its process
 * given a moment to exit, then killed).
 */
public final class Sessions {

    private static final long CLOSE_GRACE_MILLIS = 2000;

    private record Key(List<String> command, Path dir, long maxStack) {
        static Key of(OutsideEngine config) {
            return new Key(config.command(), config.dir(), config.params().maxStack());
        }
    }

    private static final Map<Key, Deque<Session>> IDLE = new HashMap<>();
    private static final Set<Session> OPEN = new LinkedHashSet<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Sessions::closeAll, "stackcheck-sessions-close"));
    }

    private Sessions() {
    }

    /** Runs one program on a session of the engine: an idle one, or a new process. */
    static BlackBoxRun run(OutsideEngine config, Program program) {
        Key key = Key.of(config);
        Session s = take(key);
        if (s == null) {
            try {
                s = Session.start(config);
            } catch (IOException e) {
                return BlackBoxRun.failed("could not start " + String.join(" ", config.command()) + ": "
                        + e.getMessage(), new long[0], List.of(), "");
            }
            synchronized (Sessions.class) {
                OPEN.add(s);
            }
        }
        BlackBoxRun r = s.run(config, program);
        if (s.broken()) {
            synchronized (Sessions.class) {
                OPEN.remove(s);
            }
            s.close();
        } else {
            synchronized (Sessions.class) {
                IDLE.computeIfAbsent(key, k -> new ArrayDeque<>()).push(s);
            }
        }
        return r;
    }

    private static synchronized Session take(Key key) {
        Deque<Session> idle = IDLE.get(key);
        return idle == null ? null : idle.poll();
    }

    /** How many sessions are running (idle or busy). */
    public static synchronized int open() {
        return OPEN.size();
    }

    /**
     * Ends every session: closes their inputs, gives their processes a moment together to exit, and kills
     * those still running. A program running on one of them at the time fails.
     */
    public static void closeAll() {
        List<Session> all;
        synchronized (Sessions.class) {
            all = new ArrayList<>(OPEN);
            OPEN.clear();
            IDLE.clear();
        }
        for (Session s : all) {
            s.closeInput();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_GRACE_MILLIS);
        for (Session s : all) {
            s.awaitExit(deadline);
        }
    }
}

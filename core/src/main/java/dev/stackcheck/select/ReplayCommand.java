package dev.stackcheck.select;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The command that replays a program, built in one place for check, explore, selftest and the JUnit XML:
 * {@code ./stackcheck run FILE --engine NAME [--profile P] [--max-stack N]}, every word shell-quoted, so it
 * works when pasted into a shell (a {@code proc:} engine's command included). When plug-ins or outside
 * engines were found through {@code STACKCHECK_CLASSPATH} or {@code STACKCHECK_ENGINES}, the command starts
 * with those settings, since the replay needs them to find the engine again.
 */
public final class ReplayCommand {

    /** The settings a replay carries over from this process's environment, in this order. */
    public static final List<String> CARRIED = List.of("STACKCHECK_CLASSPATH", "STACKCHECK_ENGINES");

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

    private ReplayCommand() {
    }

    /** The replay of {@code file} on engine {@code engine}, under this process's environment. */
    public static String of(String file, String engine, String profile, long maxStack) {
        return of(file, engine, profile, maxStack, System.getenv());
    }

    /**
     * The replay of {@code file} on engine {@code engine} with {@code profile} (or null) and a stack limit
     * {@code maxStack} (or 0), carrying the settings of {@code env} that find plug-ins.
     */
    public static String of(String file, String engine, String profile, long maxStack, Map<String, String> env) {
        List<String> words = new ArrayList<>();
        for (String name : CARRIED) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                words.add(name + "=" + quote(v));
            }
        }
        words.add("./stackcheck");
        words.add("run");
        words.add(quote(file));
        words.add("--engine");
        words.add(quote(engine));
        if (profile != null) {
            words.add("--profile");
            words.add(quote(profile));
        }
        if (maxStack > 0) {
            words.add("--max-stack");
            words.add(Long.toString(maxStack));
        }
        return String.join(" ", words);
    }

    /** {@code word} as one word of a POSIX shell: as it is when plain, else in single quotes. */
    public static String quote(String word) {
        if (!word.isEmpty() && PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}

package dev.stackcheck.gen;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Check options from settings named {@code stackcheck.*} (system properties, junit-platform.properties, ...),
 * each falling back to {@link CheckOptions#DEFAULT}: {@code stackcheck.seed}, {@code stackcheck.tries},
 * {@code stackcheck.shard} (I/N), {@code stackcheck.maxLength} (statements per program),
 * {@code stackcheck.maxMillis} (time bound, 0 none), {@code stackcheck.shrinkCalls} (runs per shrink),
 * {@code stackcheck.failureDir} ("none" to neither save nor replay), {@code stackcheck.replay} ("false" to
 * skip the saved failures), {@code stackcheck.workers} (threads, 0 one per processor).
 */
public final class CheckSettings {

    private CheckSettings() {
    }

    /** The options the settings {@code get} gives. */
    public static CheckOptions fromSettings(Function<String, Optional<String>> get) {
        CheckOptions o = CheckOptions.DEFAULT;
        Optional<String> v;
        if ((v = get.apply("stackcheck.seed")).isPresent()) {
            o = o.withSeed(Long.parseLong(v.get().trim()));
        }
        if ((v = get.apply("stackcheck.tries")).isPresent()) {
            o = o.withTries(Long.parseLong(v.get().trim()));
        }
        if ((v = get.apply("stackcheck.shard")).isPresent()) {
            o = o.withShard(v.get());
        }
        if ((v = get.apply("stackcheck.maxLength")).isPresent()) {
            o = o.withGenerator(GenConfig.DEFAULT.withMaxLength(Integer.parseInt(v.get().trim())));
        }
        if ((v = get.apply("stackcheck.maxMillis")).isPresent()) {
            o = o.withMaxMillis(Long.parseLong(v.get().trim()));
        }
        if ((v = get.apply("stackcheck.shrinkCalls")).isPresent()) {
            o = o.withShrinkBudget(new Shrinker.Budget(Integer.parseInt(v.get().trim()),
                    o.shrinkBudget().maxMillis()));
        }
        if ((v = get.apply("stackcheck.failureDir")).isPresent()) {
            o = o.withFailureDir(v.get().trim().equals("none") ? null : Path.of(v.get().trim()));
        }
        if ((v = get.apply("stackcheck.replay")).isPresent()) {
            o = o.withReplaySaved(!v.get().trim().equals("false"));
        }
        if ((v = get.apply("stackcheck.workers")).isPresent()) {
            o = o.withWorkers(Integer.parseInt(v.get().trim()));
        }
        return o;
    }
}

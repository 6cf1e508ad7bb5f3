package dev.stackcheck.gen;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackEngineProvider;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.select.ReplayCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An engine as a check session runs it: a provider's engine with a set of parameters, under a name that
 * reports use ({@code copying}, {@code segmented/gcc}, {@code copying/max65536}).
 *
 * @param name     the name in reports and failure signatures
 * @param engine   the provider's name, as {@code --engine} selects it
 * @param profile  the profile whose parameters these are, or null
 * @param params   the parameters the engine runs with
 * @param maxStack a limit set for the check instead of the profile's or provider's, or 0
 * @param factory  makes fresh engines
 */
public record CheckTarget(String name, String engine, String profile, EngineParams params, long maxStack,
                          Supplier<StackEngine> factory) {

    /** The limit the default targets add, so that a default run meets stack overflows. */
    public static final long SMALL_LIMIT = 16 * 1024;

    public CheckTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(factory, "factory");
    }

    /** The provider's engine with its default parameters. */
    public static CheckTarget of(StackEngineProvider p) {
        EngineParams params = p.defaultParams();
        return new CheckTarget(p.name(), p.name(), null, params, 0, () -> p.create(params));
    }

    /** The provider's engine with a profile's parameters. */
    public static CheckTarget of(StackEngineProvider p, Profile profile) {
        EngineParams params = profile.params();
        return new CheckTarget(p.name() + "/" + profile.name(), p.name(), profile.name(), params, 0,
                () -> p.create(params));
    }

    /** The provider's engine with its default parameters but a (small) stack limit. */
    public static CheckTarget limited(StackEngineProvider p, long maxStack) {
        EngineParams params = p.defaultParams().withMaxStack(maxStack);
        return new CheckTarget(p.name() + "/max" + maxStack, p.name(), null, params, maxStack,
                () -> p.create(params));
    }

    /** A target made by hand (a deliberately wrong engine in a test, say). */
    public static CheckTarget custom(String name, EngineParams params, Supplier<StackEngine> factory) {
        return new CheckTarget(name, name, null, params, 0, factory);
    }

    /**
     * The targets a default check runs for these providers: each with its default parameters; the reference
     * segmented engine also with GCC's profile (its segment cache); the reference copying engine also with
     * a {@link #SMALL_LIMIT} limit (stack overflow).
     */
    public static List<CheckTarget> defaults(List<StackEngineProvider> providers) {
        List<CheckTarget> out = new ArrayList<>();
        for (StackEngineProvider p : providers) {
            out.add(of(p));
        }
        for (StackEngineProvider p : providers) {
            if (Engines.isReference(p) && p.name().equals("segmented")) {
                out.add(of(p, Profile.GCC));
            }
            if (Engines.isReference(p) && p.name().equals("copying")) {
                out.add(limited(p, SMALL_LIMIT));
            }
        }
        return List.copyOf(out);
    }

    /** The default targets of every engine found through ServiceLoader. */
    public static List<CheckTarget> defaults() {
        return defaults(Engines.providers());
    }

    /** The runner's view of this target. */
    public EngineSetup spec() {
        return new EngineSetup(name, engine, params, factory);
    }

    /** What kind of stack the engine keeps. */
    public StackKind kind() {
        return factory.get().kind();
    }

    /**
     * The command that replays a program on this target ({@link ReplayCommand}):
     * {@code ./stackcheck run FILE --engine E [--profile P] [--max-stack N]}, shell-quoted.
     */
    public String replayCommand(String file) {
        return ReplayCommand.of(file, engine, profile, maxStack);
    }
}

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

    /** The limit of {@link #LIMITS} that is no power-of-two multiple of the initial stack. */
    public static final long ODD_LIMIT = 10 * 2048L;

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
     * The targets a default check runs for these providers, reference engines and plug-ins alike: each with
     * its default parameters; each under the {@link #LIMITS} spread of stack limits; and an engine of the
     * segmented kind also with a segment cache (the reference segmented engine with GCC's profile, a plug-in
     * with its default parameters and the cache on).
     */
    public static List<CheckTarget> defaults(List<StackEngineProvider> providers) {
        List<CheckTarget> out = new ArrayList<>();
        for (StackEngineProvider p : providers) {
            out.add(of(p));
        }
        for (StackEngineProvider p : providers) {
            if (kindOf(p) == StackKind.SEGMENTED) {
                out.add(Engines.isReference(p) ? of(p, Profile.GCC) : cached(p));
            }
            for (long limit : LIMITS) {
                out.add(limited(p, limit));
            }
        }
        return List.copyOf(out);
    }

    /**
     * The stack limits every engine is checked under by default: {@link #SMALL_LIMIT}, exactly a doubling of
     * a 2 KiB initial stack (8 * 2048), and {@link #ODD_LIMIT}, a multiple of it that is no power of two (10 *
     * 2048) and no whole number of 8 KiB segments (2.5), where wrong overflow rules that round the limit part
     * from the right one. The generator aims dives at each.
     */
    public static final List<Long> LIMITS = List.of(SMALL_LIMIT, ODD_LIMIT);

    /** A plug-in of the segmented kind with its default parameters and the segment cache on. */
    public static CheckTarget cached(StackEngineProvider p) {
        EngineParams params = p.defaultParams().withSegmentCache(true);
        return new CheckTarget(p.name() + "/cache", p.name(), null, params, 0, () -> p.create(params));
    }

    private static StackKind kindOf(StackEngineProvider p) {
        try {
            return p.create(p.defaultParams()).kind();
        } catch (RuntimeException e) {
            return StackKind.OTHER; // an engine that cannot be made fails in the check itself, as ENG-1
        }
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

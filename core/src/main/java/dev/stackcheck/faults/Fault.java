package dev.stackcheck.faults;

import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.HybridEngine;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackEngineProvider;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One deliberately wrong engine: a reference engine with exactly one mechanism broken.
 *
 * <p>Invariant: {@link #create()} makes an instance of a subclass of the {@link #base} reference engine
 * that overrides one protected hook; {@link #reference()} makes the unbroken base engine with the same
 * parameters, so a violation that the fault engine shows and the reference does not is the fault's own.
 *
 * @param id         stable kebab-case name, for example {@code copy-adjusts-top-frame-only}
 * @param base       the reference engine it breaks: "copying", "segmented" or "hybrid"
 * @param bug        what is wrong, in one or two sentences
 * @param source     where the class of bug comes from (Go, GCC or Rust history), or "illustrative: ..."
 * @param invariant  the invariant ID expected to catch it (for example {@code PTR-1})
 * @param minimalOps statements (declarations excluded) of the shortest program known to expose it; a
 *                   test runs that program
 * @param params     the parameters the fault engine (and its reference) run with
 * @param factory    makes the fault engine for given parameters
 */
public record Fault(String id, String base, String bug, String source, String invariant, int minimalOps,
                    EngineParams params, Function<EngineParams, StackEngine> factory) {

    /** What {@code --engine} and reports put before a fault's id: {@code fault:ID} names the fault engine. */
    public static final String ENGINE_PREFIX = "fault:";

    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern INVARIANT = Pattern.compile("[A-Z]+-[0-9]+");

    public Fault {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(bug, "bug");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(factory, "factory");
        if (!KEBAB.matcher(id).matches()) {
            throw new IllegalArgumentException("fault id must be kebab-case: " + id);
        }
        if (!base.equals("copying") && !base.equals("segmented") && !base.equals("hybrid")) {
            throw new IllegalArgumentException("unknown base engine " + base + " for " + id);
        }
        if (!INVARIANT.matcher(invariant).matches()) {
            throw new IllegalArgumentException("bad invariant ID " + invariant + " for " + id);
        }
        if (minimalOps < 1) {
            throw new IllegalArgumentException("minimalOps must be positive for " + id);
        }
    }

    /** A new, unstarted fault engine with {@link #params}. */
    public StackEngine create() {
        return factory.apply(params);
    }

    /** A new, unstarted reference engine of the {@link #base} kind with {@link #params}. */
    public StackEngine reference() {
        return referenceEngine(base, params);
    }

    /** The reference engine called {@code base} with {@code params}. */
    public static StackEngine referenceEngine(String base, EngineParams params) {
        if (base.equals("copying")) {
            return new CopyingEngine(params);
        }
        if (base.equals("segmented")) {
            return new SegmentedEngine(params);
        }
        return new HybridEngine(params);
    }

    /** The fault engine's name: {@code fault:ID}. */
    public String engineName() {
        return ENGINE_PREFIX + id;
    }

    /** The fault as an engine provider: named {@code fault:<id>}, defaulting to {@link #params}. */
    public StackEngineProvider provider() {
        Fault f = this;
        return new StackEngineProvider() {
            @Override
            public String name() {
                return f.engineName();
            }

            @Override
            public String description() {
                return f.bug;
            }

            @Override
            public EngineParams defaultParams() {
                return f.params;
            }

            @Override
            public StackEngine create(EngineParams p) {
                return f.factory.apply(p);
            }
        };
    }

    @Override
    public String toString() {
        return id + " (" + base + ", " + invariant + ", minimalOps " + minimalOps + ")";
    }
}

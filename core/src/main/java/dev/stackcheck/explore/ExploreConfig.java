package dev.stackcheck.explore;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackEngineProvider;
import dev.stackcheck.program.Layout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What to explore: the alphabet of statements, the engines (already bound to their parameters), the
 * bound on program length, and how to run.
 *
 * <p>The standard configuration pairs {@link Profile#EXPLORE}'s tiny sizes (64-byte segments with a
 * cache, a 32-byte initial stack, an 8-byte guard, a 256-byte limit) with five layouts and the values 0
 * and 1. Byte sizes: {@code one} 16 (two fill a segment's 32 usable bytes), {@code pair} 24 (exactly
 * fills the initial 24 usable bytes of a copying stack), {@code big} 48 (bigger than a segment: it needs
 * an 80-byte one; bigger than the initial stack: a first call grows it, and after a {@code pair} it grows
 * by two doublings), {@code nomap} 16 (no pointer map: it pins a hybrid's top segment), {@code ptr} 24
 * (slot 0 a pointer, slot 1 a scalar it may point at).
 *
 * @param alphabet  the statements
 * @param params    the engines' parameters (for the counterexample header)
 * @param engines   the engines, each bound to its parameters
 * @param depth     the bound: programs of at most this many statements
 * @param workers   threads expanding states (1 or more)
 * @param maxStates stop (incomplete) once this many distinct states are stored
 * @param shard     which part of the programs to explore, 1 to {@code shards}: the programs whose first
 *                  statements lead to a state of the split level with this rank modulo {@code shards}
 *                  (see {@link Explorer}); 1 of 1 explores everything
 * @param shards    into how many parts the programs are split
 * @param spillDir  where the fingerprints go when they no longer fit in the heap ({@link DiskFingerprints});
 *                  null: nowhere, the search stops instead
 */
public record ExploreConfig(Alphabet alphabet, EngineParams params, List<EngineSetup> engines, int depth,
                            int workers, long maxStates, int shard, int shards, Path spillDir) {

    /** The default bound. */
    public static final int DEFAULT_DEPTH = 6;

    /** A configuration that does not spill to disk. */
    public ExploreConfig(Alphabet alphabet, EngineParams params, List<EngineSetup> engines, int depth,
                         int workers, long maxStates, int shard, int shards) {
        this(alphabet, params, engines, depth, workers, maxStates, shard, shards, null);
    }

    public ExploreConfig {
        engines = List.copyOf(engines);
        if (depth < 0) {
            throw new IllegalArgumentException("depth must not be negative: " + depth);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        if (maxStates < 1) {
            throw new IllegalArgumentException("maxStates must be positive: " + maxStates);
        }
        if (shards < 1 || shard < 1 || shard > shards) {
            throw new IllegalArgumentException("shard must be I/N with 1 <= I <= N: " + shard + "/" + shards);
        }
        if (alphabet.maxFrames() < depth) {
            throw new IllegalArgumentException("the alphabet covers " + alphabet.maxFrames()
                    + " frames, the depth is " + depth);
        }
    }

    /** The standard layouts: one, pair, big, nomap, ptr (see the class comment). */
    public static List<Layout> standardLayouts() {
        return List.of(
                new Layout("one", 1, new int[0], false),
                new Layout("pair", 2, new int[0], false),
                new Layout("big", 7, new int[0], false),
                new Layout("nomap", 1, new int[0], true),
                new Layout("ptr", 2, new int[] {0}, false));
    }

    /** The standard values: 0 and 1. */
    public static long[] standardValues() {
        return new long[] {0, 1};
    }

    /** The standard alphabet for programs of at most {@code depth} statements. */
    public static Alphabet standardAlphabet(int depth) {
        return new Alphabet(standardLayouts(), standardValues(), Math.max(1, depth));
    }

    /** The given providers' engines with {@link Profile#EXPLORE}'s parameters. */
    public static List<EngineSetup> engines(List<StackEngineProvider> providers) {
        EngineParams p = Profile.EXPLORE.params();
        List<EngineSetup> out = new ArrayList<>();
        for (StackEngineProvider provider : providers) {
            out.add(EngineSetup.of(provider, p));
        }
        return out;
    }

    /** The standard configuration over {@code engines}, unbounded in states. */
    public static ExploreConfig standard(List<EngineSetup> engines, int depth, int workers) {
        return new ExploreConfig(standardAlphabet(depth), Profile.EXPLORE.params(), engines, depth, workers,
                Long.MAX_VALUE, 1, 1);
    }

    public ExploreConfig withWorkers(int w) {
        return new ExploreConfig(alphabet, params, engines, depth, w, maxStates, shard, shards, spillDir);
    }

    /** Shard {@code i} of {@code n} (1-based). */
    public ExploreConfig withShard(int i, int n) {
        return new ExploreConfig(alphabet, params, engines, depth, workers, maxStates, i, n, spillDir);
    }

    public ExploreConfig withMaxStates(long m) {
        return new ExploreConfig(alphabet, params, engines, depth, workers, m, shard, shards, spillDir);
    }

    public ExploreConfig withDepth(int d) {
        Alphabet a = alphabet.maxFrames() >= d ? alphabet
                : new Alphabet(alphabet.layouts(), alphabet.values(), d);
        return new ExploreConfig(a, params, engines, d, workers, maxStates, shard, shards, spillDir);
    }

    /** Spills fingerprints to {@code dir} when they no longer fit in the heap (null: never). */
    public ExploreConfig withSpillDir(Path dir) {
        return new ExploreConfig(alphabet, params, engines, depth, workers, maxStates, shard, shards, dir);
    }
}

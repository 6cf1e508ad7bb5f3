package dev.stackcheck.gen;

import dev.stackcheck.engine.EngineParams;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The knobs of {@link ProgramGenerator}.
 *
 * @param maxLength  most statements in a program's text (a repeat and each statement of its body count once)
 * @param maxDepth   most live frames at any point
 * @param maxSteps   most statements a program runs, every iteration counted
 * @param layouts    most layouts a program declares (at least 1)
 * @param maxRepeat  largest count of a hot-split loop
 * @param targets    the engine parameters the edges are computed from (segment size, initial stack, guard,
 *                   limit): layouts that just fit or just miss, dives that fill a segment or reach the limit.
 *                   Each edge is aimed at one of them, drawn (the first is the simplest choice)
 * @param weights    the weight of each move; 0 disables it
 * @param allowNomap whether layouts may be declared {@code nomap}
 */
public record GenConfig(int maxLength, int maxDepth, long maxSteps, int layouts, int maxRepeat,
                        List<EngineParams> targets, Map<Move, Integer> weights, boolean allowNomap) {

    /** Weights tuned so that a default run meets every coverage event. */
    public static final Map<Move, Integer> DEFAULT_WEIGHTS = defaultWeights();

    /** Programs of up to 40 statements, 5 layouts, 8 KiB segments and a 2 KiB initial stack. */
    public static final GenConfig DEFAULT = new GenConfig(40, 400, 4000, 5, 40, List.of(EngineParams.DEFAULT),
            DEFAULT_WEIGHTS, true);

    public GenConfig {
        if (maxLength < 1 || maxDepth < 1 || maxSteps < 1 || layouts < 1 || maxRepeat < 2) {
            throw new IllegalArgumentException("bad generator configuration");
        }
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one set of engine parameters to aim at");
        }
        EnumMap<Move, Integer> w = new EnumMap<>(Move.class);
        for (Move m : Move.values()) {
            int v = weights.getOrDefault(m, 0);
            if (v < 0) {
                throw new IllegalArgumentException("negative weight for " + m);
            }
            w.put(m, v);
        }
        weights = java.util.Collections.unmodifiableMap(w);
    }

    /** The first target: the parameters aimed at by the simplest choices. */
    public EngineParams params() {
        return targets.get(0);
    }

    public int weight(Move move) {
        return weights.get(move);
    }

    public GenConfig withMaxLength(int v) {
        return new GenConfig(v, maxDepth, maxSteps, layouts, maxRepeat, targets, weights, allowNomap);
    }

    public GenConfig withMaxDepth(int v) {
        return new GenConfig(maxLength, v, maxSteps, layouts, maxRepeat, targets, weights, allowNomap);
    }

    public GenConfig withMaxSteps(long v) {
        return new GenConfig(maxLength, maxDepth, v, layouts, maxRepeat, targets, weights, allowNomap);
    }

    public GenConfig withLayouts(int v) {
        return new GenConfig(maxLength, maxDepth, maxSteps, v, maxRepeat, targets, weights, allowNomap);
    }

    public GenConfig withMaxRepeat(int v) {
        return new GenConfig(maxLength, maxDepth, maxSteps, layouts, v, targets, weights, allowNomap);
    }

    /** Aims at one set of engine parameters. */
    public GenConfig withParams(EngineParams v) {
        return withTargets(List.of(v));
    }

    /** Aims at several sets of engine parameters (duplicates dropped, order kept). */
    public GenConfig withTargets(List<EngineParams> v) {
        List<EngineParams> distinct = new java.util.ArrayList<>(new java.util.LinkedHashSet<>(v));
        return new GenConfig(maxLength, maxDepth, maxSteps, layouts, maxRepeat, distinct, weights, allowNomap);
    }

    public GenConfig withWeights(Map<Move, Integer> v) {
        return new GenConfig(maxLength, maxDepth, maxSteps, layouts, maxRepeat, targets, v, allowNomap);
    }

    public GenConfig withWeight(Move move, int v) {
        EnumMap<Move, Integer> w = new EnumMap<>(weights);
        w.put(move, v);
        return withWeights(w);
    }

    public GenConfig withAllowNomap(boolean v) {
        return new GenConfig(maxLength, maxDepth, maxSteps, layouts, maxRepeat, targets, weights, v);
    }

    private static Map<Move, Integer> defaultWeights() {
        EnumMap<Move, Integer> w = new EnumMap<>(Move.class);
        w.put(Move.SET, 10);
        w.put(Move.GET, 6);
        w.put(Move.CALL, 12);
        w.put(Move.RET, 8);
        w.put(Move.ADDR, 10);
        w.put(Move.STORE, 7);
        w.put(Move.LOAD, 6);
        w.put(Move.DEFER, 5);
        w.put(Move.GC, 4);
        w.put(Move.HOT_SPLIT, 4);
        w.put(Move.DIVE, 4);
        w.put(Move.UNWIND, 4);
        return java.util.Collections.unmodifiableMap(w);
    }
}

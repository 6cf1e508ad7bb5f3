package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the generator draws, program by program, for the first seeds of four configurations, compared with
 * the reviewed list in core/src/test/resources/dev/stackcheck/gen/generated.txt: the default one; the targets
 * a default check aims at (the reference profiles, a segment cache, the small and the odd limit); explore's
 * tiny sizes without nomap in short programs; and only the moves that dive, defer and unwind, aimed at two
 * small limits; tight bounds of length, depth and steps; calls and dives alone (no move left at the depth bound); and a
 * few later seeds that reach rare branches. ProgramGeneratorTest states the generator's properties (legal, bounded, biased to the edges);
 * this pins the programs themselves, and how many choices drew each (what the shrinker works on), so that
 * a change that draws other programs (a weaker aim at an edge, a lost move) is seen and reviewed. After a deliberate change of the generator, regenerate with {@code java
 * -cp api/target/classes:core/target/classes:core/target/test-classes dev.stackcheck.gen.GeneratedProgramsTest}
 * and review the diff.
 */
class GeneratedProgramsTest {

    static final Path FILE = Path.of("core", "src", "test", "resources", "dev", "stackcheck", "gen", "generated.txt");

    static final int SEEDS = 30;

    static Map<String, GenConfig> configs() {
        Map<String, GenConfig> m = new LinkedHashMap<>();
        m.put("default", GenConfig.DEFAULT);
        m.put("check targets", GenConfig.DEFAULT.withTargets(CheckTarget.defaults().stream()
                .map(CheckTarget::params).toList()));
        m.put("explore sizes, no nomap, 16 statements", GenConfig.DEFAULT.withParams(Profile.EXPLORE.params())
                .withAllowNomap(false).withMaxLength(16).withLayouts(3));
        EngineParams small = EngineParams.DEFAULT.withMaxStack(6000);
        EngineParams odd = new EngineParams(1000, true, 1000, 40, 9000, 16);
        Map<Move, Integer> w = new java.util.EnumMap<>(Move.class);
        for (Move move : List.of(Move.CALL, Move.ADDR, Move.DEFER, Move.DIVE, Move.UNWIND, Move.GC)) {
            w.put(move, 1);
        }
        m.put("dives, defers and unwinds at two small limits", GenConfig.DEFAULT.withTargets(List.of(small, odd))
                .withWeights(w).withMaxRepeat(8));
        m.put("tight: 12 statements, 6 frames, 60 steps", GenConfig.DEFAULT.withMaxLength(12).withMaxDepth(6)
                .withMaxSteps(60));
        m.put("calls and dives only, 6 frames", GenConfig.DEFAULT.withWeights(Map.of(Move.CALL, 1, Move.DIVE, 1))
                .withMaxDepth(6));
        return m;
    }

    /**
     * Seeds past the first ones, per configuration, that reach a rare branch: a gc at the quarter edge reached
     * by calling up to it (a few in a thousand programs).
     */
    static final Map<String, List<Long>> RARE_SEEDS = Map.of(
            "default", List.of(1240L, 1302L, 1329L),
            "check targets", List.of(320L, 672L),
            "explore sizes, no nomap, 16 statements", List.of(87L, 475L),
            "dives, defers and unwinds at two small limits", List.of(41L, 660L));

    static String render() {
        StringBuilder out = new StringBuilder();
        for (var c : configs().entrySet()) {
            out.append("config: ").append(c.getKey()).append('\n');
            ProgramGenerator gen = new ProgramGenerator(c.getValue());
            List<Long> seeds = new java.util.ArrayList<>();
            for (long seed = 0; seed < SEEDS; seed++) {
                seeds.add(seed);
            }
            seeds.addAll(RARE_SEEDS.getOrDefault(c.getKey(), List.of()));
            for (long seed : seeds) {
                ProgramGenerator.Generated g = gen.draw(seed);
                out.append("  ").append(seed).append(" (").append(g.choices().length()).append(" choices): ")
                        .append(ProgramPassesTest.line(g.program())).append('\n');
            }
        }
        return out.toString();
    }

    @Test
    void theFirstSeedsDrawTheReviewedPrograms() throws IOException {
        assertEquals(Files.readString(FILE, StandardCharsets.UTF_8), render());
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(FILE, render(), StandardCharsets.UTF_8);
    }
}

package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.Coverage;
import dev.stackcheck.engine.EngineParams;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The bounds a generator configuration and check options accept, each at its edge: the smallest allowed
 * value is taken and the one below it refused; and the small values a session adds up (a try, the tally).
 */
class ConfigBoundsTest {

    private static void refused(Supplier<?> make) {
        assertThrows(IllegalArgumentException.class, make::get);
    }

    @Test
    void aGeneratorConfigurationTakesEachBoundAtItsSmallestAndRefusesBelow() {
        GenConfig d = GenConfig.DEFAULT;
        GenConfig least = d.withMaxLength(1).withMaxDepth(1).withMaxSteps(1).withLayouts(1).withMaxRepeat(2)
                .withWeight(Move.GC, 0);
        assertEquals(List.of(1, 1, 1L, 1, 2, 0), List.of(least.maxLength(), least.maxDepth(), least.maxSteps(),
                least.layouts(), least.maxRepeat(), least.weight(Move.GC)));
        refused(() -> d.withMaxLength(0));
        refused(() -> d.withMaxDepth(0));
        refused(() -> d.withMaxSteps(0));
        refused(() -> d.withLayouts(0));
        refused(() -> d.withMaxRepeat(1));
        refused(() -> d.withTargets(List.of()));
        refused(() -> d.withWeight(Move.GC, -1));
        assertEquals(EngineParams.DEFAULT, d.params());
        EngineParams small = EngineParams.DEFAULT.withMaxStack(4096);
        assertEquals(small, d.withTargets(List.of(small, EngineParams.DEFAULT)).params(), "the first target");
    }

    @Test
    void checkOptionsTakeEachBoundAtItsSmallestAndRefuseBelow() {
        CheckOptions d = CheckOptions.DEFAULT;
        CheckOptions least = d.withTries(0).withShard(1, 1).withMaxMillis(0).withMaxShrinks(0).withWorkers(0);
        assertEquals(0, least.tries());
        refused(() -> d.withTries(-1));
        refused(() -> d.withShard(1, 0));
        refused(() -> d.withShard(0, 2));
        refused(() -> d.withShard(3, 2));
        assertEquals(2, d.withShard(2, 2).shard(), "the last shard");
        refused(() -> d.withMaxMillis(-1));
        refused(() -> d.withMaxShrinks(-1));
        refused(() -> d.withWorkers(-1));
    }

    @Test
    void theGeneratorIsAimedAtTheTargetsUnlessItWasGivenItsOwnTargets() {
        CheckTarget t = CheckTarget.limited(dev.stackcheck.engine.Engines.provider("copying"), 4096);
        EngineParams small = t.params();
        assertEquals(List.of(small), CheckOptions.DEFAULT.generatorFor(List.of(t)).targets(), "the default generator");
        GenConfig shorter = GenConfig.DEFAULT.withMaxLength(9);
        GenConfig aimed = CheckOptions.DEFAULT.withGenerator(shorter).generatorFor(List.of(t));
        assertEquals(List.of(small), aimed.targets(), "given with the default parameters: aimed at the targets");
        assertEquals(9, aimed.maxLength());
        GenConfig own = shorter.withTargets(List.of(EngineParams.DEFAULT.withMaxStack(8192)));
        assertEquals(own, CheckOptions.DEFAULT.withGenerator(own).generatorFor(List.of(t)), "its own targets kept");
    }

    @Test
    void equalChoiceSequencesHashAlikeAndTheirSpansCount() {
        ChoiceSequence a = new ChoiceSequence(new long[] {3, 1}, List.of(new ChoiceSequence.Span(0, 2, 1, 0)));
        ChoiceSequence b = new ChoiceSequence(new long[] {3, 1}, List.of(new ChoiceSequence.Span(0, 2, 1, 0)));
        ChoiceSequence c = new ChoiceSequence(new long[] {3, 1}, List.of(new ChoiceSequence.Span(0, 1, 1, 0)));
        ChoiceSequence d = new ChoiceSequence(new long[] {3, 2}, List.of(new ChoiceSequence.Span(0, 2, 1, 0)));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c);
        assertNotEquals(a.hashCode(), c.hashCode());
        assertNotEquals(a.hashCode(), d.hashCode());
        assertNotEquals(0, a.hashCode());
        assertEquals(java.util.Arrays.hashCode(new long[] {3, 1}) * 31 + a.spans().hashCode(), a.hashCode());
    }

    @Test
    void aTryFailsByAViolationOrAnErrorAndTheTallyAddsTriesUp() {
        Try clean = new Try(0, 11, 40, 120, Coverage.ZERO, List.of("copying"), List.of(), null);
        assertFalse(clean.failed());
        assertTrue(new Try(1, 12, 0, 0, Coverage.ZERO, List.of(), List.of(), new IllegalStateException("x")).failed());
        Map<String, Long> skipped = new HashMap<>();
        Map<String, Long> coverage = new HashMap<>();
        Tally tally = new Tally(skipped, coverage);
        assertFalse(tally.add(clean, false));
        assertFalse(tally.add(new Try(1, 12, 2, 5, Coverage.ZERO, List.of("copying", "hybrid"), List.of(), null),
                false));
        assertEquals(2, tally.programs);
        assertEquals(42, tally.ops);
        assertEquals(125, tally.engineOps);
        assertEquals(Map.of("copying", 2L, "hybrid", 1L), skipped);
        assertEquals(Map.of(), coverage, "no event met in either try");
        dev.stackcheck.engine.Counters counts = new dev.stackcheck.engine.Counters();
        counts.add(dev.stackcheck.engine.Counter.SPLIT, 2);
        tally.add(new Try(2, 13, 0, 0, Coverage.of(counts), List.of(), List.of(), null), false);
        assertEquals(Map.of("split", 1L), coverage, "a program that met a split, and no other event");
        IllegalStateException boom = new IllegalStateException("boom");
        assertEquals(boom, assertThrows(IllegalStateException.class, () -> tally.add(
                new Try(2, 13, 0, 0, Coverage.ZERO, List.of(), List.of(), boom), false)), "rethrown as it is");
        AssertionError err = new AssertionError("err");
        assertEquals(err, assertThrows(AssertionError.class, () -> tally.add(
                new Try(2, 13, 0, 0, Coverage.ZERO, List.of(), List.of(), err), false)));
        Exception checked = new Exception("checked");
        assertEquals(checked, assertThrows(IllegalStateException.class, () -> tally.add(
                new Try(2, 13, 0, 0, Coverage.ZERO, List.of(), List.of(), checked), false)).getCause());
        assertEquals(3, tally.programs, "the tries that threw are not counted");
    }
}

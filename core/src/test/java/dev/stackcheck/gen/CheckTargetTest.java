package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackEngineProvider;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A default check gives plug-ins the extra targets of the reference engines of their kind. */
class CheckTargetTest {

    record Plugin(String name, EngineParams defaultParams, Function<EngineParams, StackEngine> make)
            implements StackEngineProvider {
        @Override
        public String description() {
            return "a plug-in";
        }

        @Override
        public StackEngine create(EngineParams params) {
            return make.apply(params);
        }
    }

    static List<String> names(List<StackEngineProvider> providers) {
        return CheckTarget.defaults(providers).stream().map(CheckTarget::name).toList();
    }

    @Test
    void everyEngineRunsUnderTheSmallAndTheOddLimit() {
        List<String> names = names(Engines.providers());
        for (String engine : List.of("segmented", "hybrid", "copying")) {
            assertTrue(names.contains(engine + "/max16384"), names.toString());
            assertTrue(names.contains(engine + "/max20480"), names.toString());
        }
        assertTrue(names.contains("segmented/gcc"), names.toString());
        assertEquals(0, CheckTarget.ODD_LIMIT % 2048);
        assertTrue(Long.bitCount(CheckTarget.ODD_LIMIT / 2048) > 1, "no power-of-two multiple of 2 KiB");
        assertTrue(CheckTarget.ODD_LIMIT % 8192 != 0, "no whole number of 8 KiB segments");
    }

    @Test
    void aSegmentedPluginGetsACacheTargetAndTheLimits() {
        Plugin seg = new Plugin("myseg", Profile.GO1_2.params(), SegmentedEngine::new);
        Plugin copy = new Plugin("mycopy", Profile.GO1_4.params(), CopyingEngine::new);
        assertEquals(List.of("myseg", "mycopy", "myseg/cache", "myseg/max16384", "myseg/max20480", "mycopy/max16384",
                "mycopy/max20480"), names(List.of(seg, copy)));
        CheckTarget cache = CheckTarget.defaults(List.of(seg)).get(1);
        assertTrue(cache.params().segmentCache());
        assertEquals(20480, CheckTarget.defaults(List.of(copy)).get(2).params().maxStack());
    }

    /**
     * A cache target makes its plug-in with the cache on; a target tells its engine's kind; a plug-in that
     * cannot be made gets only its own target and the limits (its check then fails as ENG-1).
     */
    @Test
    void aCacheTargetMakesItsEngineWithTheCacheAndABrokenPluginGetsNoKindTargets() {
        Plugin seg = new Plugin("myseg", Profile.GO1_2.params(), SegmentedEngine::new);
        CheckTarget cache = CheckTarget.defaults(List.of(seg)).get(1);
        StackEngine made = cache.factory().get();
        assertTrue(made.params().segmentCache());
        assertEquals(dev.stackcheck.engine.StackKind.SEGMENTED, cache.kind());
        assertEquals(dev.stackcheck.engine.StackKind.COPYING,
                CheckTarget.defaults(List.of(new Plugin("mycopy", Profile.GO1_4.params(), CopyingEngine::new))).get(0)
                        .kind());
        Plugin broken = new Plugin("broken", Profile.GO1_2.params(), p -> {
            throw new IllegalStateException("cannot be made");
        });
        assertEquals(List.of("broken", "broken/max16384", "broken/max20480"), names(List.of(broken)));
    }
}

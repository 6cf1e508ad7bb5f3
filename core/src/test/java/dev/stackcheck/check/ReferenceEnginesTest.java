package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.program.Program;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference engines pass every check on seeded random programs, at small and historical sizes. */
class ReferenceEnginesTest {

    private static void assertOk(RunResult r) {
        assertEquals("ok", r.verdict(), () -> r.violations().get(0).explain());
        for (EngineResult e : r.engines()) {
            assertArrayEquals(r.expected(), e.observations(), e.name());
        }
    }

    @Test
    void randomProgramsSmallSizes() {
        Coverage total = Coverage.ZERO;
        for (long seed = 1; seed <= 40; seed++) {
            Program p = RandomPrograms.generate(seed, 3000, 60, RandomPrograms.LAYOUTS);
            RunResult r = Runner.run(p, Fixtures.small(), RunOptions.DEFAULT);
            assertOk(r);
            for (EngineResult e : r.engines()) {
                total = total.plus(e.coverage());
            }
        }
        assertTrue(total.split() > 0 && total.lessstack() > 0 && total.grow() > 0 && total.shrink() > 0
                && total.deferAdjusted() > 0 && total.cacheHit() > 0 && total.bigFrame() > 0, total.toString());
    }

    @Test
    void randomProgramsWithNomapFrames() {
        long fallbacks = 0;
        for (long seed = 1; seed <= 30; seed++) {
            Program p = RandomPrograms.generate(seed, 2000, 60, RandomPrograms.WITH_NOMAP);
            RunResult r = Runner.run(p, Fixtures.small(), RunOptions.DEFAULT);
            assertOk(r);
            assertEquals(List.of("copying"), r.skipped().stream().map(Skipped::name).toList());
            fallbacks += r.engine("hybrid").coverage().hybridFallback();
        }
        assertTrue(fallbacks > 0);
    }

    @Test
    void randomProgramsHistoricalProfilesAndGuards() {
        EngineParams guarded = new EngineParams(512, true, 512, 64, 1_000_000_000L, 16);
        List<EngineSetup> engines = List.of(Fixtures.segmented(guarded), Fixtures.copying(guarded),
                Fixtures.hybrid(guarded), Fixtures.segmented(Fixtures.SEG), Fixtures.copying(Fixtures.COPY),
                Fixtures.hybrid(Fixtures.HYB));
        for (long seed = 100; seed < 120; seed++) {
            assertOk(Runner.run(RandomPrograms.generate(seed, 3000, 200, RandomPrograms.LAYOUTS),
                    engines.stream().map(e -> new EngineSetup(e.name() + engines.indexOf(e), e.factory())).toList(),
                    RunOptions.DEFAULT));
        }
    }

    @Test
    void withoutSweepsToo() {
        for (long seed = 1; seed <= 10; seed++) {
            Program p = RandomPrograms.generate(seed, 3000, 60, RandomPrograms.LAYOUTS);
            assertOk(Runner.run(p, Fixtures.small(), RunOptions.DEFAULT.withSweepCredit(0)));
        }
    }
}

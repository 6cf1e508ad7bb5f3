package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The faults that differ from the right engine only at an exact boundary (a frame that fits to the byte, a
 * gc at exactly a quarter, a limit that is no power-of-two multiple of the initial stack or no whole number
 * of segments) are caught by the random properties alone with the default tries, on every seed: seeds 0 to 9
 * (a few seconds: each is caught within a few hundred tries at most); {@code -Dstackcheck.boundarySeeds=N}
 * checks seeds 0 to N-1.
 */
class BoundaryFaultsTest {

    /** The catalogue's exact-boundary and odd-limit faults. */
    static final List<String> BOUNDARY = List.of("newstack-grows-at-exact-fit", "shrink-at-exact-quarter",
            "overflow-limit-off-by-one", "overflow-limit-rounded-to-power-of-two", "split-at-exact-fit",
            "cache-skips-exact-fit", "big-segment-rounded-up", "limit-rounded-up-to-segments",
            "morestack-reserves-spare-segment");

    static LongStream seeds() {
        return LongStream.range(0, Long.getLong("stackcheck.boundarySeeds", 10));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyBoundaryFaultIsCaughtWithTheDefaultTries(long seed) {
        Selftest.Report r = Selftest.run(Selftest.Options.DEFAULT.withSeed(seed).withScenarios(false)
                .withFaults(BOUNDARY));
        assertEquals(BOUNDARY.size(), r.total(), r.table());
        for (Selftest.FaultResult f : r.faults()) {
            assertTrue(f.caught(), "seed " + seed + ": " + f.id() + " not caught in " + f.tries() + " tries");
            assertTrue(f.tries() <= Selftest.DEFAULT_TRIES, f.id() + " tries " + f.tries());
        }
    }
}

package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.Runner;
import dev.stackcheck.engine.CopyingProvider;
import dev.stackcheck.engine.SegmentedProvider;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Each planted fault is caught by a default session (default tries) for ten seeds, and each counterexample
 * shrinks to at most ten statements besides the layout declarations.
 */
class PlantedFaultsTest {

    private static final int MAX_STATEMENTS = 10;

    private static void caughtAndShrunk(CheckTarget fault, CheckTarget honest, Set<String> invariants) {
        for (long seed = 1; seed <= 10; seed++) {
            CheckReport r = CheckSession.run(List.of(fault),
                    CheckOptions.DEFAULT.withSeed(seed).withFailureDir(null));
            assertFalse(r.ok(), fault.name() + " not caught with seed " + seed + ": " + r.summary());
            CheckFailure f = r.failures().get(0);
            String msg = "seed " + seed + ":\n" + f.message(seed);
            assertTrue(invariants.contains(f.invariant()), msg);
            assertTrue(f.program().length() <= MAX_STATEMENTS, msg);
            assertFalse(f.shrink().stoppedEarly(), msg);
            assertEquals(f.signature(), CheckSession.oracle(fault, f.program(), CheckOptions.DEFAULT.runOptions())
                    .orElseThrow(), "the shrunk program still fails the same way");
            assertTrue(Runner.run(f.program(), List.of(honest.spec())).ok(), "the real engine passes it: " + msg);
        }
    }

    @Test
    void copyThatForgetsCallerPointersIsCaught() {
        caughtAndShrunk(PlantedFaults.copyForgetsCallers(), CheckTarget.of(new CopyingProvider()), Set.of("PTR-1", "PTR-2"));
    }

    @Test
    void lessstackIntoTheWrongSegmentIsCaught() {
        caughtAndShrunk(PlantedFaults.lessstackWrongSegment(), CheckTarget.of(new SegmentedProvider()),
                Set.of("SEG-2", "SEG-4", "REF-2", "PTR-1", "MEM-1", "SEG-3"));
    }

    @Test
    void shrinkThatIgnoresTheQuarterRuleIsCaught() {
        caughtAndShrunk(PlantedFaults.shrinkIgnoresQuarter(), CheckTarget.of(new CopyingProvider()), Set.of("CPY-3"));
    }
}

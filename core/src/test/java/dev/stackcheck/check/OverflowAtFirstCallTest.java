package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.HybridEngine;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.program.Parser;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * OVF-1 at the very first call, before the checker has seen any segment: a frame 0 that cannot fit under the
 * limit is a right overflow (it crashed the check before), and one that fits is a wrong one.
 */
class OverflowAtFirstCallTest {

    static final EngineParams SMALL = EngineParams.DEFAULT.withSegmentSize(1024).withMaxStack(4096);

    static RunResult run(String frame, Supplier<StackEngine> engine) {
        return Runner.run(Parser.parse("frame big " + frame + "\ncall big\nret\n"),
                List.of(new EngineSetup("e", engine)));
    }

    @Test
    void aFrameZeroPastTheLimitOverflowsRightly() {
        for (Supplier<StackEngine> e : List.<Supplier<StackEngine>>of(() -> new SegmentedEngine(SMALL),
                () -> new HybridEngine(SMALL))) {
            RunResult r = run("words=1000", e);
            assertTrue(r.ok(), r.toString());
            assertNotNull(r.engine("e").overflow(), r.toString());
        }
    }

    @Test
    void anOverflowOfAFrameZeroThatFitsIsOvf1() {
        RunResult r = run("words=8", () -> new SegmentedEngine(SMALL) {
            @Override
            protected boolean exceedsMaxStack(long size) {
                return true;
            }

            @Override
            protected boolean fits(long spTop, long lo, long frameBytes) {
                return false;
            }
        });
        assertEquals(Invariant.OVF_1, r.violations().get(0).invariant(), r.toString());
    }
}

package dev.stackcheck.check;

import static dev.stackcheck.check.RunnerTest.QUIET;
import static dev.stackcheck.check.RunnerTest.run;
import static dev.stackcheck.check.Tampered.check;
import static dev.stackcheck.check.Tampered.passes;
import static dev.stackcheck.check.Tampered.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.HybridEngine;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackView;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frames without a pointer map in a run (HYB-1, {@link NomapFrameCheck}): an engine that cannot keep them is
 * skipped, frames that return are forgotten, and one that moves is caught at the statement that moved it.
 */
class NomapFrameCheckTest {

    static final EngineParams SMALL = FaultyEnginesTest.SMALL;

    // ---- frames without a pointer map

    /** twenty nomap frames come and go, then frames with pointer maps are copied where they were */
    static final String NOMAP_THEN_COPIES = String.join("\n",
            "frame c words=2 nomap",
            "frame f words=3 ptrs=1",
            "call c",
            "repeat 20 {",
            "  call c",
            "  set 0 1",
            "}",
            "repeat 20 {",
            "  ret",
            "}",
            "repeat 30 {",
            "  call f",
            "  addr 1 0.0",
            "}",
            "gc",
            "repeat 30 {",
            "  ret",
            "  gc",
            "}",
            "ret",
            "");

    @Test
    void theCopyingEngineSkipsANomapProgram() {
        RunResult r = Runner.run(Fixtures.parse(FaultyEnginesTest.NOMAP), List.of(Fixtures.copying(SMALL),
                Fixtures.hybrid(SMALL)), QUIET);
        assertEquals(List.of("copying"), r.skipped().stream().map(Skipped::name).toList());
        assertTrue(r.skipped().get(0).reason().contains("nomap layout(s): c"), r.skipped().get(0).reason());
        assertEquals(List.of("hybrid"), r.engines().stream().map(EngineResult::name).toList());
        assertTrue(r.ok());
    }

    @Test
    void nomapFramesThatReturnAreForgotten() {
        passes(NOMAP_THEN_COPIES, new HybridEngine(SMALL));
        passes(NOMAP_THEN_COPIES, new SegmentedEngine(SMALL));
        RunResult r = Runner.run(Fixtures.parse(NOMAP_THEN_COPIES), List.of(Fixtures.hybrid(SMALL)),
                RunOptions.DEFAULT.withDiagrams(false));
        assertTrue(r.ok(), () -> r.violations().toString());
        assertTrue(r.engines().get(0).coverage().grow() > 0);
    }

    @Test
    void aNomapFrameThatMovesIsCaughtAtTheMove() {
        check("HYB-1 @28 frame 0 (c, no pointer map) moved from 0x100d0 to 0x100c8: its pointers cannot be adjusted", violation(FaultyEnginesTest.NOMAP, new Tampered(new HybridEngine(SMALL)) {
            int copied = -1;

            @Override
            void event(dev.stackcheck.engine.EngineEvent e, int n, EngineEvents out) {
                if (e instanceof dev.stackcheck.engine.EngineEvent.Copy && copied < 0) {
                    copied = n;
                }
                out.event(e);
            }

            @Override
            StackView view(StackView real, int n) {
                return n != copied ? real : new Edit(real) {
                    @Override
                    public long frameAddress(int f) {
                        return real.frameAddress(f) - (f == 0 ? 8 : 0);
                    }
                };
            }
        }, RunOptions.DEFAULT.withDiagrams(false)));
    }
}

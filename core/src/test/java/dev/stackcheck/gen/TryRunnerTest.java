package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.HybridEngine;
import dev.stackcheck.program.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TryRunnerTest {

    /** Every program each engine of a try was asked to run, in order. */
    private final List<Program> hybridSaw = new ArrayList<>();
    private final List<Program> copyingSaw = new ArrayList<>();

    private final class SeeingHybrid extends HybridEngine {
        SeeingHybrid() {
            super(EngineParams.DEFAULT);
        }

        @Override
        public Optional<String> refuse(Program program) {
            hybridSaw.add(program);
            return super.refuse(program);
        }
    }

    private final class SeeingCopying extends CopyingEngine {
        SeeingCopying() {
            super(EngineParams.DEFAULT);
        }

        @Override
        public Optional<String> refuse(Program program) {
            copyingSaw.add(program);
            return super.refuse(program);
        }
    }

    @Test
    void aCopyingTargetRunsASecondProgramWithoutNomapWhileTheHybridKeepsTheFirst() {
        CheckOptions options = CheckOptions.DEFAULT.withSeed(7).withFailureDir(null);
        ProgramGenerator generator = new ProgramGenerator(GenConfig.DEFAULT);
        ProgramGenerator withoutNomap = new ProgramGenerator(GenConfig.DEFAULT.withAllowNomap(false));
        List<EngineSetup> specs = List.of(new EngineSetup("hybrid", SeeingHybrid::new),
                new EngineSetup("copying", SeeingCopying::new));
        TryRunner runner = new TryRunner(options, generator, specs, options.runOptions(), Long.MAX_VALUE);
        int nomap = 0;
        for (int i = 0; i < 100; i++) {
            hybridSaw.clear();
            copyingSaw.clear();
            Try t = runner.run(i);
            assertFalse(t.failed(), "reference engines pass");
            long seed = CheckSession.programSeed(7, i);
            Program first = generator.draw(seed).program();
            assertEquals(List.of(first), hybridSaw, "the hybrid runs the try's program, nomap layouts or not");
            if (first.hasNomapLayout()) {
                nomap++;
                Program second = withoutNomap.draw(TryRunner.withoutNomapSeed(seed)).program();
                assertFalse(second.hasNomapLayout());
                assertEquals(List.of(first, second), copyingSaw, "refused the first, ran the second");
            } else {
                assertEquals(List.of(first), copyingSaw, "nothing to refuse: one program for both");
            }
            assertEquals(List.of(), t.skipped(), "no try without a program for the copying target");
        }
        assertTrue(nomap >= 20 && nomap <= 60, "about 40% of the first programs declare nomap layouts: " + nomap);
    }

    @Test
    void aGeneratorWithoutNomapNeverDrawsTwice() {
        CheckOptions options = CheckOptions.DEFAULT.withSeed(7).withFailureDir(null);
        ProgramGenerator generator = new ProgramGenerator(GenConfig.DEFAULT.withAllowNomap(false));
        TryRunner runner = new TryRunner(options, generator, List.of(new EngineSetup("copying", SeeingCopying::new)),
                options.runOptions(), Long.MAX_VALUE);
        for (int i = 0; i < 30; i++) {
            copyingSaw.clear();
            runner.run(i);
            assertEquals(1, copyingSaw.size());
        }
    }
}

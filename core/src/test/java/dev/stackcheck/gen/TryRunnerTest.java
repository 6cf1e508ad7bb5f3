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

    /** A copying engine that refuses every program. */
    private final class RefusesAll extends CopyingEngine {
        RefusesAll() {
            super(EngineParams.DEFAULT);
        }

        @Override
        public Optional<String> refuse(Program program) {
            copyingSaw.add(program);
            return Optional.of("never");
        }
    }

    /**
     * After a violation in a try's first program the second draw is skipped (the session stops there anyway),
     * unless the session keeps going; the statements of both runs add up in the try's engine statements.
     */
    @Test
    void theSecondDrawFollowsAViolationOnlyWhenTheSessionKeepsGoing() {
        ProgramGenerator generator = new ProgramGenerator(GenConfig.DEFAULT);
        List<EngineSetup> specs = List.of(new EngineSetup("copying", SeeingCopying::new),
                new EngineSetup("broken", () -> {
                    throw new IllegalStateException("cannot be made (ENG-1 in every program)");
                }));
        CheckOptions stop = CheckOptions.DEFAULT.withSeed(7).withFailureDir(null);
        TryRunner stopping = new TryRunner(stop, generator, specs, stop.runOptions(), Long.MAX_VALUE);
        TryRunner going = new TryRunner(stop.withKeepGoing(true), generator, specs, stop.runOptions(), Long.MAX_VALUE);
        int nomap = 0;
        for (int i = 0; i < 20; i++) {
            long seed = CheckSession.programSeed(7, i);
            Program first = generator.draw(seed).program();
            copyingSaw.clear();
            Try a = stopping.run(i);
            assertTrue(a.failed());
            assertEquals(List.of(first), copyingSaw, "no second draw after a violation");
            copyingSaw.clear();
            Try b = going.run(i);
            if (first.hasNomapLayout()) {
                nomap++;
                assertEquals(2, copyingSaw.size(), "keep going: the refused target gets its second program");
                Program second = copyingSaw.get(1);
                long ops = dev.stackcheck.check.Runner.run(second, List.of(new EngineSetup("copying",
                        () -> new CopyingEngine(EngineParams.DEFAULT))), stop.runOptions()).engines().get(0)
                        .statements();
                assertTrue(ops > 0);
                assertEquals(a.engineOps() + ops, b.engineOps(), "both runs' engine statements");
            } else {
                assertEquals(1, copyingSaw.size());
                assertEquals(a.engineOps(), b.engineOps());
            }
        }
        assertTrue(nomap > 0);
    }

    /**
     * A target that refuses a program without nomap layouts gets no second draw (a refusal for another reason
     * is the target's own); one that refuses every program is counted as skipped in every try.
     */
    @Test
    void aTargetThatRefusesEveryProgramIsSkippedInEveryTry() {
        CheckOptions options = CheckOptions.DEFAULT.withSeed(7).withFailureDir(null);
        ProgramGenerator generator = new ProgramGenerator(GenConfig.DEFAULT);
        TryRunner runner = new TryRunner(options, generator, List.of(new EngineSetup("hybrid", SeeingHybrid::new),
                new EngineSetup("none", RefusesAll::new)), options.runOptions(), Long.MAX_VALUE);
        for (int i = 0; i < 20; i++) {
            copyingSaw.clear();
            Try t = runner.run(i);
            Program first = generator.draw(CheckSession.programSeed(7, i)).program();
            assertEquals(first.hasNomapLayout() ? 2 : 1, copyingSaw.size(), "a second draw only after nomap");
            assertEquals(List.of("none"), t.skipped());
            assertTrue(t.engineOps() > 0, "the hybrid ran");
        }
    }
}

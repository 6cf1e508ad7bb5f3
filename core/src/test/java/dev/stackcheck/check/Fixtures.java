package dev.stackcheck.check;

import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.HybridEngine;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.util.List;

/** Engines and programs shared by the check tests. */
final class Fixtures {
    private Fixtures() {
    }

    static final EngineParams SEG = Profile.GO1_2.params();
    static final EngineParams HYB = Profile.GO1_3.params();
    static final EngineParams COPY = Profile.GO1_19.params();

    static EngineSetup segmented(EngineParams p) {
        return new EngineSetup("segmented", () -> new SegmentedEngine(p));
    }

    static EngineSetup copying(EngineParams p) {
        return new EngineSetup("copying", () -> new CopyingEngine(p));
    }

    static EngineSetup hybrid(EngineParams p) {
        return new EngineSetup("hybrid", () -> new HybridEngine(p));
    }

    /** The three reference engines with their historical profiles. */
    static List<EngineSetup> reference() {
        return List.of(segmented(SEG), copying(COPY), hybrid(HYB));
    }

    /** The three reference engines with small sizes, so that a few frames split, grow and shrink. */
    static List<EngineSetup> small() {
        EngineParams p = new EngineParams(256, false, 256, 0, 1_000_000_000L, 0);
        return List.of(segmented(p), copying(p), hybrid(p),
                new EngineSetup("segmented-cache", () -> new SegmentedEngine(p.withSegmentCache(true))));
    }

    static Program parse(String text) {
        return Parser.parse(text);
    }

    static RunResult run(String text, List<EngineSetup> engines) {
        return Runner.run(parse(text), engines, RunOptions.DEFAULT);
    }
}

package dev.stackcheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.LockStep;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

class FingerprinterTest {

    private static final Alphabet ALPHABET = ExploreConfig.standardAlphabet(8);
    private static final Layout ONE = ALPHABET.layouts().get(0);
    private static final Layout PAIR = ALPHABET.layouts().get(1);
    /** segments freed at lessstack, so that a second split gets a new region at a new address */
    private static final EngineParams NO_CACHE = Profile.EXPLORE.params().withSegmentCache(false);

    private static LockStep run(Op... ops) {
        LockStep s = LockStep.start(List.of(new EngineSetup("segmented", () -> new SegmentedEngine(NO_CACHE))));
        for (Op op : ops) {
            s.step(op);
        }
        return s;
    }

    @Test
    void statesThatDifferOnlyInWhereRegionsWereAllocatedMerge() {
        LockStep a = run(new Op.Call(ONE), new Op.Call(PAIR), Op.Ret.INSTANCE, new Op.Call(PAIR));
        LockStep b = run(new Op.Call(ONE), new Op.Set(0, 0), new Op.Call(PAIR));
        assertNotEquals(a.view(0).frameAddress(1), b.view(0).frameAddress(1), "the frames sit at different addresses");
        Fingerprinter fp = new Fingerprinter(ALPHABET);
        assertEquals(fp.of(a), fp.of(b));
    }

    @Test
    void anyDifferenceInTheSpecificationTheMemoryOrTheLanesShows() {
        Fingerprinter fp = new Fingerprinter(ALPHABET);
        LockStep a = run(new Op.Call(ONE), new Op.Call(PAIR));
        LockStep b = run(new Op.Call(ONE), new Op.Call(PAIR), new Op.Set(1, 1));
        LockStep c = run(new Op.Call(ONE), new Op.Call(PAIR), new Op.Set(1, 1), new Op.Set(1, 0));
        LockStep d = run(new Op.Call(ONE), new Op.Call(PAIR));
        d.skip(0);
        assertNotEquals(fp.of(a), fp.of(b));
        assertEquals(fp.of(a), fp.of(c), "setting a slot back gives the same state");
        assertNotEquals(fp.of(a), fp.of(d), "a skipped lane is part of the state");
        LockStep e = run(new Op.Call(ONE), new Op.Call(PAIR), Op.Ret.INSTANCE);
        LockStep f = run(new Op.Call(ONE));
        assertEquals(fp.of(e), fp.of(f), "without a cache a split and its return leave nothing behind: the"
                + " same state as never splitting, though the segment's region number was used up");
    }
}

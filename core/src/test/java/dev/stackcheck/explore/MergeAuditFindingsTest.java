package dev.stackcheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.Profile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a merge audit covers and reports, number by number for fixed seeds: how many programs it walked, how
 * many pairs of states with one fingerprint it compared and how many continuations it ran, and the finding
 * that names the two programs, the continuation and the difference. (MergeAuditTest says which engines
 * pass and fail.)
 */
class MergeAuditFindingsTest {

    private static MergeAudit.Result audit(List<EngineSetup> engines, int depth, int continuations, int length,
                                           long maxPairs, long seed) {
        return new MergeAudit(ExploreConfig.standard(engines, depth, 1), continuations, length, maxPairs, seed).run();
    }

    @Test
    void theReferenceEnginesAuditWalksComparesAndContinuesAsMuchAsBefore() {
        MergeAudit.Result r = audit(ExploreConfig.engines(Engines.providers()), 3, 6, 8, 2_000, 1);
        assertEquals(new MergeAudit.Result(1332, 954, 5724, java.util.Optional.empty()), r);
        // a pair budget stops the walk: 10 pairs of 2 continuations each
        MergeAudit.Result few = audit(ExploreConfig.engines(Engines.providers()), 3, 2, 3, 10, 7);
        assertEquals(new MergeAudit.Result(36, 10, 20, java.util.Optional.empty()), few);
    }

    @Test
    void aFindingNamesBothProgramsTheContinuationAndTheDifference() {
        MergeAudit.Result gc = audit(List.of(new EngineSetup("gc-counter",
                () -> new MergeAuditTest.SkipsEveryOtherGc(Profile.EXPLORE.params(), false))), 3, 6, 8, 2_000, 1);
        assertEquals(20, gc.programs());
        assertEquals(11, gc.pairs());
        assertEquals(61, gc.continuations());
        assertEquals("states of `call one; gc; call big` and `call one; set 0 0; call big` have one fingerprint, but"
                + " after `gc; gc; ret; gc`: the first breaks [gc-counter CPY-3], the second []",
                gc.finding().orElseThrow().toString());
        MergeAudit.Result spares = audit(List.of(new EngineSetup("spares",
                () -> new MergeAuditTest.SparesGrownStack(Profile.EXPLORE.params(), false))), 4, 6, 8, 2_000, 1);
        MergeAudit.Finding f = spares.finding().orElseThrow();
        assertEquals("states of `call one; gc; gc; call big` and `call one; set 0 0; call big; gc` have one"
                + " fingerprint, but after `call pair; set 1 0; ret; ret; gc`: the first breaks [spares CPY-3], the"
                + " second []", f.toString());
        assertEquals(5, f.continuation().size());
        assertEquals(4, f.first().size());
        assertTrue(spares.pairs() == 128 && spares.programs() == 178 && spares.continuations() == 763,
                spares.toString());
    }
}

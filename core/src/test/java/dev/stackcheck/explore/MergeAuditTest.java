package dev.stackcheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.engine.AbstractEngine;
import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.program.Layout;
import java.util.List;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/**
 * Explore merges only states that behave the same: the merge audit passes on the reference engines and
 * fails on engines that keep state outside memory and view without reporting it (a gc counter, a
 * grew-this-cycle flag); the same engines reporting it pass. An engine without the forking contract is
 * explored without merging, and the result says so.
 */
class MergeAuditTest {

    /** Shrinks only at every other gc: the parity of its gc count is state outside memory and view. */
    static final class SkipsEveryOtherGc extends CopyingEngine {
        private final boolean reports;
        private boolean skipNext;

        SkipsEveryOtherGc(EngineParams p, boolean reports) {
            super(p);
            this.reports = reports;
        }

        @Override
        protected void shrinkstack() {
            boolean skip = skipNext;
            skipNext = !skipNext;
            if (!skip) {
                super.shrinkstack();
            }
        }

        @Override
        protected void restoreState(AbstractEngine other) {
            super.restoreState(other);
            skipNext = ((SkipsEveryOtherGc) other).skipNext;
        }

        @Override
        public void hiddenState(LongConsumer out) {
            if (reports) {
                out.accept(skipNext ? 1 : 0);
            }
        }
    }

    /** Does not shrink at the first gc after a growth: a grew-this-cycle flag outside memory and view. */
    static final class SparesGrownStack extends CopyingEngine {
        private final boolean reports;
        private boolean grew;

        SparesGrownStack(EngineParams p, boolean reports) {
            super(p);
            this.reports = reports;
        }

        @Override
        protected void newstack(long frameBytes) {
            grew = true;
            super.newstack(frameBytes);
        }

        @Override
        protected void shrinkstack() {
            if (grew) {
                grew = false;
                return;
            }
            super.shrinkstack();
        }

        @Override
        protected void restoreState(AbstractEngine other) {
            super.restoreState(other);
            grew = ((SparesGrownStack) other).grew;
        }

        @Override
        public void hiddenState(LongConsumer out) {
            if (reports) {
                out.accept(grew ? 1 : 0);
            }
        }
    }

    private static MergeAudit.Result audit(List<EngineSetup> engines) {
        return audit(engines, 3);
    }

    private static MergeAudit.Result audit(List<EngineSetup> engines, int depth) {
        return new MergeAudit(ExploreConfig.standard(engines, depth, 1), 6, 8, 2_000, 1).run();
    }

    private static EngineSetup setup(String name, java.util.function.Function<EngineParams, CopyingEngine> f) {
        return new EngineSetup(name, () -> f.apply(Profile.EXPLORE.params()));
    }

    @Test
    void theReferenceEnginesBehaveAlikeInEveryMergedPair() {
        MergeAudit.Result r = audit(ExploreConfig.engines(Engines.providers()));
        assertTrue(r.finding().isEmpty(), () -> r.finding().get().toString());
        assertTrue(r.pairs() > 100, "the audit compared merged pairs: " + r.pairs());
        assertEquals(r.pairs() * 6, r.continuations());
    }

    @Test
    void aHiddenGcCounterIsCaught() {
        MergeAudit.Result r = audit(List.of(setup("gc-counter", p -> new SkipsEveryOtherGc(p, false))));
        assertTrue(r.finding().isPresent(), "the audit missed the hidden gc counter after " + r.pairs() + " pairs");
        MergeAudit.Result ok = audit(List.of(setup("gc-counter", p -> new SkipsEveryOtherGc(p, true))));
        assertTrue(ok.finding().isEmpty(), () -> ok.finding().get().toString());
    }

    @Test
    void aHiddenGrewThisCycleFlagIsCaught() {
        MergeAudit.Result r = audit(List.of(setup("spares-grown", p -> new SparesGrownStack(p, false))), 4);
        assertTrue(r.finding().isPresent(), "the audit missed the hidden flag after " + r.pairs() + " pairs");
        MergeAudit.Result ok = audit(List.of(setup("spares-grown", p -> new SparesGrownStack(p, true))), 4);
        assertTrue(ok.finding().isEmpty(), () -> ok.finding().get().toString());
    }

    @Test
    void anEngineWithoutTheForkingContractIsExploredWithoutMerging() {
        ExploreResult r = new Explorer(ExploreConfig.standard(List.of(ForkTest.unforkable()), 3, 2)).run();
        assertTrue(r.complete());
        assertFalse(r.merged());
        assertEquals(1, r.unmerged().size());
        assertTrue(r.unmerged().get(0).startsWith("plain: does not expose its whole state"), r.unmerged().get(0));
        assertEquals(r.transitions() + 1, r.states(), "every program is a state of its own");
        ExploreResult merged = new Explorer(ExploreConfig.standard(
                ExploreConfig.engines(List.of(Engines.provider("segmented"))), 3, 2)).run();
        assertTrue(merged.merged());
        assertEquals(r.transitions(), merged.transitions() + r.transitions() - merged.transitions());
        assertTrue(merged.states() < r.states(), "merging stores fewer states");
    }
}

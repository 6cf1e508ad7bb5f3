package dev.stackcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The experiments at small sizes: the counts follow from the engines' mechanisms, exactly. */
class ExperimentsTest {

    @Test
    void hotSplitSegmentedPaysEveryIterationCopyingOnce() {
        Ledger ledger = new Ledger();
        HotSplit.Result r = HotSplit.run(1000, ledger);
        assertEquals(4, ledger.runs());
        assertTrue(ledger.violations().isEmpty());
        HotSplit.Point seg = r.line("segmented (go1.2)").last();
        assertEquals(1000, seg.n());
        assertEquals(1000, seg.splits(), "one split per iteration");
        assertEquals(1001, seg.segmentAllocs(), "the base segment and one per iteration");
        HotSplit.Point cached = r.line("segmented + cache (go1.2 sizes)").last();
        assertEquals(1000, cached.splits());
        assertEquals(999, cached.cacheHits(), "every split but the first reuses the cached segment");
        assertEquals(2, cached.segmentAllocs());
        HotSplit.Point cpy = r.line("copying (go1.4)").last();
        assertEquals(1, cpy.copies());
        assertEquals(0, cpy.splits());
        assertEquals(8L * (HotSplit.frame0Words(HotSplit.contenders().get(2)) + 1), cpy.bytesCopied(),
                "the copy moves frame 0 only");
        HotSplit.Point hyb = r.line("hybrid (go1.3)").last();
        assertEquals(1, hyb.copies());
        assertEquals(0, hyb.splits());
        assertEquals(List.of(1L, 2L, 5L, 10L, 20L, 50L, 100L, 200L, 500L, 1000L),
                r.line("segmented (go1.2)").points().stream().map(HotSplit.Point::n).toList());
        HotSplitSection s = new HotSplitSection(r);
        assertTrue(s.segmentedPaysEveryTime());
        assertTrue(s.copyingPaysOnce());
    }

    @Test
    void hotSplitSectionSaysSoWhenTheClaimFails() {
        Contender seg = HotSplit.contenders().get(0);
        Contender cpy = HotSplit.contenders().get(2);
        HotSplit.Result fake = new HotSplit.Result(100, List.of(
                new HotSplit.Line(seg, 1, 1, List.of(new HotSplit.Point(100, 100, 3, 0, 0, 0))),
                new HotSplit.Line(cpy, 1, 1, List.of(new HotSplit.Point(100, 0, 100, 0, 99, 1)))));
        HotSplitSection s = new HotSplitSection(fake);
        assertFalse(s.segmentedPaysEveryTime());
        assertFalse(s.copyingPaysOnce());
    }

    @Test
    void growthDirectRunAgreesWithTheCheckedOneAndCopyingStaysWithinTwicePeak() {
        Ledger ledger = new Ledger();
        Growth.Result r = Growth.run(20_000, 2_000, 4, ledger);
        assertEquals(5, ledger.runs(), "one checked run per profile");
        for (Growth.Line l : r.lines()) {
            assertEquals(20_000, l.last().depth());
            assertTrue(l.points().stream().filter(Growth.Point::checked).allMatch(p -> p.depth() <= 2_000));
            assertTrue(l.points().stream().filter(p -> !p.checked()).allMatch(p -> p.depth() > 2_000));
            for (Growth.Point p : l.points()) {
                assertTrue(p.reserved() >= p.used(), l.contender().label() + " reserves what it uses: " + p);
            }
            if (l.contender().engine().equals("segmented")) {
                assertEquals(0, l.last().bytesCopied());
                assertTrue(l.last().splits() > 0);
            } else {
                assertTrue(l.last().copies() > 0, l.contender().label());
            }
        }
        assertEquals(5, r.shrink().lines().size(), "the shrink experiment comes from the same runs");
        assertEquals(2_000, r.shrink().depth());
        assertEquals(5, r.shrink().lines().get(0).reserved().size(), "after the return and after each of 4 gcs");
        GrowthSection g = new GrowthSection(r);
        assertTrue(g.copyingWithinTwicePeak());
        assertTrue(g.worstCopyRatio() > 0 && g.worstCopyRatio() <= 2);
    }

    @Test
    void shrinkHalvesACopyingStackOncePerGcDownToItsInitialSize() {
        Shrink.Result r = Shrink.run(5_000, 10, new Ledger());
        Shrink.Line go14 = r.line("copying (go1.4)");
        assertEquals(11, go14.reserved().size(), "after the return, then after each gc");
        for (int i = 1; i < go14.reserved().size(); i++) {
            long before = go14.reserved().get(i - 1);
            long after = go14.reserved().get(i);
            assertTrue(after == before || after * 2 == before, "at most one halving per gc: " + go14.reserved());
        }
        assertEquals(2048, go14.reserved().get(go14.reserved().size() - 1));
        Shrink.Line go12 = r.line("segmented (go1.2)");
        assertTrue(go12.reserved().stream().allMatch(v -> v == 8192), "segments were freed at lessstack");
        assertEquals(0, go12.shrinks());
        assertEquals(8192, r.line("hybrid (go1.3)").reserved().get(10), "a hybrid halves down to one segment");
    }
}

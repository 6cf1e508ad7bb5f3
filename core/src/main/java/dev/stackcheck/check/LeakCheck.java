package dev.stackcheck.check;

import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.memory.Region;
import java.util.List;

/**
 * LEAK-1: when a ret leaves only frame 0, the engine holds exactly its base region (the stack of a
 * copying engine, the base segment of a segmented one) plus, when it keeps one, the cached segment:
 * every segment a split made was freed or cached, every old stack a copy left was freed.
 */
final class LeakCheck {

    private final Lane lane;

    LeakCheck(Lane lane) {
        this.lane = lane;
    }

    void check() {
        if (!lane.laidOut()) {
            return;
        }
        List<StackSegment> segs = lane.view().segments();
        if (segs.size() != 1) {
            throw new Broken(Invariant.LEAK_1, 0, "only frame 0 is live, but the stack has " + segs.size()
                    + " segments");
        }
        Region base = segs.get(0).region();
        Region cached = lane.view().cachedSegment();
        int want = cached != null ? 2 : 1;
        boolean ok = lane.memory().liveRegionCount() == want && lane.memory().isLive(base)
                && (cached == null || (lane.memory().isLive(cached) && !cached.equals(base)));
        if (!ok) {
            StringBuilder live = new StringBuilder();
            for (Region r : lane.memory().liveRegions()) {
                live.append(live.length() == 0 ? "" : ", ").append(SegmentCheck.span(r));
            }
            throw new Broken(Invariant.LEAK_1, 0, "only frame 0 is live, so the engine should hold "
                    + SegmentCheck.span(base) + (cached != null ? " and the cached " + SegmentCheck.span(cached) : "")
                    + ", but it holds " + lane.memory().liveRegionCount() + " regions: " + live);
        }
    }
}

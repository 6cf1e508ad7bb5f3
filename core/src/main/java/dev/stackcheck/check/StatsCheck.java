package dev.stackcheck.check;

import dev.stackcheck.engine.Counter;
import dev.stackcheck.engine.Stats;

/**
 * STAT-1, at the end of a run: the engine's statistics agree with what the runner saw: calls and returns
 * with the statements run, splits, lessstack returns and cache hits with the Split and Lessstack events,
 * copies and shrinks with the Copy events, segment allocations and frees with the Alloc and Free events, bytes copied and pointers adjusted with their sums.
 */
final class StatsCheck {

    private final Lane lane;

    StatsCheck(Lane lane) {
        this.lane = lane;
    }

    void check() {
        Stats s = lane.engine().stats();
        if (s == null) {
            throw new Broken(Invariant.STAT_1, -1, "the engine reports no statistics (null)");
        }
        // a call that overflowed may or may not be counted
        boolean overflowed = lane.status() == Lane.Status.OVERFLOWED;
        if (s.calls() != lane.calls() && !(overflowed && s.calls() == lane.calls() + 1)) {
            throw mismatch("calls", s.calls(), lane.calls(), "call statements run");
        }
        expect("returns", s.returns(), lane.returns(), "ret statements run");
        expect("splits", s.splits(), lane.count(Counter.SPLIT), "Split events");
        expect("lessstack", s.lessstack(), lane.count(Counter.LESSSTACK), "Lessstack events");
        expect("segmentAllocs", s.segmentAllocs(), lane.count(Counter.ALLOC), "Alloc events");
        expect("segmentFrees", s.segmentFrees(), lane.count(Counter.FREE), "Free events");
        expect("cacheHits", s.cacheHits(), lane.count(Counter.CACHE_HIT), "Split events that reused the cached segment");
        expect("copies", s.copies(), lane.count(Counter.GROW), "growth Copy events");
        expect("shrinks", s.shrinks(), lane.count(Counter.SHRINK), "shrinking Copy events");
        expect("bytesCopied", s.bytesCopied(), lane.count(Counter.BYTES_COPIED), "bytes the Copy events moved");
        expect("pointersAdjusted", s.pointersAdjusted(), lane.count(Counter.POINTERS_ADJUSTED), "pointers the Copy events adjusted");
    }

    private void expect(String name, long got, long want, String what) {
        if (got != want) {
            throw mismatch(name, got, want, what);
        }
    }

    private static Broken mismatch(String name, long got, long want, String what) {
        return new Broken(Invariant.STAT_1, -1, "stats." + name + " = " + got + ", but there were " + want + " "
                + what);
    }
}

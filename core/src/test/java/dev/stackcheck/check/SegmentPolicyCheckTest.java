package dev.stackcheck.check;

import static dev.stackcheck.check.Tampered.check;
import static dev.stackcheck.check.Tampered.passes;
import static dev.stackcheck.check.Tampered.violation;

import dev.stackcheck.engine.EngineEvent;
import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.memory.Region;
import org.junit.jupiter.api.Test;

/**
 * SEG-5 ({@link SegmentPolicyCheck}) one branch at a time: a segmented engine that splits at an exact fit,
 * allocates a segment of the wrong size, passes over a big enough cached segment, or claims a reuse the
 * profile or the cache does not allow, is caught at the split, with its message. (Not reached here: a reuse
 * claimed of the cached segment itself when it is too small; an engine that does it puts the frame below the
 * segment and faults, MEM-1, first.)
 *
 * <p>The sizes: 256-byte segments, a 24-byte record and a 16-byte guard; 72-byte frames (8 words and a word of header). In the base
 * segment frame 0 goes at lo + 160, frame 1 at lo + 88 and frame 2 at lo + 16 = lo + guard: an exact fit. Frame
 * 3 (step 3) splits into a new segment of max(256, 72 + 24 + 16 = 112) = 256 bytes.
 */
class SegmentPolicyCheckTest {

    static final EngineParams P = new EngineParams(256, false, 256, 16, 1_000_000_000L, 0);
    static final EngineParams CACHED = P.withSegmentCache(true);

    /** Frames 0..3 (frame 3 splits, step 3), frame 3 returns (its segment is cached), frame 3 again (step 5). */
    static final String SPLIT = String.join("\n",
            "frame f words=8",
            "repeat 4 {",
            "  call f",
            "}",
            "ret",
            "call f",
            "repeat 4 {",
            "  ret",
            "}",
            "");

    /** As SPLIT, but the second frame 3 is a 320-byte frame (step 5): it needs 320 + 24 + 16 = 360 bytes. */
    static final String BIG = String.join("\n",
            "frame f words=8",
            "frame big words=39",
            "repeat 4 {",
            "  call f",
            "}",
            "ret",
            "call big",
            "repeat 4 {",
            "  ret",
            "}",
            "");

    @Test
    void referencePasses() {
        passes(SPLIT, new SegmentedEngine(P));
        passes(SPLIT, new SegmentedEngine(CACHED));
        passes(BIG, new SegmentedEngine(P));
        passes(BIG, new SegmentedEngine(CACHED));
    }

    @Test
    void aSplitAtAnExactFit() {
        check("SEG-5 @2 frame 2 (72 bytes) fit below its caller at 0x10058 in segment #0 [0x10000, 0x10100) (72 bytes above lo + guard 16), yet the call split: a frame that fits, exactly, stays in its segment", violation(SPLIT, new SegmentedEngine(P) {
            @Override
            protected boolean fits(long spTop, long lo, long frameBytes) {
                return spTop - lo > need(frameBytes);
            }
        }));
    }

    @Test
    void aSplitWithRoomToSpare() {
        check("SEG-5 @1 frame 1 (72 bytes) fit below its caller at 0x100a0 in segment #0 [0x10000, 0x10100) (144 bytes above lo + guard 16), yet the call split: a frame that fits, stays in its segment", violation(SPLIT, new SegmentedEngine(P) {
            @Override
            protected boolean fits(long spTop, long lo, long frameBytes) {
                return spTop - lo >= need(frameBytes) + 80;
            }
        }));
    }

    @Test
    void aNewSegmentTooBig() {
        check("SEG-5 @3 the new segment segment #1 [0x12000, 0x12200) is 512 bytes, want max(segmentSize 256, frame 72 + record 24 + guard 16, rounded to a word) = 256", violation(SPLIT, new SegmentedEngine(P) {
            @Override
            protected long segmentSizeFor(long need) {
                return 2 * super.segmentSizeFor(need);
            }
        }));
    }

    @Test
    void aBigFrameSegmentOfTheSegmentSize() {
        // the big frame's segment must be exactly frame + record + guard: one word more is wrong
        check("SEG-5 @5 the new segment segment #2 [0x14000, 0x14170) is 368 bytes, want max(segmentSize 256, frame 320 + record 24 + guard 16, rounded to a word) = 360", violation(BIG, new SegmentedEngine(P) {
            @Override
            protected long segmentSizeFor(long need) {
                return need > 256 ? need + 8 : super.segmentSizeFor(need);
            }
        }));
    }

    @Test
    void aBigFrameSegmentRoundedToAWord() {
        // a 12-byte guard: 320 + 24 + 12 = 356 bytes, rounded up to 360
        EngineParams p = P.withStackGuard(12);
        passes(BIG, new SegmentedEngine(p));
        check("SEG-5 @5 the new segment segment #2 [0x14000, 0x14170) is 368 bytes, want max(segmentSize 256, frame 320 + record 24 + guard 12, rounded to a word) = 360", violation(BIG, new SegmentedEngine(p) {
            @Override
            protected long segmentSizeFor(long need) {
                return need > 256 ? need + 8 : super.segmentSizeFor(need);
            }
        }));
    }

    @Test
    void aBigEnoughCachedSegmentNotReused() {
        check("SEG-5 @5 the split allocated segment #2 [0x14000, 0x14100), but the cached segment segment #1 [0x12000, 0x12100) (256 bytes) holds the 112 bytes frame 3 needs: a big enough cached segment is reused", violation(SPLIT, new SegmentedEngine(CACHED) {
            @Override
            protected boolean cacheFits(Region cached, long need) {
                return false;
            }
        }));
    }

    @Test
    void aCachedSegmentThatFitsExactlyIsReused() {
        // frame 3 is the 320-byte frame both times: its 360-byte segment is cached, then fits it exactly
        String bigTwice = String.join("\n", "frame f words=8", "frame big words=39", "repeat 3 {", "  call f", "}",
                "call big", "ret", "call big", "repeat 4 {", "  ret", "}", "");
        passes(bigTwice, new SegmentedEngine(CACHED));
        check("SEG-5 @5 the split allocated segment #2 [0x14000, 0x14168), but the cached segment segment #1 [0x12000,"
                + " 0x12168) (360 bytes) holds the 360 bytes frame 3 needs, exactly: a big enough cached segment is reused",
                violation(bigTwice, new SegmentedEngine(CACHED) {
            @Override
            protected boolean cacheFits(Region cached, long need) {
                return false;
            }
        }));
    }

    @Test
    void aReuseClaimedOfANewSegmentWhileTheCachedOneFits() {
        // the engine allocates a new segment for frame 3 although the cached one fits, and says it reused it
        check("SEG-5 @5 the split reused segment #2 [0x14000, 0x14100) from the cache, but the cached segment was"
                + " segment #1 [0x12000, 0x12100)", violation(SPLIT, new Tampered(new SegmentedEngine(CACHED) {
            @Override
            protected boolean cacheFits(Region cached, long need) {
                return false;
            }
        }) {
            @Override
            void event(EngineEvent e, int n, EngineEvents out) {
                if (e instanceof EngineEvent.Split s && n == 6) {
                    out.event(new EngineEvent.Split(s.segment(), s.frame(), true, s.bigFrame()));
                } else {
                    out.event(e);
                }
            }
        }));
    }

    @Test
    void anEngineThatCachesWhileClaimingNoCache() {
        check("SEG-5 @5 the split reused segment #1 [0x12000, 0x12100) from the cache, but this engine keeps no cache",
                violation(SPLIT, OverflowCheckTest.claiming(new SegmentedEngine(CACHED), P)));
    }

    /** a segmented engine whose Split events say reused = {@code reused} */
    static Tampered reporting(EngineParams p, boolean reused) {
        return new Tampered(new SegmentedEngine(p)) {
            @Override
            void event(EngineEvent e, int n, EngineEvents out) {
                if (e instanceof EngineEvent.Split s && n == 6) {
                    out.event(new EngineEvent.Split(s.segment(), s.frame(), reused, s.bigFrame()));
                } else {
                    out.event(e);
                }
            }
        };
    }

    @Test
    void aReuseClaimedWithoutACache() {
        check("SEG-5 @5 the split reused segment #2 [0x14000, 0x14100) from the cache, but this engine keeps no cache", violation(SPLIT, reporting(P, true)));
    }

    @Test
    void aReuseReportedAsANewSegment() {
        check("SEG-5 @5 the split allocated segment #1 [0x12000, 0x12100), but the cached segment segment #1 [0x12000, 0x12100) (256 bytes) holds the 112 bytes frame 3 needs: a big enough cached segment is reused", violation(SPLIT, reporting(CACHED, false)));
    }

    @Test
    void aReuseClaimedOfAnotherSegmentThanTheCachedOne() {
        // the engine allocates a 360-byte segment for the big frame (the cached one, 256 bytes, is too small)
        // but says it reused it from the cache
        check("SEG-5 @5 the split reused segment #2 [0x14000, 0x14168) from the cache, but the cached segment was segment #1 [0x12000, 0x12100)", violation(BIG, reporting(CACHED, true)));
    }

    @Test
    void aReuseClaimedWhenNothingWasCached() {
        check("SEG-5 @3 the split reused segment #1 [0x12000, 0x12100) from the cache, but no segment was cached", violation(SPLIT, new Tampered(new SegmentedEngine(CACHED)) {
            @Override
            void event(EngineEvent e, int n, EngineEvents out) {
                if (e instanceof EngineEvent.Split s && n == 4) {
                    out.event(new EngineEvent.Split(s.segment(), s.frame(), true, s.bigFrame()));
                } else {
                    out.event(e);
                }
            }
        }));
    }

    @Test
    void aReuseOfACachedSegmentTooSmallFaultsFirst() {
        // SEG-5's "smaller than" branch is not reachable by a reference-like engine: the frame lands below the
        // 256-byte cached segment and the engine's own write faults (MEM-1) before the split event is judged
        check("MEM-1 @5 UNMAPPED fault in the statement: access to unmapped address 0x11fa8", violation(BIG, new SegmentedEngine(CACHED) {
            @Override
            protected boolean cacheFits(Region cached, long need) {
                return true;
            }
        }));
    }
}

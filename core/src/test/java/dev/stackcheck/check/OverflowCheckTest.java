package dev.stackcheck.check;

import static dev.stackcheck.check.Tampered.check;
import static dev.stackcheck.check.Tampered.passes;
import static dev.stackcheck.check.Tampered.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.HybridEngine;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.engine.StackOverflow;
import dev.stackcheck.program.Layout;
import org.junit.jupiter.api.Test;

/**
 * OVF-1 ({@link OverflowCheck}) one branch at a time, in lock step: an engine that overflows outside a call,
 * at a call that fits, at a split whose chain stays within the limit (by one byte, or with a cached segment
 * it would reuse), or whose chain grows past the limit, is caught at that call with its message; the engine
 * that overflows where the limit is really passed passes.
 *
 * <p>The sizes: 256-byte segments, a 24-byte record and a 16-byte guard; 72-byte frames (8 words). The base
 * holds frames 0..2, every later segment three frames: frame 3 (step 3) splits to a 512-byte chain, frame 6
 * (step 6) to a 768-byte one. The engines run with a limit and may claim another ({@link #claiming}).
 */
class OverflowCheckTest {

    static final EngineParams P = new EngineParams(256, false, 256, 16, 1_000_000_000L, 0);

    /** 7 nested frames (steps 0..6), then their rets. */
    static final String DEEP = String.join("\n",
            "frame f words=8",
            "repeat 7 {",
            "  call f",
            "}",
            "repeat 7 {",
            "  ret",
            "}",
            "");

    /** an engine that runs with its own parameters but reports {@code claimed} (and {@code kind}) */
    static Tampered claiming(StackEngine inner, EngineParams claimed, StackKind kind) {
        return new Tampered(inner) {
            @Override
            public EngineParams params() {
                return claimed;
            }

            @Override
            public StackKind kind() {
                return kind;
            }
        };
    }

    static Tampered claiming(StackEngine inner, EngineParams claimed) {
        return claiming(inner, claimed, inner.kind());
    }

    /** a segmented engine that throws a stack overflow at statement {@code at} (1-based) */
    static Tampered overflowingAt(int at, StackKind kind) {
        return overflowingAt(P, at, kind);
    }

    static Tampered overflowingAt(EngineParams p, int at, StackKind kind) {
        return new Tampered(new SegmentedEngine(p)) {
            @Override
            public void call(Layout layout) {
                if (n + 1 == at) {
                    n++;
                    throw new StackOverflow(P.maxStack(), P.maxStack() + 1);
                }
                super.call(layout);
            }

            @Override
            public void ret() {
                if (n + 1 == at) {
                    n++;
                    throw new StackOverflow(P.maxStack(), P.maxStack() + 1);
                }
                super.ret();
            }

            @Override
            public StackKind kind() {
                return kind;
            }
        };
    }

    @Test
    void anOverflowWherePastTheLimitPasses() {
        // the engine's limit is 767: the split of frame 6 needs 768
        passes(DEEP, new SegmentedEngine(P.withMaxStack(767)));
        passes(DEEP, new SegmentedEngine(P.withMaxStack(767).withSegmentCache(true)));
    }

    @Test
    void anOverflowDuringARet() {
        check("OVF-1 @8 stack overflow during `ret`: only a call can overflow", violation(DEEP, overflowingAt(9, StackKind.SEGMENTED)));
    }

    @Test
    void anOverflowAtACallThatFits() {
        check("OVF-1 @1 stack overflow at a call of a 72-byte frame that needs no growth: it fits, within the 1000000000-byte limit (segmented rules)", violation(DEEP, overflowingAt(2, StackKind.SEGMENTED)));
    }

    @Test
    void anOverflowAtASplitWithinTheLimitByOneByte() {
        // the engine stops at 767 but claims 768: the chain plus a new segment, 768 bytes, is within it
        check("OVF-1 @6 stack overflow at a call of a 72-byte frame that needs a 768-byte stack, within the 768-byte limit (segmented rules)", violation(DEEP, claiming(new SegmentedEngine(P.withMaxStack(767)), P.withMaxStack(768))));
    }

    @Test
    void aFrameThatLeavesExactlyTheGuardFits() {
        // frame 2 in the base: 256 - 24 (record) - 2 * 72 - 72 = 16, the guard: it fits, no split
        check("OVF-1 @2 stack overflow at a call of a 72-byte frame that needs no growth: it fits, within the"
                + " 1000000000-byte limit (segmented rules)", violation(DEEP, overflowingAt(3, StackKind.SEGMENTED)));
    }

    @Test
    void theFrameBlamedIsTheTopAfterTheStatement() {
        // the diagrams' focus: the frame the call of step 1 makes; the frame the ret of step 8 returns to
        assertEquals(1, Tampered.broken(DEEP, overflowingAt(2, StackKind.SEGMENTED)).frame);
        assertEquals(4, Tampered.broken(DEEP, overflowingAt(9, StackKind.SEGMENTED)).frame);
    }

    /**
     * Frames 0..5, a big frame 6 (step 6, a 360-byte segment), its ret (cached), then frames 6..9 (steps 8..11)
     * in the reused 360-byte segment: frame 9 fits there (360 - 24 - 3 * 72 - 72 = 48 bytes left), where it
     * would not fit a segment of the profile's 256 bytes.
     */
    static final String FOUR_IN_THE_REUSED = String.join("\n",
            "frame f words=8",
            "frame big words=39",
            "repeat 6 {",
            "  call f",
            "}",
            "call big",
            "ret",
            "repeat 4 {",
            "  call f",
            "}",
            "repeat 10 {",
            "  ret",
            "}",
            "");

    @Test
    void aFrameFitsTheTopSegmentAsBigAsItIs() {
        EngineParams cached = P.withSegmentCache(true);
        passes(FOUR_IN_THE_REUSED, new SegmentedEngine(cached));
        check("OVF-1 @11 stack overflow at a call of a 72-byte frame that needs no growth: it fits, within the"
                + " 1000000000-byte limit (segmented rules)", violation(FOUR_IN_THE_REUSED, overflowingAt(cached, 12,
                StackKind.SEGMENTED)));
    }

    @Test
    void anOverflowAtTheFirstSplit() {
        check("OVF-1 @3 stack overflow at a call of a 72-byte frame that needs a 512-byte stack, within the 512-byte limit (segmented rules)", violation(DEEP, claiming(new SegmentedEngine(P.withMaxStack(511)), P.withMaxStack(512))));
    }

    @Test
    void aChainPastTheLimit() {
        // the engine has no limit to speak of but claims 767: the split of frame 6 makes a 768-byte chain
        check("OVF-1 @6 the segment chain holds 768 bytes, past the 767-byte limit: the call that grew it should have overflowed", violation(DEEP, claiming(new SegmentedEngine(P), P.withMaxStack(767))));
    }

    /** Frames 0..6, frame 6 returns (its segment is cached), then a 320-byte frame (step 8): it needs 360 bytes. */
    static final String BIG_AFTER_RET = String.join("\n",
            "frame f words=8",
            "frame big words=39",
            "repeat 7 {",
            "  call f",
            "}",
            "ret",
            "call big",
            "ret",
            "repeat 6 {",
            "  ret",
            "}",
            "");

    @Test
    void aBigFrameNeedsASegmentOfItsOwnSize() {
        // the cached 256-byte segment is too small: 512 + 360 = 872 bytes
        EngineParams cached = P.withSegmentCache(true);
        passes(BIG_AFTER_RET, new SegmentedEngine(cached.withMaxStack(871)));
        passes(BIG_AFTER_RET, new SegmentedEngine(P.withMaxStack(871)));
        check("OVF-1 @8 stack overflow at a call of a 320-byte frame that needs a 872-byte stack, within the 872-byte limit (segmented rules)", violation(BIG_AFTER_RET, claiming(new SegmentedEngine(cached.withMaxStack(871)),
                cached.withMaxStack(872))));
    }

    /** Frames 0..5, a big frame 6 (step 6, a 360-byte segment), its ret (cached), then frame 6 again (step 8). */
    static final String REUSE = String.join("\n",
            "frame f words=8",
            "frame big words=39",
            "repeat 6 {",
            "  call f",
            "}",
            "call big",
            "ret",
            "call f",
            "repeat 7 {",
            "  ret",
            "}",
            "");

    @Test
    void aReuseOfTheCachedSegmentNeedsItsSize() {
        // with the cache the call of step 8 reuses the 360-byte segment: 872 bytes; without it, 768
        EngineParams cached = P.withSegmentCache(true).withMaxStack(872);
        passes(REUSE, new SegmentedEngine(cached));
        check("OVF-1 @8 stack overflow at a call of a 72-byte frame that needs a 872-byte stack, within the 872-byte limit (segmented rules)", violation(REUSE, overflowingAt(cached, 9, StackKind.SEGMENTED)));
        check("OVF-1 @8 stack overflow at a call of a 72-byte frame that needs a 768-byte stack, within the 872-byte limit (segmented rules)", violation(REUSE, overflowingAt(P.withMaxStack(872), 9, StackKind.SEGMENTED)));
    }

    @Test
    void aHybridOverflowWithinTheLimit() {
        check("OVF-1 @3 stack overflow at a call of a 72-byte frame that needs a 512-byte stack, within the 512-byte limit (hybrid rules)", violation(DEEP, claiming(new HybridEngine(P.withMaxStack(511)), P.withMaxStack(512))));
    }

    /** Three 72-byte frames fill the 256-byte base (240 bytes used), then a 264-byte frame (step 3). */
    static String bigOnThree(String first) {
        return String.join("\n", "frame f words=8", "frame n words=8 nomap", "frame big words=32",
                "call " + first, "call f", "call f", "call big", "ret", "ret", "ret", "ret", "");
    }

    @Test
    void aHybridGrowsItsTopSegmentUnlessAFrameWithoutAPointerMapLiesInIt() {
        // no frame without a pointer map: the base is copied, doubled until 264 + 16 (the guard) fit above its 240
        // bytes: 1024 bytes (512 leaves 272); with one (frame 0, the base's first frame): a new segment,
        // 256 + 264 + 24 + 16 = 560
        check("OVF-1 @3 stack overflow at a call of a 264-byte frame that needs a 1024-byte stack, within the 1024-byte"
                + " limit (hybrid rules)", violation(bigOnThree("f"), claiming(new HybridEngine(P.withMaxStack(1023)),
                P.withMaxStack(1024))));
        check("OVF-1 @3 stack overflow at a call of a 264-byte frame that needs a 560-byte stack, within the 560-byte"
                + " limit (hybrid rules)", violation(bigOnThree("n"), claiming(new HybridEngine(P.withMaxStack(559)),
                P.withMaxStack(560))));
    }

    @Test
    void aHybridGrowingItsTopSegmentKeepsTheSegmentsBelow() {
        // frame 3 split off a 304-byte segment (the base holds frame 0, without a pointer map); frame 4 does not
        // fit there (24 + 264 used): the top segment doubles to 608, below it the 256-byte base: 864
        String p = String.join("\n", "frame f words=8", "frame n words=8 nomap", "frame big words=32", "call n",
                "call f", "call f", "call big", "call f", "ret", "ret", "ret", "ret", "ret", "");
        check("OVF-1 @4 stack overflow at a call of a 72-byte frame that needs a 864-byte stack, within the 864-byte"
                + " limit (hybrid rules)", violation(p, claiming(new HybridEngine(P.withMaxStack(863)),
                P.withMaxStack(864))));
    }

    @Test
    void aHybridCopyPastTheLimit() {
        // frame 3 does not fit the base: the hybrid copies it to 512 bytes, past the 511 it claims
        check("OVF-1 @3 the segment chain holds 512 bytes, past the 511-byte limit: the call that grew it should have"
                + " overflowed", violation(DEEP, claiming(new HybridEngine(P), P.withMaxStack(511))));
        // frame 4 (after frame 3 split off a 304-byte segment, the base holding a frame without a pointer map):
        // its segment is copied to 608 bytes; with the base, 864
        String p = String.join("\n", "frame f words=8", "frame n words=8 nomap", "frame big words=32", "call n",
                "call f", "call f", "call big", "call f", "ret", "ret", "ret", "ret", "ret", "");
        check("OVF-1 @4 the segment chain holds 864 bytes, past the 863-byte limit: the call that grew it should have"
                + " overflowed", violation(p, claiming(new HybridEngine(P), P.withMaxStack(863))));
    }

    @Test
    void aHybridsFirstFrameTooBigForTheBaseGrowsTheBase() {
        // 808 bytes + 16 above the record's 24: the 256-byte base doubles to 1024
        check("OVF-1 @0 stack overflow at a call of a 808-byte frame that needs a 1024-byte stack, within the 1024-byte"
                + " limit (hybrid rules)", violation("frame big words=100\ncall big\nret\n", claiming(new HybridEngine(P.withMaxStack(1023)),
                P.withMaxStack(1024))));
    }

    @Test
    void anotherKindsOverflowWithinTheLeastStack() {
        // kind other: the least stack any engine needs, the live frames, the new one and the guard:
        // 72 + 72 + 16 = 160 at the second call
        check("OVF-1 @1 stack overflow at a call of a 72-byte frame that needs a 160-byte stack, within the 1000000000-byte limit (other rules)", violation(DEEP, overflowingAt(2, StackKind.OTHER)));
    }

    // ---- the bound an outside engine is held to (BlackBoxCheck): pure arithmetic

    @Test
    void aCopyingOutsideEngineNeedsExactlyTheSmallestDoubling() {
        // initialStack 256, guard 16: 100 + 140 + 16 = 256 fits the initial stack exactly; one byte more doubles
        assertEquals(256, OverflowCheck.outsideBound(StackKind.COPYING, P, 100, 140, 0));
        assertEquals(512, OverflowCheck.outsideBound(StackKind.COPYING, P, 101, 140, 0));
        assertEquals(1024, OverflowCheck.outsideBound(StackKind.COPYING, P, 600, 400, 0));
        // a need near Long.MAX_VALUE stops doubling at 2^61 instead of overflowing
        assertEquals(1L << 61, OverflowCheck.outsideBound(StackKind.COPYING, P, Long.MAX_VALUE / 2, 0, 0));
    }

    @Test
    void anOutsideEngineOfAnotherKindIsHeldToItsPerFrameSum() {
        for (StackKind k : new StackKind[] {StackKind.SEGMENTED, StackKind.HYBRID, StackKind.OTHER}) {
            assertEquals(12345, OverflowCheck.outsideBound(k, P, 100, 140, 12345), k.name());
        }
    }

    @Test
    void aFramesShareOfThePerFrameSum() {
        // segmented: max(segmentSize, frame + record + guard rounded to a word); others twice that
        assertEquals(256, OverflowCheck.perFrame(StackKind.SEGMENTED, P, 72));   // 112
        assertEquals(256, OverflowCheck.perFrame(StackKind.HYBRID, P, 72));      // 224
        assertEquals(256, OverflowCheck.perFrame(StackKind.SEGMENTED, P, 120));  // 160
        assertEquals(320, OverflowCheck.perFrame(StackKind.HYBRID, P, 120));     // 2 * 160
        assertEquals(320, OverflowCheck.perFrame(StackKind.OTHER, P, 120));
        assertEquals(360, OverflowCheck.perFrame(StackKind.SEGMENTED, P, 320));
        assertEquals(368, OverflowCheck.perFrame(StackKind.SEGMENTED, P.withStackGuard(20), 320)); // 364 -> 368
    }
}

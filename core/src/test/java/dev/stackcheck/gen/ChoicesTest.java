package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChoicesTest {

    private static long[] drawSome(Choices c) {
        long[] out = new long[6];
        out[0] = c.draw(10);
        out[1] = c.bool(0.5) ? 1 : 0;
        out[2] = c.weighted(new int[] {1, 0, 5});
        out[3] = c.between(100, 200);
        out[4] = c.draw(1L << 40);
        out[5] = c.draw(1);
        return out;
    }

    @Test
    void sameSeedSameDraws() {
        for (long seed = 0; seed < 50; seed++) {
            assertArrayEquals(drawSome(Choices.random(seed)), drawSome(Choices.random(seed)));
        }
    }

    @Test
    void drawsStayInBoundsAndWeightZeroIsNeverDrawn() {
        for (long seed = 0; seed < 2000; seed++) {
            long[] d = drawSome(Choices.random(seed));
            assertTrue(d[0] >= 0 && d[0] < 10);
            assertTrue(d[2] == 0 || d[2] == 2, "weight 0 option drawn");
            assertTrue(d[3] >= 100 && d[3] <= 200);
            assertTrue(d[4] >= 0 && d[4] < (1L << 40));
            assertEquals(0, d[5]);
        }
    }

    @Test
    void replayOfTheRecordReproducesEveryDraw() {
        for (long seed = 0; seed < 200; seed++) {
            Choices c = Choices.random(seed);
            long[] first = drawSome(c);
            Choices r = Choices.replay(c.recorded().values());
            assertArrayEquals(first, drawSome(r));
            assertFalse(r.overran() && c.recorded().length() == 6);
            assertEquals(c.recorded(), r.recorded());
        }
    }

    @Test
    void exhaustedReplayAnswersTheSimplestChoice() {
        Choices r = Choices.replay(new long[] {7});
        assertEquals(7, r.draw(10));
        assertFalse(r.overran());
        assertEquals(0, r.draw(10));
        assertFalse(r.bool(0.99));
        assertEquals(1, r.weighted(new int[] {0, 3, 4}), "first option of positive weight");
        assertEquals(5, r.between(5, 9));
        assertTrue(r.overran());
        assertArrayEquals(new long[] {7, 0, 0, 1}, r.recorded().values(), "what was used, trailing zeros dropped");
    }

    @Test
    void replayedValuesOutOfRangeAreClampedAndRecordedAsUsed() {
        Choices r = Choices.replay(new long[] {25, 9, 1, 4, 3});
        assertEquals(9, r.draw(10), "clamped to the largest allowed value");
        assertTrue(r.bool(0.0), "any non-zero value replays as true");
        assertEquals(0, r.weighted(new int[] {2, 0}), "a weight-0 index falls to the first allowed option");
        assertEquals(1, r.weighted(new int[] {0, 1, 1}), "an index past the end falls to the first allowed option");
        assertEquals(3, r.draw(5));
        assertArrayEquals(new long[] {9, 1, 0, 1, 3}, r.recorded().values());
    }

    @Test
    void spansNestAndCoverTheirChoices() {
        Choices c = Choices.replay(new long[] {1, 2, 3, 4});
        c.startSpan(1);
        c.draw(10);
        c.startSpan(2);
        c.draw(10);
        c.draw(10);
        c.endSpan();
        c.endSpan();
        c.draw(10);
        List<ChoiceSequence.Span> spans = c.recorded().spans();
        assertEquals(List.of(new ChoiceSequence.Span(0, 3, 1, 0), new ChoiceSequence.Span(1, 3, 2, 1)), spans);
        assertThrows(IllegalStateException.class, c::endSpan);
    }

    @Test
    void shortlexOrder() {
        assertTrue(ChoiceSequence.compare(new long[] {9, 9}, new long[] {0, 0, 0}) < 0);
        assertTrue(ChoiceSequence.compare(new long[] {1, 0}, new long[] {1, 2}) < 0);
        assertEquals(0, ChoiceSequence.compare(new long[] {3}, new long[] {3}));
    }

    @Test
    void badBoundsRangesAndWeightsAreRefused() {
        Choices c = Choices.random(1);
        assertEquals("bound must be at least 1: 0", assertThrows(IllegalArgumentException.class, () -> c.draw(0))
                .getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.draw(-3L));
        assertEquals("empty range 5..4", assertThrows(IllegalArgumentException.class, () -> c.between(5, 4))
                .getMessage());
        assertEquals(3, c.between(3, 3), "a range of one value");
        assertThrows(IllegalArgumentException.class, () -> c.weighted(new int[] {2, -1, 3}));
        assertThrows(IllegalArgumentException.class, () -> c.weighted(new int[] {0, 0}));
        assertEquals(1, c.drawn(), "only the range of one value drew");
        assertEquals(0, Choices.replay(new long[0]).drawn());
    }

    @Test
    void aReplayedIndexOfAWeightedDrawIsTakenOnlyWhenInRangeAndAllowed() {
        int[] w = {0, 4, 0, 5};
        Choices r = Choices.replay(new long[] {3, 0, 2, 4, -1, 1});
        assertEquals(3, r.weighted(w));
        assertEquals(1, r.weighted(w), "index 0 has weight 0");
        assertEquals(1, r.weighted(w), "index 2 has weight 0");
        assertEquals(1, r.weighted(w), "index 4 is past the end");
        assertEquals(1, r.weighted(w), "an unsigned value past every index");
        assertEquals(1, r.weighted(w));
        assertArrayEquals(new long[] {3, 1, 1, 1, 1, 1}, r.recorded().values());
    }

    @Test
    void spansNestDeeperThanTheirFirstArrayAndEmptyOrOpenSpansAreRecordedAsTheyEnd() {
        Choices c = Choices.replay(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
        for (int d = 0; d < 12; d++) {
            c.startSpan(d);
            c.draw(2);
        }
        for (int d = 0; d < 12; d++) {
            c.endSpan();
        }
        List<ChoiceSequence.Span> spans = c.recorded().spans();
        assertEquals(12, spans.size());
        for (int d = 0; d < 12; d++) {
            assertEquals(new ChoiceSequence.Span(d, 12, d, d), spans.get(d));
        }
        Choices e = Choices.replay(new long[] {1, 0, 0});
        e.startSpan(7); // empty: dropped
        e.endSpan();
        e.draw(2);
        e.startSpan(8); // holds only trailing zeros, which are dropped: dropped with them
        e.draw(2);
        e.endSpan();
        e.startSpan(9); // still open: ends at the last choice, then cut to the kept ones
        e.draw(2);
        assertEquals(List.of(), e.recorded().spans());
        Choices o = Choices.replay(new long[] {1, 1});
        o.draw(2);
        o.startSpan(4); // still open: ends at the last choice
        o.draw(2);
        assertEquals(List.of(new ChoiceSequence.Span(1, 2, 4, 0)), o.recorded().spans());
    }
}

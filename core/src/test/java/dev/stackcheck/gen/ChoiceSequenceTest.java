package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A choice sequence is a value: equal values and spans, equal sequences; shortlex order; its own copy. */
class ChoiceSequenceTest {

    @Test
    void shortlexOrderComparesLengthsThenValuesUnsigned() {
        assertTrue(ChoiceSequence.compare(new long[] {9}, new long[] {0, 0}) < 0);
        assertTrue(ChoiceSequence.compare(new long[] {0, 0}, new long[] {9}) > 0);
        assertTrue(ChoiceSequence.compare(new long[] {1, 2}, new long[] {1, 3}) < 0);
        assertTrue(ChoiceSequence.compare(new long[] {1, -1}, new long[] {1, 3}) > 0, "unsigned: -1 is the largest");
        assertEquals(0, ChoiceSequence.compare(new long[] {4, 5}, new long[] {4, 5}));
    }

    @Test
    void aSequenceIsAValue() {
        ChoiceSequence.Span s = new ChoiceSequence.Span(1, 3, 2, 0);
        assertEquals(2, s.length());
        long[] values = {5, 6, 7};
        ChoiceSequence a = new ChoiceSequence(values, List.of(s));
        values[0] = 99;
        assertEquals(5, a.value(0), "a copy of the values given");
        long[] out = a.values();
        out[1] = 99;
        assertArrayEquals(new long[] {5, 6, 7}, a.values(), "a copy of the values kept");
        assertEquals(3, a.length());
        ChoiceSequence b = new ChoiceSequence(new long[] {5, 6, 7}, List.of(new ChoiceSequence.Span(1, 3, 2, 0)));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new ChoiceSequence(new long[] {5, 6, 8}, List.of(s)));
        assertNotEquals(a, new ChoiceSequence(new long[] {5, 6, 7}, List.of()));
        assertNotEquals(a, "[5, 6, 7]");
        assertEquals("[5, 6, 7]", a.toString());
    }
}

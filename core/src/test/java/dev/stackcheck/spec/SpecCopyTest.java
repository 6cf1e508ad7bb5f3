package dev.stackcheck.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Spec#copy()} and {@link Spec#copyFrom}: independent states equal to the original. */
class SpecCopyTest {

    private static final Layout MAIN = new Layout("main", 2, new int[0], false);
    private static final Layout P = new Layout("p", 2, new int[] {0}, false);

    private static Spec sample() {
        Spec s = new Spec();
        s.apply(new Op.Call(MAIN));
        s.apply(new Op.Set(1, 5));
        s.apply(new Op.Call(P));
        s.apply(new Op.Addr(0, 0, 1));
        s.apply(new Op.Defer(0, 9));
        return s;
    }

    private static void assertSameState(Spec want, Spec got) {
        assertEquals(want.depth(), got.depth());
        assertEquals(want.ended(), got.ended());
        for (int f = 0; f < want.depth(); f++) {
            assertEquals(want.layout(f), got.layout(f));
            for (int k = 0; k < want.layout(f).words(); k++) {
                assertEquals(want.ref(f, k), got.ref(f, k));
                assertEquals(want.scalar(f, k), got.scalar(f, k));
            }
        }
        assertEquals(want.defers(), got.defers());
    }

    @Test
    void aCopyIsEqualAndIndependent() {
        Spec s = sample();
        Spec c = s.copy();
        assertSameState(s, c);
        c.apply(new Op.Store(0, 1));
        c.apply(Op.Ret.INSTANCE);
        assertEquals(5, s.scalar(0, 1), "the original keeps its value");
        assertEquals(2, s.depth());
        assertEquals(9, c.scalar(0, 1), "the copy ran the deferred store");
        assertEquals(1, c.depth());
    }

    @Test
    void copyFromOverwritesADeeperOrShallowerState() {
        Spec s = sample();
        Spec other = new Spec();
        other.apply(new Op.Call(P));
        other.copyFrom(s);
        assertSameState(s, other);
        Spec deep = sample();
        deep.apply(new Op.Call(MAIN));
        deep.apply(new Op.Call(MAIN));
        Spec shallow = new Spec();
        shallow.apply(new Op.Call(MAIN));
        deep.copyFrom(shallow);
        assertSameState(shallow, deep);
        deep.apply(new Op.Call(P));
        assertTrue(deep.whyIllegal(new Op.Set(0, 0)) == null);
        assertFalse(shallow.depth() == deep.depth(), "still independent");
    }

    @Test
    void copyFromForgetsTheTouchedSlotsOfTheLastStatement() {
        Spec s = sample();
        Spec other = sample();
        other.apply(new Op.Store(0, 3)); // writes through the pointer: touches frame 0's slot 1
        assertEquals(1, other.touched().size());
        other.copyFrom(s);
        assertEquals(List.of(), other.touched());
        assertFalse(other.observed());
    }
}

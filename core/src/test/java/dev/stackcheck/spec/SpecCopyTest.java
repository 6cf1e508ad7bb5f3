package dev.stackcheck.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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

    static final Layout MAIN3 = new Layout("main", 3, new int[0], false);

    static final Layout F = new Layout("f", 3, new int[] {1}, false);

    static final Layout WIDE = new Layout("wide", 5, new int[] {0}, false);

    static Spec spec(Op... ops) {
        Spec s = new Spec();
        for (Op op : ops) {
            s.apply(op);
        }
        return s;
    }

    /** frames, slots, references and defer records of a state, as one comparable value */
    static List<Object> state(Spec s) {
        List<Object> out = new java.util.ArrayList<>();
        out.add(s.depth());
        out.add(s.ended());
        for (int f = 0; f < s.depth(); f++) {
            out.add(s.layout(f).name());
            for (int i = 0; i < s.layout(f).words(); i++) {
                out.add(s.holdsRef(f, i) ? s.ref(f, i) : (Object) s.scalar(f, i));
            }
        }
        out.add(s.defers());
        return out;
    }

    @Test
    void aCopyOfAStateWithDefersAndAnObservationKeepsNeitherObservationNorTouchedSlots() {
        Spec s = spec(new Op.Call(MAIN3), new Op.Set(0, 41), new Op.Call(F), new Op.Addr(1, 0, 0), new Op.Defer(1, 5),
                new Op.Set(2, 7), new Op.Load(1));
        assertTrue(s.observed());
        Spec c = s.copy();
        assertEquals(state(s), state(c));
        assertFalse(c.observed(), "the last observation is not copied");
        assertEquals(List.of(), c.touched());
        c.apply(new Op.Store(1, 9));
        c.apply(new Op.Set(1, 0));
        assertEquals(41, s.scalar(0, 0));
        assertEquals(new Ref(0, 0), s.ref(1, 1));
        assertEquals(9, c.scalar(0, 0));
        assertNull(c.ref(1, 1));
        c.apply(Op.Ret.INSTANCE);
        assertEquals(1, s.deferCount());
        assertEquals(0, c.deferCount());
        assertEquals(2, s.depth());
    }

    @Test
    void copyFromReusesAndClears() {
        Spec src = spec(new Op.Call(MAIN3), new Op.Call(WIDE), new Op.Addr(0, 0, 2), new Op.Set(4, 3));
        Spec dst = spec(new Op.Call(MAIN3), new Op.Call(F), new Op.Addr(1, 0, 0), new Op.Call(F), new Op.Call(MAIN3),
                new Op.Set(2, 8));
        dst.copyFrom(src);
        assertEquals(state(src), state(dst));
        assertEquals(new Ref(0, 2), dst.ref(1, 0));
        // a frame that held no reference in the source loses the target's references
        Spec plain = spec(new Op.Call(MAIN3), new Op.Call(F));
        Spec withRef = spec(new Op.Call(MAIN3), new Op.Call(F), new Op.Addr(1, 0, 0));
        withRef.copyFrom(plain);
        assertFalse(withRef.holdsRef(1, 1));
        assertEquals(state(plain), state(withRef));
        // frames of the same size keep their arrays, and their values are overwritten
        Spec a = spec(new Op.Call(MAIN3), new Op.Call(F), new Op.Addr(1, 0, 1));
        Spec b = spec(new Op.Call(MAIN3), new Op.Call(F), new Op.Addr(1, 0, 2), new Op.Set(0, 6));
        a.copyFrom(b);
        assertEquals(state(b), state(a));
        assertEquals(new Ref(0, 2), a.ref(1, 1));
        a.apply(Op.Ret.INSTANCE);
        assertEquals(6, b.scalar(1, 0));
        assertEquals(2, b.depth());
    }

    @Test
    void copyFromADeeperOrEndedState() {
        Spec deep = new Spec();
        deep.apply(new Op.Call(MAIN3));
        for (int i = 0; i < 100; i++) {
            deep.apply(new Op.Call(F));
            deep.apply(new Op.Addr(1, i, 0));
        }
        Spec small = spec(new Op.Call(MAIN3));
        small.copyFrom(deep);
        assertEquals(state(deep), state(small));
        small.apply(new Op.Call(F));
        assertEquals(102, small.depth());
        Spec ended = spec(new Op.Call(MAIN3), Op.Ret.INSTANCE);
        Spec other = spec(new Op.Call(MAIN3), new Op.Call(F));
        other.copyFrom(ended);
        assertTrue(other.ended());
        assertEquals(0, other.depth());
        ended.copyFrom(spec(new Op.Call(MAIN3)));
        assertFalse(ended.ended());
        assertEquals(1, ended.depth());
    }

    @Test
    void copyFromAStateFilledToItsCapacityAndBack() {
        Spec full = new Spec();
        for (int f = 0; f < 64; f++) { // exactly the initial capacity
            full.apply(new Op.Call(P));
            if (f == 3) {
                full.apply(new Op.Addr(0, 2, 1)); // frame 3's slot 0 -> 2.1
            }
        }
        Spec shallow = sample();
        full.copyFrom(shallow);
        assertSameState(shallow, full);
        full.apply(new Op.Call(P));
        full.apply(new Op.Call(P));
        assertFalse(full.holdsRef(3, 0), "no reference of the deeper state is left behind");
        Spec deep = new Spec();
        for (int f = 0; f < 100; f++) { // past it: the arrays grow
            deep.apply(new Op.Call(P));
        }
        deep.apply(new Op.Addr(0, 98, 1)); // frame 99's slot 0 -> 98.1
        shallow.copyFrom(deep);
        assertSameState(deep, shallow);
    }
}

package dev.stackcheck.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import org.junit.jupiter.api.Test;

/** The specification's rules at their edges: negative numbers, and when the goroutine has ended. */
class SpecEdgesTest {

    static final Layout MAIN = new Layout("main", 3, new int[] {1}, false);

    @Test
    void negativeSlotsFramesAndTargetsAreIllegal() {
        Spec s = new Spec();
        s.apply(new Op.Call(MAIN));
        assertEquals("slot -1 is out of range (main has 3 slots)", s.whyIllegal(new Op.Set(-1, 0)));
        assertEquals("slot -1 is out of range (main has 3 slots)", s.whyIllegal(new Op.Get(-1)));
        assertEquals("frame -1 is not live (frames 0..0): a pointer may point only to its own frame or an older one",
                s.whyIllegal(new Op.Addr(1, -1, 0)));
        assertEquals("slot -1 is out of range for frame 0 (main has 3 slots)", s.whyIllegal(new Op.Addr(1, 0, -1)));
        assertEquals("slot 3 is out of range for frame 0 (main has 3 slots)", s.whyIllegal(new Op.Addr(1, 0, 3)));
        assertEquals(null, s.whyIllegal(new Op.Addr(1, 0, 2)));
    }

    @Test
    void theGoroutineEndsWithTheRetOfFrameZero() {
        Spec s = new Spec();
        assertFalse(s.ended());
        s.apply(new Op.Call(MAIN));
        s.apply(new Op.Call(MAIN));
        s.apply(Op.Ret.INSTANCE);
        assertFalse(s.ended());
        s.apply(Op.Ret.INSTANCE);
        assertTrue(s.ended());
    }

    @Test
    void referencesPrintCompactly() {
        assertEquals("&2.5", new Ref(2, 5).toString());
    }

    @Test
    void aFrameThatNeverHeldAReferenceAnswersNone() {
        Spec s = new Spec();
        s.apply(new Op.Call(MAIN));
        assertEquals(-1, s.refFrame(0, 1));
        assertEquals(0, s.refSlot(0, 1));
        assertEquals(null, s.ref(0, 1));
        s.apply(new Op.Addr(1, 0, 0));
        assertEquals(0, s.refFrame(0, 1));
        assertEquals(-1, s.refFrame(0, 2));
    }
}

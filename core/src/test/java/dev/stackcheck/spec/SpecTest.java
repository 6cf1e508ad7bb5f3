package dev.stackcheck.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.program.Cursor;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecTest {

    private static final String LAYOUTS = String.join("\n",
            "frame main words=3 ptrs=2",   // 0, 1 scalars; 2 pointer
            "frame g words=2 ptrs=0,1",    // all pointers
            "frame n words=3 nomap",       // typed by what each slot holds
            "");

    /** Runs a program (layouts above prepended) and returns the observations. */
    private static List<Long> run(Spec spec, String statements) {
        List<Long> seen = new ArrayList<>();
        if (statements.isEmpty()) {
            return seen; // the parser refuses a text without statements
        }
        Program p = Parser.parse(LAYOUTS + statements);
        Cursor c = p.cursor();
        while (c.hasNext()) {
            Op op = c.next();
            spec.apply(op);
            if (spec.observed()) {
                seen.add(spec.observation());
            }
        }
        return seen;
    }

    private static List<Long> run(String statements) {
        return run(new Spec(), statements);
    }

    /**
     * Runs all statements of {@code prefix}, then checks that {@code bad} breaks a rule with exactly
     * {@code message}, and leaves the state as it was.
     */
    private static void violation(String prefix, String bad, String message) {
        Spec spec = new Spec();
        run(spec, prefix);
        Program p = Parser.parse(LAYOUTS + bad);
        Op op = p.statement(0);
        assertEquals(message, spec.whyIllegal(op));
        String before = snapshot(spec);
        RuleViolation v = assertThrows(RuleViolation.class, () -> spec.apply(op));
        assertEquals(message, v.getMessage());
        assertEquals(before, snapshot(spec), "a rejected statement leaves the state unchanged");
    }

    /** The whole abstract state as text. */
    private static String snapshot(Spec spec) {
        StringBuilder s = new StringBuilder("ended=" + spec.ended() + " depth=" + spec.depth());
        for (int f = 0; f < spec.depth(); f++) {
            s.append(" | ").append(spec.layout(f).name()).append(':');
            for (int i = 0; i < spec.layout(f).words(); i++) {
                s.append(' ').append(spec.holdsRef(f, i) ? spec.ref(f, i).toString() : Long.toString(spec.scalar(f, i)));
            }
        }
        return s.append(" defers=").append(spec.defers()).toString();
    }

    // ---- rule violations, one a test ----

    @Test
    void statementAfterFinalRet() {
        violation("call main\nret\n", "call main\n", "statement after the final ret (frame 0 has returned)");
        violation("call main\nret\n", "gc\n", "statement after the final ret (frame 0 has returned)");
    }

    @Test
    void statementBeforeFirstCall() {
        violation("", "get 0\n", "statement before the first call (no frame yet)");
        violation("", "ret\n", "statement before the first call (no frame yet)");
        violation("", "gc\n", "statement before the first call (no frame yet)");
    }

    @Test
    void repeatIsNotAStackStatement() {
        violation("call main\n", "repeat 2 {\n  gc\n}\n", "a repeat is not a statement the stack runs");
    }

    @Test
    void slotOutOfRange() {
        String range = "slot 3 is out of range (main has 3 slots)";
        violation("call main\n", "set 3 1\n", range);
        violation("call main\n", "get 3\n", range);
        violation("call main\n", "addr 3 0.0\n", range);
        violation("call main\n", "store 3 1\n", range);
        violation("call main\n", "load 3\n", range);
        violation("call main\n", "defer 3 1\n", range);
    }

    @Test
    void setOfPointerSlotTakesOnlyNil() {
        violation("call main\n", "set 2 1\n", "slot 2 of main is a pointer slot: set takes only 0 (nil)");
        assertEquals(List.of(), run("call main\naddr 2 0.0\nset 2 0\n"));
    }

    @Test
    void getOfPointer() {
        violation("call main\n", "get 2\n", "slot 2 of main holds a pointer: get observes only scalars");
        violation("call main\ncall n\naddr 1 0.0\n", "get 1\n", "slot 1 of n holds a pointer: get observes only scalars");
    }

    @Test
    void addrIntoScalarSlot() {
        violation("call main\n", "addr 0 0.1\n", "slot 0 of main is not a pointer slot");
    }

    @Test
    void addrOfYoungerOrMissingFrame() {
        violation("call main\ncall g\n", "addr 0 2.0\n",
                "frame 2 is not live (frames 0..1): a pointer may point only to its own frame or an older one");
        violation("call main\n", "addr 2 7.0\n",
                "frame 7 is not live (frames 0..0): a pointer may point only to its own frame or an older one");
    }

    @Test
    void addrTargetOutOfRange() {
        violation("call main\ncall g\n", "addr 0 0.3\n", "slot 3 is out of range for frame 0 (main has 3 slots)");
    }

    @Test
    void addrTargetNotScalar() {
        violation("call main\ncall g\n", "addr 0 0.2\n", "target 0.2 is not a scalar slot");
        violation("call main\ncall g\n", "addr 0 1.1\n", "target 1.1 is not a scalar slot");
        // a nomap slot that holds a pointer is not a scalar slot
        violation("call main\ncall n\naddr 0 0.0\n", "addr 1 1.0\n", "target 1.0 is not a scalar slot");
    }

    @Test
    void addrPointingAtItself() {
        violation("call main\ncall n\n", "addr 1 1.1\n",
                "slot 1 cannot point at itself: its target must stay a scalar slot");
    }

    @Test
    void nilOrScalarPointer() {
        String nil = "slot 2 of main holds no pointer (nil or scalar)";
        violation("call main\n", "store 2 1\n", nil);
        violation("call main\n", "load 2\n", nil);
        violation("call main\n", "defer 2 1\n", nil);
        violation("call main\naddr 2 0.0\nset 2 0\n", "load 2\n", nil);
        violation("call main\n", "load 0\n", "slot 0 of main holds no pointer (nil or scalar)");
        violation("call main\ncall n\nset 0 77\n", "store 0 1\n", "slot 0 of n holds no pointer (nil or scalar)");
    }

    @Test
    void targetThatNowHoldsAPointer() {
        // n.1 points at n.0; then n.0 becomes a pointer: the target of n.1 is no longer a scalar
        String prefix = "call main\ncall n\naddr 1 1.0\naddr 0 0.0\n";
        violation(prefix, "load 1\n", "the target of slot 1 now holds a pointer, not a scalar");
        violation(prefix, "store 1 5\n", "the target of slot 1 now holds a pointer, not a scalar");
        // defer only records a target: it is legal here, and its store runs as the frame returns
        Spec spec = new Spec();
        run(spec, prefix + "defer 1 9\n");
        assertEquals(List.of(new Spec.Deferred(1, new Ref(1, 0), 9)), spec.defers());
        spec.apply(new Op.Ret());
        assertEquals(1, spec.depth());
        assertEquals(0, spec.deferCount());
    }

    // ---- semantics ----

    @Test
    void framesStartZeroedAndSetGetWork() {
        assertEquals(List.of(0L, 0L, -5L, Long.MIN_VALUE, 0L),
                run("call main\nget 0\nget 1\nset 1 -5\nget 1\ncall main\nset 0 -9223372036854775808\nget 0\nret\nget 0\n"));
    }

    @Test
    void storesThroughPointersIntoOlderFrames() {
        Spec spec = new Spec();
        List<Long> seen = run(spec, String.join("\n",
                "call main",
                "set 0 10",
                "call main",
                "addr 2 0.0",     // frame 1 -> frame 0 slot 0
                "load 2",
                "store 2 11",
                "call g",
                "addr 0 0.1",     // frame 2 -> frame 0 slot 1
                "addr 1 1.0",     // frame 2 -> frame 1 slot 0
                "store 0 12",
                "store 1 13",
                "load 0",
                "ret",
                "get 0",          // frame 1 slot 0 = 13
                "load 2",         // frame 0 slot 0 = 11
                "ret",
                "get 0",
                "get 1",
                ""));
        assertEquals(List.of(10L, 12L, 13L, 11L, 11L, 12L), seen);
        assertEquals(1, spec.depth());
    }

    @Test
    void pointerToOwnFrame() {
        assertEquals(List.of(8L, 8L), run("call main\naddr 2 0.1\nstore 2 8\nget 1\nload 2\n"));
    }

    @Test
    void touchedListsWritesBelowTheTopFrame() {
        Spec spec = new Spec();
        run(spec, "call main\ncall main\naddr 2 0.1\n");
        spec.apply(new Op.Store(2, 4));
        assertEquals(List.of(new Ref(0, 1)), spec.touched());
        spec.apply(new Op.Gc());
        assertEquals(List.of(), spec.touched(), "cleared by the next statement");
        spec.apply(new Op.Call(spec.layout(0)));
        spec.apply(new Op.Addr(2, 2, 0));
        spec.apply(new Op.Store(2, 1));
        assertEquals(List.of(), spec.touched(), "a store into the top frame is not below it");
        spec.apply(new Op.Addr(2, 1, 1));
        spec.apply(new Op.Defer(2, 5));
        spec.apply(new Op.Addr(2, 0, 0));
        spec.apply(new Op.Defer(2, 6));
        spec.apply(new Op.Ret());
        assertEquals(List.of(new Ref(0, 0), new Ref(1, 1)), spec.touched(), "deferred stores, last first");
        assertEquals(6, spec.scalar(0, 0));
        assertEquals(5, spec.scalar(1, 1));
    }

    @Test
    void defersRunLastFirstAtRet() {
        Spec spec = new Spec();
        List<Long> seen = run(spec, String.join("\n",
                "call main",
                "call main",
                "addr 2 0.0",
                "defer 2 1",
                "defer 2 2",
                "defer 2 3",     // runs first
                "addr 2 0.1",
                "defer 2 4",     // runs before 3: last made, first run
                "store 2 100",   // the deferred stores run later and win
                "get 0",
                ""));
        assertEquals(List.of(0L), seen);
        assertEquals(4, spec.deferCount());
        assertEquals(new Spec.Deferred(1, new Ref(0, 0), 1), spec.defer(0));
        assertEquals(new Spec.Deferred(1, new Ref(0, 1), 4), spec.defer(3));
        // the pointer in slot 2 changed after the defers: each record keeps the target it had
        spec.apply(new Op.Ret());
        assertEquals(0, spec.deferCount());
        assertEquals(1, spec.scalar(0, 0), "value 1 was deferred first, so it ran last");
        assertEquals(4, spec.scalar(0, 1));
    }

    @Test
    void defersBelongToTheirFrame() {
        Spec spec = new Spec();
        run(spec, String.join("\n",
                "call main",
                "call main",
                "addr 2 0.0",
                "defer 2 7",
                "call main",
                "addr 2 0.1",
                "defer 2 8",
                ""));
        spec.apply(new Op.Ret());
        assertEquals(List.of(new Spec.Deferred(1, new Ref(0, 0), 7)), spec.defers());
        assertEquals(8, spec.scalar(0, 1));
        assertEquals(0, spec.scalar(0, 0));
        spec.apply(new Op.Ret());
        assertEquals(7, spec.scalar(0, 0));
        assertTrue(spec.defers().isEmpty());
    }

    @Test
    void deferIntoTheDeferringFrameRunsBeforeThePop() {
        Spec spec = new Spec();
        run(spec, "call main\ncall main\naddr 2 1.0\ndefer 2 3\n");
        spec.apply(new Op.Ret());
        assertEquals(List.of(), spec.touched(), "the store went into the popped frame");
        assertEquals(1, spec.depth());
        assertEquals(0, spec.scalar(0, 0));
    }

    @Test
    void nomapSlotsAreTypedByWhatTheyHold() {
        Spec spec = new Spec();
        List<Long> seen = run(spec, String.join("\n",
                "call main",
                "set 1 31",
                "call n",
                "set 0 5",         // scalar
                "get 0",
                "addr 0 0.1",      // now a pointer
                "load 0",
                "store 0 32",
                "set 0 6",         // a scalar again
                "get 0",
                "addr 2 1.0",      // n.2 -> n.0, a scalar slot of a nomap frame
                "store 2 7",
                "get 0",
                ""));
        assertEquals(List.of(5L, 31L, 6L, 7L), seen);
        assertFalse(spec.holdsRef(1, 0));
        assertTrue(spec.holdsRef(1, 2));
        assertEquals(new Ref(1, 0), spec.ref(1, 2));
        assertEquals(1, spec.refFrame(1, 2));
        assertEquals(0, spec.refSlot(1, 2));
        assertNull(spec.ref(1, 1));
        assertEquals(32, spec.scalar(0, 1));
    }

    @Test
    void addrReplacesAndSetClearsReferences() {
        Spec spec = new Spec();
        run(spec, "call main\naddr 2 0.0\naddr 2 0.1\n");
        assertEquals(new Ref(0, 1), spec.ref(0, 2));
        spec.apply(new Op.Set(2, 0));
        assertFalse(spec.holdsRef(0, 2));
        assertEquals(0, spec.scalar(0, 2));
    }

    @Test
    void nothingAfterTheRetOfFrameZero() {
        Spec spec = new Spec();
        assertEquals(List.of(3L), run(spec, "call main\ncall g\nret\nset 0 3\nget 0\nret\n"));
        assertTrue(spec.ended());
        assertEquals(0, spec.depth());
        assertEquals("statement after the final ret (frame 0 has returned)", spec.whyIllegal(new Op.Ret()));
        assertThrows(RuleViolation.class, () -> spec.apply(new Op.Call(new Layout("x", 1, new int[0], false))));
    }

    @Test
    void observedOnlyByGetAndLoad() {
        Spec spec = new Spec();
        run(spec, "call main\nset 0 9\nget 0\n");
        assertTrue(spec.observed());
        assertEquals(9, spec.observation());
        spec.apply(new Op.Gc());
        assertFalse(spec.observed());
        spec.apply(new Op.Addr(2, 0, 0));
        spec.apply(new Op.Load(2));
        assertTrue(spec.observed());
        assertEquals(9, spec.observation());
        spec.apply(new Op.Store(2, 1));
        assertFalse(spec.observed());
    }

    @Test
    void aMillionFramesDeep() {
        Spec spec = new Spec();
        List<Long> seen = run(spec, "call main\nset 0 5\nrepeat 999999 {\n  call main\n}\naddr 2 0.0\nstore 2 6\n"
                + "load 2\nrepeat 999999 {\n  ret\n}\nget 0\nret\n");
        assertEquals(List.of(6L, 6L), seen);
        assertTrue(spec.ended());
    }

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

    /**
     * firstUnequal, the block compare a checker skips equal slots with: the first slot that holds a
     * reference (even one whose word reads 0, the scalar a reference slot keeps) or a scalar other than the
     * word read; past 256 slots (where it compares a block of zeros at a time) and from any offset.
     */
    @Test
    void firstUnequalStopsAtEveryReferenceAndEveryWrongScalar() {
        Spec s = new Spec();
        Program p = Parser.parse("frame w words=600 ptrs=5,520\ncall w\nset 7 9\naddr 5 0.7\naddr 520 0.7\n");
        Cursor c = p.cursor();
        while (c.hasNext()) {
            s.apply(c.next());
        }
        long[] got = new long[600];
        got[7] = 9;
        assertEquals(5, s.firstUnequal(0, 0, 600, got, 0));
        assertEquals(520, s.firstUnequal(0, 6, 600, got, 0));
        assertEquals(600, s.firstUnequal(0, 521, 600, got, 0));
        assertEquals(5, s.firstUnequal(0, 0, 5, got, 0), "to, when no slot before it needs a look");
        got[300] = 1;
        assertEquals(300, s.firstUnequal(0, 6, 600, got, 0));
        long[] tail = java.util.Arrays.copyOfRange(got, 299, 600);
        assertEquals(300, s.firstUnequal(0, 299, 600, tail, 299));
        tail[1] = 0;
        assertEquals(520, s.firstUnequal(0, 299, 600, tail, 299));
        assertEquals(7, s.firstUnequal(0, 6, 600, new long[600], 0), "slot 7 holds 9, not 0");
        // a reference at the range's first slot, and at the first slot of its second block of 256
        assertEquals(5, s.firstUnequal(0, 5, 600, got, 0), "the reference the range starts with");
        long[] seven = new long[600];
        seven[7] = 9;
        assertEquals(520, s.firstUnequal(0, 264, 600, seven, 0), "slot 520 starts the range's second block");
    }
}

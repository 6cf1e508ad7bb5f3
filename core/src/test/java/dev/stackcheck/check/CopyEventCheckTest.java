package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.BlackBoxEvent.Kind;
import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyEventCheckTest {

    static final EngineParams GO = Profile.GO1_19.params();

    /** A copy with Go's addresses: old stack [oldLo, oldLo+oldSize), new [newLo, newLo+newSize), used bytes. */
    static BlackBoxEvent copy(long oldLo, long oldSize, long newLo, long newSize, long used) {
        BlackBoxEvent.Kind kind = newSize < oldSize ? BlackBoxEvent.Kind.SHRINK : BlackBoxEvent.Kind.COPY;
        return new BlackBoxEvent(kind, oldSize, newSize, BlackBoxEvent.UNKNOWN, oldLo, oldLo + oldSize - used,
                oldLo + oldSize, newLo, newLo + newSize - used, newLo + newSize, "g", BlackBoxEvent.UNKNOWN,
                "line " + newSize);
    }

    static String one(BlackBoxEvent e, Invariant inv) {
        List<CopyEventCheck.Finding> f = CopyEventCheck.check(List.of(e), GO, false);
        assertEquals(1, f.size(), f.toString());
        assertEquals(inv, f.get(0).invariant(), f.get(0).summary());
        return f.get(0).message();
    }

    @Test
    void goodGrowthsAndShrinksPass() {
        List<BlackBoxEvent> chain = List.of(copy(0x10000, 2048, 0x20000, 4096, 1048),
                copy(0x20000, 4096, 0x40000, 16384, 3000), copy(0x40000, 16384, 0x50000, 8192, 1000),
                copy(0x50000, 8192, 0x60000, 4096, 200));
        assertTrue(CopyEventCheck.check(chain, GO, true).isEmpty());
    }

    @Test
    void growthAtLeastDoublesByPowersOfTwo() {
        assertTrue(one(copy(0, 4096, 0x10000, 4096, 100), Invariant.CPY_2).contains("growth at least doubles"));
        assertTrue(one(copy(0, 4096, 0x10000, 12288, 100), Invariant.CPY_2).contains("is not 2048 * 2^k"));
    }

    @Test
    void nothingBelowTheInitialSize() {
        String m = one(copy(0, 2048, 0x10000, 1024, 100), Invariant.CPY_3);
        assertTrue(m.contains("stack size 1024") && m.contains("smaller than the initial 2048"), m);
    }

    @Test
    void aCopyKeepsTheUsedBytes() {
        BlackBoxEvent e = copy(0x10000, 2048, 0x20000, 4096, 1000);
        BlackBoxEvent altered = new BlackBoxEvent(e.kind(), e.oldSize(), e.newSize(), e.used(), e.oldLo(), e.oldSp(),
                e.oldHi(), e.newLo(), e.newSp() - 8, e.newHi(), e.stack(), e.step(), e.origin());
        assertTrue(one(altered, Invariant.CPY_2).contains("does not keep the used bytes: old hi - sp = 1000, new hi - sp = 1008"));
    }

    @Test
    void aShrinkHalvesOnlyBelowAQuarterUsed() {
        assertTrue(one(copy(0, 16384, 0x10000, 4096, 100), Invariant.CPY_3).contains("halves exactly"));
        // 3300 + 800 slack = 4100 >= 16384 / 4
        String m = one(copy(0, 16384, 0x10000, 8192, 3300), Invariant.CPY_3);
        assertTrue(m.contains("less than a quarter (4096)") && m.contains("+ 800 slack"), m);
        assertTrue(CopyEventCheck.check(List.of(copy(0, 16384, 0x10000, 8192, 3200)), GO, false).isEmpty());
    }

    @Test
    void theUsedBytesFitInBothStacks() {
        BlackBoxEvent e = BlackBoxEvent.copy(BlackBoxEvent.Kind.COPY, 2048, 4096, 3500, "x");
        assertTrue(one(e, Invariant.CPY_2).contains("copies 3500 used bytes between stacks of 2048 and 4096"));
    }

    @Test
    void sizesMustMatchTheAddresses() {
        BlackBoxEvent e = copy(0x10000, 2048, 0x20000, 4096, 100);
        BlackBoxEvent wrong = new BlackBoxEvent(e.kind(), e.oldSize(), 8192, e.used(), e.oldLo(), e.oldSp(), e.oldHi(),
                e.newLo(), e.newSp(), e.newHi(), e.stack(), e.step(), e.origin());
        assertTrue(one(wrong, Invariant.CPY_2).contains("not its size 8192"));
    }

    @Test
    void theLimitIsCpy4() {
        EngineParams small = GO.withMaxStack(8192);
        List<CopyEventCheck.Finding> f = CopyEventCheck.check(List.of(copy(0, 8192, 0x10000, 16384, 100)), small, false);
        assertEquals(Invariant.CPY_4, f.get(0).invariant());
    }

    @Test
    void aChainStartsAtTheInitialSizeAndFollowsItself() {
        List<CopyEventCheck.Finding> f = CopyEventCheck.check(List.of(copy(0x10000, 2048, 0x20000, 4096, 100),
                copy(0x30000, 4096, 0x40000, 8192, 100)), GO, true);
        assertEquals(1, f.size());
        assertEquals(1, f.get(0).index());
        assertTrue(f.get(0).message().contains("previous one (line 4096) made [0x20000, 0x21000)"), f.get(0).message());
        assertTrue(CopyEventCheck.check(List.of(copy(0, 4096, 0x20000, 8192, 100)), GO, true).get(0).message()
                .contains("not the initial 2048"));
        assertTrue(CopyEventCheck.check(List.of(copy(0, 4096, 0x20000, 8192, 100)), GO, false).isEmpty());
    }

    @Test
    void otherEventsAreIgnored() {
        BlackBoxEvent split = BlackBoxEvent.copy(BlackBoxEvent.Kind.SPLIT, BlackBoxEvent.UNKNOWN, 8192,
                BlackBoxEvent.UNKNOWN, "x");
        assertTrue(CopyEventCheck.check(List.of(split), GO, true).isEmpty());
    }

    static final long U = BlackBoxEvent.UNKNOWN;

    static final EngineParams P = new EngineParams(8192, false, 2048, 0, 65536, 0);

    static BlackBoxEvent ev(Kind k, long oldSize, long newSize, long used, long oldLo, long oldSp, long oldHi,
                            long newLo, long newSp, long newHi) {
        return new BlackBoxEvent(k, oldSize, newSize, used, oldLo, oldSp, oldHi, newLo, newSp, newHi, "g", U, "e");
    }

    static BlackBoxEvent sizes(Kind k, long oldSize, long newSize, long used) {
        return ev(k, oldSize, newSize, used, U, U, U, U, U, U);
    }

    /** every finding as "ID index: message" */
    static String check(EngineParams p, boolean chained, BlackBoxEvent... events) {
        StringBuilder s = new StringBuilder();
        for (CopyEventCheck.Finding f : CopyEventCheck.check(List.of(events), p, chained)) {
            s.append(f.invariant().id()).append(' ').append(f.index()).append(": ").append(f.message()).append('\n');
        }
        return s.toString();
    }

    static String one(BlackBoxEvent e) {
        return check(P, false, e);
    }

    @Test
    void segmentEventsAmongCopiesAreIgnored() {
        assertEquals("", check(P, true, sizes(Kind.SPLIT, 1, 3, U), sizes(Kind.ALLOC, 1, 3, U),
                sizes(Kind.COPY, 2048, 4096, 100)));
    }

    @Test
    void sizesComeFromTheBoundsWhenNotReported() {
        assertEquals("", one(ev(Kind.COPY, U, U, U, 0x10000, 0x10700, 0x10800, 0x20000, 0x20f00, 0x21000)));
        assertEquals("CPY-2 0: a growth copy must report its old and new sizes\n", one(sizes(Kind.COPY, U, 4096, 1)));
        assertEquals("CPY-3 0: a shrink must report its old and new sizes\n", one(sizes(Kind.SHRINK, 4096, U, 1)));
        assertEquals("CPY-2 0: a growth copy must report its old and new sizes\n",
                one(ev(Kind.COPY, U, 4096, U, 0x10000, U, U, U, U, U)));
        assertEquals("CPY-2 0: a growth copy must report its old and new sizes\n",
                one(ev(Kind.COPY, 2048, U, U, U, U, U, 0x10000, U, U)));
    }

    @Test
    void theBoundsMustHoldTheSizes() {
        assertEquals("CPY-2 0: the old stack [0x10000, 0x11000) holds 4096 bytes, not the 2048 reported\n",
                one(ev(Kind.COPY, 2048, 4096, U, 0x10000, U, 0x11000, U, U, U)));
        assertEquals("CPY-2 0: the new stack [0x20000, 0x20800) holds 2048 bytes, not its size 4096\n",
                one(ev(Kind.COPY, 2048, 4096, U, U, U, U, 0x20000, U, 0x20800)));
    }

    @Test
    void sizesAreTheInitialSizeTimesAPowerOfTwo() {
        assertEquals("CPY-2 0: stack size 6144 is not 2048 * 2^k\n", one(sizes(Kind.COPY, 2048, 6144, 1)));
        assertEquals("CPY-2 0: stack size 1024 is not 2048 * 2^k (nothing is smaller than the initial 2048)\n",
                one(sizes(Kind.COPY, 1024, 4096, 1)));
        assertEquals("CPY-2 0: stack size 2048 is not 0 * 2^k\n",
                check(P.withInitialStack(0), false, sizes(Kind.COPY, 2048, 4096, 1)));
        assertEquals("", check(P.withInitialStack(1536), false, sizes(Kind.COPY, 1536, 3072, 1)));
    }

    @Test
    void theUsedBytes() {
        assertEquals("CPY-2 0: the growth copy reports 99 used bytes, but old hi - sp = 100\n",
                one(ev(Kind.COPY, 2048, 4096, 99, 0x10000, 0x1079c, 0x10800, 0x20000, 0x20f9c, 0x21000)));
        assertEquals("CPY-2 0: the old stack pointer 0xfff8 lies outside the old stack [0x10000, 0x10800)\n",
                one(ev(Kind.COPY, 2048, 4096, U, 0x10000, 0xfff8, 0x10800, 0x20000, 0x207f8, 0x21000)));
        assertEquals("CPY-2 0: the old stack pointer 0x10808 lies outside the old stack [0x10000, 0x10800)\n",
                one(ev(Kind.COPY, 2048, 4096, U, 0x10000, 0x10808, 0x10800, 0x20000, 0x21008, 0x21000)));
        assertEquals("", one(ev(Kind.COPY, 2048, 4096, U, 0x10000, 0x10000, 0x10800, 0x20000, 0x20800, 0x21000)));
        assertEquals("", one(ev(Kind.COPY, 2048, 4096, U, 0x10000, 0x10800, 0x10800, 0x20000, 0x21000, 0x21000)));
        assertEquals("", one(ev(Kind.COPY, 2048, 4096, U, U, 0x10700, 0x10800, 0x20000, 0x20f00, 0x21000)));
        assertEquals("CPY-2 0: the growth copy copies -5 used bytes between stacks of 2048 and 4096\n",
                one(sizes(Kind.COPY, 2048, 4096, -5)));
        assertEquals("CPY-2 0: the growth copy copies 2049 used bytes between stacks of 2048 and 4096\n",
                one(sizes(Kind.COPY, 2048, 4096, 2049)));
        assertEquals("", one(sizes(Kind.COPY, 2048, 4096, 2048)));
        assertEquals("", one(sizes(Kind.COPY, 2048, 4096, 0)));
    }

    @Test
    void growthAndShrinkSizes() {
        assertEquals("", one(sizes(Kind.COPY, 2048, 4096, 10)));
        assertEquals("CPY-2 0: growth from 4096 to 2048 bytes: growth at least doubles\n",
                one(sizes(Kind.COPY, 4096, 2048, 10)));
        assertEquals("CPY-3 0: shrink from 8192 to 2048 bytes: a shrink halves exactly\n",
                one(sizes(Kind.SHRINK, 8192, 2048, 10)));
        assertEquals("CPY-3 0: shrink from 4096 bytes with 1024 used: a stack shrinks only when less than a quarter"
                + " (1024) is used\n", one(sizes(Kind.SHRINK, 4096, 2048, 1024)));
        assertEquals("", one(sizes(Kind.SHRINK, 4096, 2048, 1023)));
        assertEquals("CPY-3 0: shrink from 4096 bytes with 1000 used (+ 64 slack = 1064): a stack shrinks only when"
                + " less than a quarter (1024) is used\n", check(P.withShrinkSlack(64), false,
                sizes(Kind.SHRINK, 4096, 2048, 1000)));
        assertEquals("", one(sizes(Kind.SHRINK, 4096, 2048, U)));
    }

    @Test
    void theLimit() {
        assertEquals("", one(sizes(Kind.COPY, 32768, 65536, 10)));
        assertEquals("CPY-4 0: the stack grew to 131072 bytes, past the limit of 65536\n",
                one(sizes(Kind.COPY, 65536, 131072, 10)));
        assertEquals("CPY-4 0: the stack grew to 131072 bytes, past the limit of 65536\n",
                one(ev(Kind.COPY, 65536, U, U, U, U, U, 0x100000, U, 0x120000)));
        // a copy that breaks the policy is reported for that, even past the limit
        assertEquals("CPY-2 0: stack size 196608 is not 2048 * 2^k\n", one(sizes(Kind.COPY, 65536, 196608, 10)));
    }

    @Test
    void chains() {
        assertEquals("CPY-2 0: the first copy starts from a stack of 4096 bytes, not the initial 2048\n",
                check(P, true, sizes(Kind.COPY, 4096, 8192, 10)));
        assertEquals("", check(P, false, sizes(Kind.COPY, 4096, 8192, 10)));
        assertEquals("CPY-2 1: this copy starts from a stack of 8192 bytes, but the previous one (e) made one of 4096\n",
                check(P, true, sizes(Kind.COPY, 2048, 4096, 10), sizes(Kind.COPY, 8192, 16384, 10)));
        assertEquals("CPY-2 1: the first copy starts from a stack of 8192 bytes, not the initial 2048\n",
                check(P, true, sizes(Kind.COPY, 2048, 4096, 10), sizes(Kind.COPY, 8192, 16384, 10).withStack("h")));
        BlackBoxEvent first = ev(Kind.COPY, U, U, U, 0x10000, 0x107f0, 0x10800, 0x20000, 0x20ff0, 0x21000);
        BlackBoxEvent next = ev(Kind.COPY, U, U, U, 0x30000, 0x30ff0, 0x31000, 0x40000, 0x41ff0, 0x42000);
        assertEquals("CPY-2 1: this copy starts from [0x30000, 0x31000), but the previous one (e) made"
                + " [0x20000, 0x21000)\n", check(P, true, first, next));
        BlackBoxEvent right = ev(Kind.COPY, U, U, U, 0x20000, 0x20ff0, 0x21000, 0x40000, 0x41ff0, 0x42000);
        assertEquals("", check(P, true, first, right));
        assertEquals("", check(P, true, sizes(Kind.COPY, 2048, 4096, 10), ev(Kind.COPY, U, U, U, 0x20000, 0x20ff0,
                0x21000, 0x40000, 0x41ff0, 0x42000)));
        assertEquals("", check(P, true, first, sizes(Kind.COPY, 4096, 8192, 10)));
    }

    /** the used-bytes rules apply only to what the event reports */
    @Test
    void onlyTheReportedBoundsAreChecked() {
        // only the new stack's hi and sp (or only the old one's): nothing to compare the used bytes with
        assertEquals("", one(ev(Kind.COPY, 2048, 4096, U, U, U, U, 0x20000, 0x20f9c, 0x21000)));
        assertEquals("", one(ev(Kind.COPY, 2048, 4096, U, 0x10000, 0x1079c, 0x10800, U, U, U)));
        // both stack pointers but no used bytes
        assertEquals("", one(ev(Kind.COPY, 2048, 4096, U, 0x10000, 0x1079c, 0x10800, 0x20000, 0x20f9c, 0x21000)));
        // an old sp above hi with lo unknown: the used bytes it implies are negative
        assertEquals("CPY-2 0: the growth copy copies -8 used bytes between stacks of 2048 and 4096\n",
                one(ev(Kind.COPY, 2048, 4096, U, U, 0x10808, 0x10800, 0x20000, 0x21008, 0x21000)));
        // a shrink that does not say how much it used is not held to the quarter, whatever the slack
        assertEquals("", check(P.withShrinkSlack(2000), false, sizes(Kind.SHRINK, 4096, 2048, U)));
        assertEquals("CPY-3 0: shrink from 4096 bytes with 0 used (+ 2000 slack = 2000): a stack shrinks only when"
                + " less than a quarter (1024) is used\n", check(P.withShrinkSlack(2000), false, sizes(Kind.SHRINK, 4096, 2048, 0)));
    }

    @Test
    void consistentUsedBytesPass() {
        assertEquals("", one(ev(Kind.COPY, 2048, 4096, 100, 0x10000, 0x1079c, 0x10800, 0x20000, 0x20f9c, 0x21000)));
    }

    @Test
    void anEmptyStackIsNoSize() {
        assertEquals("CPY-2 0: stack size 0 is not 2048 * 2^k (nothing is smaller than the initial 2048)\n",
                one(sizes(Kind.COPY, 0, 4096, 0)));
    }

    @Test
    void aSizeBetweenPowersOfTwo() {
        assertEquals("CPY-2 0: stack size 3072 is not 2048 * 2^k\n", one(sizes(Kind.COPY, 2048, 3072, 1)));
        assertEquals("CPY-2 0: stack size 2048 is not -2048 * 2^k\n",
                check(P.withInitialStack(-2048), false, sizes(Kind.COPY, 2048, 4096, 1)));
    }

    @Test
    void aFindingSummarizes() {
        CopyEventCheck.Finding f = CopyEventCheck.check(List.of(sizes(Kind.COPY, 4096, 2048, 10)), P, false).get(0);
        assertEquals("CPY-2 e: growth from 4096 to 2048 bytes: growth at least doubles", f.summary());
    }
}

package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}

package dev.stackcheck.engine;

import static dev.stackcheck.engine.Fixture.frame;
import static dev.stackcheck.engine.Fixture.nomap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.memory.MemoryFault;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The reference engines at their edges: lifecycle errors, exact boundaries of their size rules, what they report. */
class EngineEdgesTest {

    static final EngineParams SMALL = new EngineParams(256, false, 256, 0, 1_000_000_000L, 0);
    static final Layout MAIN = frame("main", 3);
    static final Layout F = frame("f", 3, 1);

    static void fails(String message, Executable e) {
        IllegalStateException x = assertThrows(IllegalStateException.class, e);
        assertEquals(message, x.getMessage());
    }

    /** every statement, on an engine that cannot run it */
    static void everyStatementFails(StackEngine e, String message) {
        List<Consumer<StackEngine>> statements = List.of(s -> s.call(MAIN), StackEngine::ret, s -> s.set(0, 1),
                s -> s.get(0), s -> s.addr(1, 0, 0), s -> s.store(1, 1), s -> s.load(1), s -> s.defer(1, 1),
                StackEngine::gc);
        for (Consumer<StackEngine> s : statements) {
            fails(message, () -> s.accept(e));
        }
    }

    @Test
    void statementsBeforeStartAfterTheEndAndAfterAnOverflow() {
        everyStatementFails(new CopyingEngine(SMALL), "copying: statement before start");
        CopyingEngine ended = new CopyingEngine(SMALL);
        ended.start(new AddressSpace(), null);
        ended.call(MAIN);
        ended.ret();
        everyStatementFails(ended, "copying: statement after the final ret");
        CopyingEngine over = new CopyingEngine(SMALL.withMaxStack(256));
        over.start(new AddressSpace(), null);
        over.call(MAIN);
        assertThrows(StackOverflow.class, () -> over.call(frame("big", 40)));
        everyStatementFails(over, "copying: the stack overflowed; no further statements");
        SegmentedEngine twice = new SegmentedEngine(SMALL);
        twice.start(new AddressSpace(), null);
        fails("segmented: start called twice", () -> twice.start(new AddressSpace(), null));
        fails("segmented: no live frame", twice::gc);
    }

    @Test
    void aNewEngineAlreadyUsesItsRecord() {
        Fixture s = new Fixture(new SegmentedEngine(SMALL));
        assertEquals(StackSegment.RECORD_BYTES, s.engine.stats().peakUsed());
        assertEquals(StackSegment.RECORD_BYTES, ((AbstractEngine) s.engine).usedBytes());
        s.engine.call(MAIN);
        s.engine.call(F);
        assertEquals(StackSegment.RECORD_BYTES + 64, ((AbstractEngine) s.engine).usedBytes());
        s.engine.ret();
        assertEquals(StackSegment.RECORD_BYTES + 32, ((AbstractEngine) s.engine).usedBytes());
        assertEquals(StackSegment.RECORD_BYTES + 64, s.engine.stats().peakUsed());
        Fixture c = new Fixture(new CopyingEngine(SMALL));
        assertEquals(0, c.engine.stats().peakUsed());
    }

    @Test
    void aPointerToTheLowestWordOfTheOldStackIsAdjusted() {
        // eight 32-byte frames fill the 256-byte stack exactly: frame 7 sits at lo
        Fixture c = new Fixture(new CopyingEngine(SMALL));
        c.engine.call(MAIN);
        for (int i = 0; i < 7; i++) {
            c.engine.call(frame("g", 3, 1));
        }
        Region old = c.view.segments().get(0).region();
        assertEquals(old.lo(), c.view.frameAddress(7));
        c.engine.addr(1, 7, 0);
        c.engine.call(F);
        assertEquals(c.view.slotAddress(7, 0), c.slot(7, 1));
    }

    @Test
    void segmentSizes() {
        assertEquals(24, new SegmentedEngine(SMALL.withSegmentSize(24)).params().segmentSize());
        assertThrows(IllegalArgumentException.class, () -> new SegmentedEngine(SMALL.withSegmentSize(16)));
        assertThrows(IllegalArgumentException.class, () -> new SegmentedEngine(SMALL.withSegmentSize(260)));
    }

    /** a 232-byte frame needs exactly a 256-byte segment with its record: a normal split, not a big frame */
    @Test
    void aFrameThatExactlyFillsASegmentIsNotBig() {
        Fixture s = new Fixture(new SegmentedEngine(SMALL.withSegmentCache(true)));
        Layout exact = frame("exact", 28);
        s.engine.call(MAIN);
        s.engine.call(exact);
        EngineEvent.Split first = s.events(EngineEvent.Split.class).get(0);
        assertFalse(first.bigFrame());
        assertFalse(first.reused());
        s.engine.ret();
        s.clearEvents();
        s.engine.call(exact);
        EngineEvent.Split again = s.events(EngineEvent.Split.class).get(0);
        assertTrue(again.reused(), "the cached 256-byte segment holds the 256 bytes needed");
        assertEquals(first.segment(), again.segment());
    }

    @Test
    void aFirstFrameThatNeedsExactlyTheLimit() {
        // frame 0 of 488 bytes needs a 512-byte base segment; a 512-byte limit allows it
        Fixture s = new Fixture(new SegmentedEngine(SMALL.withMaxStack(512)));
        s.engine.call(frame("wide", 60));
        assertEquals(512, s.view.segments().get(0).region().size());
        Fixture t = new Fixture(new SegmentedEngine(SMALL.withMaxStack(504)));
        assertThrows(StackOverflow.class, () -> t.engine.call(frame("wide", 60)));
    }

    @Test
    void lessstackNamesTheSegmentWhoseRecordIsBroken() {
        Fixture s = new Fixture(new SegmentedEngine(SMALL));
        s.engine.call(MAIN);
        for (int i = 0; i < 7; i++) {
            s.engine.call(F);
        }
        StackView.StackSegment top = s.view.segments().get(1);
        s.memory.write(top.record() + 16, 0x1234);
        MemoryFault f = assertThrows(MemoryFault.class, s.engine::ret);
        assertEquals("lessstack: the record of segment #1 [0x12000, 0x12100) returns to 0x1234, which is not the"
                + " caller's code", f.getMessage());
        Fixture t = new Fixture(new SegmentedEngine(SMALL));
        t.engine.call(MAIN);
        for (int i = 0; i < 7; i++) {
            t.engine.call(F);
        }
        t.memory.write(t.view.segments().get(1).record(), 0x7000_0000L);
        MemoryFault g = assertThrows(MemoryFault.class, t.engine::ret);
        assertEquals(MemoryFault.Kind.UNMAPPED, g.kind());
    }

    @Test
    void theFallbackNamesTheYoungestNomapFrame() {
        Fixture h = new Fixture(new HybridEngine(SMALL));
        h.engine.call(MAIN);
        h.engine.call(F);
        h.engine.call(nomap("c", 3));
        for (int i = 0; i < 5; i++) {
            h.engine.call(F);
        }
        assertEquals(List.of(new EngineEvent.HybridFallback(2)), h.events(EngineEvent.HybridFallback.class));
    }

    @Test
    void popDeferRemovesTheNewestRecord() {
        CopyingEngine e = new CopyingEngine(SMALL) {
            @Override
            protected void runDefers(int frame) {
                popDefer();
            }
        };
        Fixture c = new Fixture(e);
        e.call(MAIN);
        e.call(F);
        e.addr(1, 0, 0);
        e.defer(1, 5);
        e.defer(1, 6);
        assertEquals(2, c.view.deferCount());
        e.ret();
        assertEquals(1, c.view.deferCount());
        assertEquals(5, c.view.defer(0).value());
        assertEquals(0, c.slot(0, 0), "popDefer does not run the store");
    }

    @Test
    void aStackGrowsToTheSizeWhereTheFrameFitsExactly() {
        // 32 bytes used of 256; a 480-byte frame fits a 512-byte stack exactly (512 - 32 = 480)
        Fixture c = new Fixture(new CopyingEngine(SMALL));
        c.engine.call(MAIN);
        c.engine.call(frame("wide", 59));
        assertEquals(512, c.view.segments().get(0).region().size());
        Fixture h = new Fixture(new HybridEngine(SMALL));
        h.engine.call(MAIN);
        h.engine.call(frame("wide", 56));
        // 24 + 32 bytes used of the 256-byte base; 456 bytes fit a 512-byte segment exactly
        assertEquals(512, h.view.segments().get(0).region().size());
    }

    @Test
    void anOverflowNamesTheFirstSizePastTheLimit() {
        CopyingEngine c = new CopyingEngine(SMALL.withMaxStack(1024));
        c.start(new AddressSpace(), null);
        c.call(MAIN);
        StackOverflow so = assertThrows(StackOverflow.class, () -> c.call(frame("huge", 1250)));
        assertEquals(2048, so.needed());
        assertEquals(1024, so.limit());
        HybridEngine h = new HybridEngine(SMALL.withMaxStack(1024));
        h.start(new AddressSpace(), null);
        h.call(MAIN);
        StackOverflow hs = assertThrows(StackOverflow.class, () -> h.call(frame("huge", 1250)));
        assertEquals(2048, hs.needed());
    }

    @Test
    void theShrinkSlackKeepsAHybridSegment() {
        // the base segment grows to 512; with 32 + 24 + 64 bytes used and 64 bytes of slack it stays at gc
        Fixture h = new Fixture(new HybridEngine(SMALL.withShrinkSlack(64)));
        h.engine.call(MAIN);
        h.engine.call(frame("wide", 56));
        h.engine.ret();
        h.engine.call(frame("g", 7));
        h.engine.gc();
        assertEquals(512, h.view.segments().get(0).region().size());
        assertTrue(h.events(EngineEvent.Copy.class).stream().allMatch(EngineEvent.Copy::grow));
    }

    @Test
    void returnedSegmentsNoLongerCountTowardsTheLimit() {
        // two 256-byte segments fit a 512-byte limit, split after split
        Fixture s = new Fixture(new SegmentedEngine(SMALL.withMaxStack(512)));
        s.engine.call(MAIN);
        for (int i = 0; i < 6; i++) {
            s.engine.call(F);
        }
        for (int k = 0; k < 5; k++) {
            s.engine.call(F);
            s.engine.ret();
        }
        assertEquals(5, s.events(EngineEvent.Split.class).size());
    }
}

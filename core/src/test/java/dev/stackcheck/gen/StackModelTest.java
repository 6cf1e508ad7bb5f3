package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stackcheck.engine.EngineParams;
import org.junit.jupiter.api.Test;

/**
 * The generator's stack model, statement by statement: the room left in the current segment (a 24-byte
 * record at its top and the guard kept free) and in the copying stack (the guard kept free), the copying
 * stack's doublings on a call and its halving at a gc when less than a quarter is used, down to the initial
 * size. The generator aims its exact fits and quarter gcs with these numbers, so each is pinned to the byte.
 */
class StackModelTest {

    /** 128-byte segments (104 for frames), a 64-byte initial stack, an 8-byte guard, no shrink slack */
    static final EngineParams SMALL = new EngineParams(128, false, 64, 8, 1_000_000_000L, 0);

    private static void rooms(StackModel m, long segmentRoom, long stackRoom, long size, long used) {
        assertEquals(segmentRoom, m.segmentRoom(), "segment room");
        assertEquals(stackRoom, m.stackRoom(), "stack room");
        assertEquals(size, m.size(), "stack size");
        assertEquals(used, m.used(), "bytes used");
    }

    @Test
    void callsFillSegmentsAndGrowTheStackReturnsAndGcsGiveItBack() {
        StackModel m = new StackModel(SMALL);
        assertEquals(104, m.segmentCapacity());
        rooms(m, 128 - 24 - 8, 64 - 8, 64, 0);
        m.call(40);
        rooms(m, 104 - 40 - 8, 64 - 40 - 8, 64, 40);
        m.call(56); // fits the segment exactly; the stack doubles once (40 + 56 + 8 > 64)
        rooms(m, 0, 128 - 96 - 8, 128, 96);
        m.call(8); // misses the full segment: a new one
        rooms(m, 104 - 8 - 8, 128 - 104 - 8, 128, 104);
        m.call(200); // bigger than a segment: one of its own, frame and guard; the stack doubles twice
        rooms(m, 0, 512 - 304 - 8, 512, 304);
        assertEquals(4, m.depth());
        assertEquals(0, m.usedAt(0));
        assertEquals(40, m.usedAt(1));
        assertEquals(96, m.usedAt(2));
        assertEquals(304, m.usedAt(4));
        m.ret();
        rooms(m, 88, 512 - 104 - 8, 512, 104);
        m.gc(); // 104 < 512 / 4
        rooms(m, 88, 256 - 104 - 8, 256, 104);
        m.gc(); // 104 >= 256 / 4
        assertEquals(256, m.size());
        m.ret();
        rooms(m, 0, 256 - 96 - 8, 256, 96);
        m.ret();
        rooms(m, 56, 256 - 40 - 8, 256, 40);
        m.gc();
        m.gc();
        assertEquals(128, m.size(), "40 < 64, then 40 >= 32");
        m.ret();
        rooms(m, 96, 128 - 8, 128, 0);
        assertEquals(0, m.depth());
        m.gc();
        m.gc();
        assertEquals(64, m.size(), "never below the initial stack");
    }

    @Test
    void aGcShrinksOnlyBelowAQuarterCountingTheSlack() {
        for (long slack : new long[] {0, 8}) {
            StackModel m = new StackModel(new EngineParams(128, false, 64, 0, 1_000_000_000L, slack));
            m.call(32);
            m.call(64);
            assertEquals(128, m.size());
            m.ret();
            m.gc(); // used 32: exactly a quarter, no shrink
            assertEquals(128, m.size());
            m.ret();
            m.call(24);
            m.call(104); // 24 + 104 = 128: fits the grown stack exactly
            assertEquals(128, m.size());
            m.ret();
            m.gc(); // used 24: 24 < 32 shrinks, 24 + 8 < 32 does not
            assertEquals(slack == 0 ? 64 : 128, m.size(), "slack " + slack);
        }
    }

    /** The copying stack grows only when a frame and the guard do not fit: an exact fit keeps its size. */
    @Test
    void anExactFitDoesNotGrowTheStack() {
        for (long guard : new long[] {0, 16}) {
            StackModel m = new StackModel(new EngineParams(128, false, 64, guard, 1_000_000_000L, 0));
            m.call(64 - guard);
            assertEquals(64, m.size(), "guard " + guard);
            assertEquals(0, m.stackRoom());
            m.call(8);
            assertEquals(128, m.size(), "one word more doubles it");
            m.ret();
            m.ret();
            m.call(128 - guard);
            assertEquals(128, m.size(), "fits the doubled stack exactly");
            m.call(128);
            assertEquals(256, m.size(), "doubled to fit, exactly with the guard");
            m.call(256 + 8);
            assertEquals(1024, m.size(), "doubled twice");
        }
        assertEquals(8, new StackModel(new EngineParams(128, false, 0, 0, 1_000_000_000L, 0)).size(),
                "a stack of no bytes grows from a word");
    }

    @Test
    void manyFramesAndSegmentsAreTracked() {
        StackModel m = new StackModel(SMALL);
        for (int i = 0; i < 100; i++) {
            m.call(100); // 100 > the 96 bytes left in a fresh segment with the guard: a segment each
            assertEquals(i + 1, m.depth());
            assertEquals(0, m.segmentRoom(), "a segment of its own, frame and guard");
        }
        assertEquals(10_000, m.used());
        assertEquals(16_384, m.size());
        for (int i = 99; i >= 1; i--) {
            m.ret();
            assertEquals(0, m.segmentRoom());
            assertEquals(100L * i, m.usedAt(i));
        }
        m.ret();
        assertEquals(96, m.segmentRoom());
    }
}

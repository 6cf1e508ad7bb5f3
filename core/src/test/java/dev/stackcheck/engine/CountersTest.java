package dev.stackcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.stackcheck.memory.Region;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each event counts as: the one mapping the statistics, STAT-1 and the coverage all read. */
class CountersTest {

    private static final Region R = new Region(1, 0x1000, 0x2000, "stack");
    private static final Region S = new Region(2, 0x4000, 0x6000, "stack");

    @Test
    void eachEventCountsWhatItSays() {
        Counters c = new Counters();
        c.count(new EngineEvent.Split(R, 3, true, true));
        c.count(new EngineEvent.Split(R, 4, false, false));
        c.count(new EngineEvent.Lessstack(R, true));
        c.count(new EngineEvent.Alloc(R));
        c.count(new EngineEvent.Free(R));
        c.count(new EngineEvent.Free(S));
        c.count(new EngineEvent.Copy(R, S, 96, 5, true));
        c.count(new EngineEvent.Copy(S, R, 40, 2, false));
        c.count(new EngineEvent.HybridFallback(1));
        c.count(new EngineEvent.Overflow(100, 200));
        c.add(Counter.DEFER_ADJUSTED, 4);
        Map<Counter, Long> want = new EnumMap<>(Counter.class);
        want.put(Counter.SPLIT, 2L);
        want.put(Counter.CACHE_HIT, 1L);
        want.put(Counter.BIG_FRAME, 1L);
        want.put(Counter.LESSSTACK, 1L);
        want.put(Counter.ALLOC, 1L);
        want.put(Counter.FREE, 2L);
        want.put(Counter.GROW, 1L);
        want.put(Counter.SHRINK, 1L);
        want.put(Counter.BYTES_COPIED, 136L);
        want.put(Counter.POINTERS_ADJUSTED, 7L);
        want.put(Counter.HYBRID_FALLBACK, 1L);
        want.put(Counter.OVERFLOW, 1L);
        want.put(Counter.DEFER_ADJUSTED, 4L);
        for (Counter k : Counter.values()) {
            assertEquals(want.getOrDefault(k, 0L), c.get(k), k.key());
        }
        Counters copy = c.copy();
        assertEquals(c, copy);
        assertEquals(c.hashCode(), copy.hashCode());
        copy.countCopy(new EngineEvent.Copy(R, S, 96, 5, true), 8);
        assertEquals(c.get(Counter.BYTES_COPIED) + 8, copy.get(Counter.BYTES_COPIED), "countCopy counts the bytes given");
        assertEquals(c.get(Counter.GROW) + 1, copy.get(Counter.GROW));
        assertNotEquals(c, copy);
        c.copyFrom(copy);
        assertEquals(copy, c);
        assertNotEquals(c, "c");
    }
}

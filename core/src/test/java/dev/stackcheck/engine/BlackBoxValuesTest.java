package dev.stackcheck.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Program;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a black-box engine reports, as values; and that it runs whole programs only. */
class BlackBoxValuesTest {

    static final long U = BlackBoxEvent.UNKNOWN;

    @Test
    void events() {
        for (BlackBoxEvent.Kind k : BlackBoxEvent.Kind.values()) {
            assertEquals(k, BlackBoxEvent.Kind.byProtocolName(k.protocolName()));
        }
        assertEquals("copy", BlackBoxEvent.Kind.COPY.protocolName());
        assertNull(BlackBoxEvent.Kind.byProtocolName("grow"));
        BlackBoxEvent bare = new BlackBoxEvent(BlackBoxEvent.Kind.COPY, 1, 2, U, U, U, U, U, U, U, null, U, null);
        assertEquals("", bare.stack());
        assertEquals("", bare.origin());
        assertEquals(U, bare.usedBytes());
        assertEquals(40, new BlackBoxEvent(BlackBoxEvent.Kind.COPY, 1, 2, U, U, 0x10, 0x38, U, U, U, "", U, "")
                .usedBytes());
        assertEquals(U, new BlackBoxEvent(BlackBoxEvent.Kind.COPY, 1, 2, U, U, U, 0x38, U, U, U, "", U, "").usedBytes());
        assertEquals(U, new BlackBoxEvent(BlackBoxEvent.Kind.COPY, 1, 2, U, U, 0x10, U, U, U, U, "", U, "").usedBytes());
        assertEquals(7, new BlackBoxEvent(BlackBoxEvent.Kind.COPY, 1, 2, 7, U, 0x10, 0x38, U, U, U, "", U, "")
                .usedBytes());
        BlackBoxEvent e = BlackBoxEvent.copy(BlackBoxEvent.Kind.SHRINK, 4, 2, 1, "o").withStack("g2");
        assertEquals(new BlackBoxEvent(BlackBoxEvent.Kind.SHRINK, 4, 2, 1, U, U, U, U, U, U, "g2", U, "o"), e);
        assertEquals(false, BlackBoxEvent.known(U));
        assertEquals(true, BlackBoxEvent.known(0));
    }

    @Test
    void runs() {
        long[] obs = {1, 2};
        BlackBoxRun r = new BlackBoxRun(BlackBoxRun.Outcome.COMPLETED, null, obs, List.of(), Map.of("calls", 1L), null);
        obs[0] = 9;
        assertEquals(1, r.observation(0));
        assertEquals(2, r.observationCount());
        long[] got = r.observations();
        got[1] = 9;
        assertArrayEquals(new long[] {1, 2}, r.observations());
        assertEquals("", r.message());
        assertEquals("", r.stderr());
        assertEquals("BlackBoxRun[COMPLETED, 2 observations, 0 events, stats={calls=1}]", r.toString());
        BlackBoxRun f = BlackBoxRun.failed("boom", new long[0], List.of(), "err");
        assertEquals(BlackBoxRun.Outcome.FAILED, f.outcome());
        assertEquals(Map.of(), f.stats());
        assertEquals("BlackBoxRun[FAILED: boom, 0 observations, 0 events, stats={}]", f.toString());
        assertEquals("err", f.stderr());
    }

    @Test
    void aBlackBoxRunsWholeProgramsOnly() {
        BlackBoxEngine e = new BlackBoxEngine() {
            @Override
            public BlackBoxRun runWhole(Program program) {
                return BlackBoxRun.failed("no", new long[0], List.of(), "");
            }

            @Override
            public String name() {
                return "box";
            }

            @Override
            public EngineParams params() {
                return EngineParams.DEFAULT;
            }
        };
        assertEquals(StackKind.OTHER, e.kind());
        Layout l = new Layout("m", 1, new int[0], false);
        List<org.junit.jupiter.api.function.Executable> calls = List.of(() -> e.start(new AddressSpace(), null),
                () -> e.call(l), e::ret, () -> e.set(0, 1), () -> e.get(0), () -> e.addr(0, 0, 0), () -> e.store(0, 1),
                () -> e.load(0), () -> e.defer(0, 1), e::gc, e::view, e::stats);
        for (org.junit.jupiter.api.function.Executable c : calls) {
            assertEquals("box runs whole programs only (BlackBoxEngine.runWhole)",
                    assertThrows(UnsupportedOperationException.class, c).getMessage());
        }
    }
}

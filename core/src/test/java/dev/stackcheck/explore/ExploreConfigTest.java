package dev.stackcheck.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What explore may be asked: the alphabet it builds from layouts and values, and the bounds it accepts. */
class ExploreConfigTest {

    private static final List<EngineSetup> REFERENCE = ExploreConfig.engines(Engines.providers());

    private static void refused(String message, org.junit.jupiter.api.function.Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    /** Every statement of an alphabet in number order. */
    private static List<String> statements(Alphabet a) {
        List<String> out = new ArrayList<>();
        for (int id = 0; id < a.size(); id++) {
            out.add(dev.stackcheck.program.Printer.statement(a.op(id)));
        }
        return out;
    }

    @Test
    void theAlphabetNumbersEveryStatementInAFixedOrder() {
        Layout a = new Layout("a", 2, new int[] {1}, false);
        Layout b = new Layout("b", 1, new int[0], true);
        Alphabet alphabet = new Alphabet(List.of(a, b), new long[] {0, 5}, 2);
        assertEquals(List.of("call a", "call b", "ret", "gc",
                "set 0 0", "set 0 5", "get 0", "addr 0 0.0", "addr 0 0.1", "addr 0 1.0", "addr 0 1.1",
                "store 0 0", "store 0 5", "load 0", "defer 0 0", "defer 0 5",
                "set 1 0", "set 1 5", "get 1", "addr 1 0.0", "addr 1 0.1", "addr 1 1.0", "addr 1 1.1",
                "store 1 0", "store 1 5", "load 1", "defer 1 0", "defer 1 5"), statements(alphabet));
        assertEquals(alphabet.size(), alphabet.maxLegal());
        assertEquals(2, alphabet.maxFrames());
        assertEquals(List.of(a, b), alphabet.layouts());
        assertEquals(1, alphabet.layoutIndex(new Layout("b", 1, new int[0], true)), "an equal layout");
        assertEquals(-1, alphabet.layoutIndex(new Layout("c", 1, new int[0], false)));
        long[] values = alphabet.values();
        values[0] = 9;
        assertArrayEquals(new long[] {0, 5}, alphabet.values(), "the alphabet keeps its own values");
        // the standard alphabet: 5 layouts, ret, gc, and per slot of the widest layout (7 words) 2 sets, a get,
        // 7 * frames addrs, 2 stores, a load and 2 defers
        assertEquals(7 + 7 * (8 + 7 * 4), ExploreConfig.standardAlphabet(4).size());
        assertEquals(1, ExploreConfig.standardAlphabet(0).maxFrames(), "at least one frame");
    }

    @Test
    void legalStatementsKeepingTheStateComeFirstThenTheRestInNumberOrder() {
        Layout p = new Layout("p", 2, new int[] {0}, false);
        Alphabet alphabet = new Alphabet(List.of(p), new long[] {0, 1}, 3);
        Spec spec = new Spec();
        int[] buf = new int[alphabet.maxLegal()];
        spec.apply(new Op.Call(p));
        spec.apply(new Op.Set(1, 1));
        spec.apply(new Op.Addr(0, 0, 1));
        int n = alphabet.legal(spec, buf);
        List<String> legal = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            legal.add(dev.stackcheck.program.Printer.statement(alphabet.op(buf[i])));
        }
        // first what keeps the state, slot by slot (gc; the same address again, storing and loading what the
        // target holds; setting what slot 1 holds, reading it), then calls, ret and what changes it
        assertEquals(List.of("gc", "addr 0 0.1", "store 0 1", "load 0", "set 1 1", "get 1",
                "call p", "ret", "set 0 0", "store 0 0", "defer 0 0", "defer 0 1", "set 1 0"), legal);
        spec.apply(new Op.Call(p));
        spec.apply(new Op.Call(p));
        spec.apply(new Op.Call(p));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> alphabet.legal(spec, buf));
        assertEquals("state has 4 frames, the alphabet covers 3", e.getMessage());
    }

    @Test
    void badAlphabetsAreRefusedWithTheReason() {
        List<Layout> layouts = ExploreConfig.standardLayouts();
        refused("an alphabet needs a layout, a value and a frame", () -> new Alphabet(List.of(), new long[] {0}, 3));
        refused("an alphabet needs a layout, a value and a frame", () -> new Alphabet(layouts, new long[0], 3));
        refused("an alphabet needs a layout, a value and a frame", () -> new Alphabet(layouts, new long[] {0}, 0));
        refused("alphabet values must be small (|v| < 2^40): 1099511627776",
                () -> new Alphabet(layouts, new long[] {1L << 40}, 3));
        refused("alphabet values must be small (|v| < 2^40): -1099511627776",
                () -> new Alphabet(layouts, new long[] {-(1L << 40)}, 3));
        assertEquals(1L - (1L << 40), new Alphabet(layouts, new long[] {1 - (1L << 40), (1L << 40) - 1}, 1).values()[0]);
        // one 1-word layout and one value: 3 + 5 + maxFrames statements, at most 32767 (numbers fit a short)
        Layout one = new Layout("w", 1, new int[0], false);
        assertEquals(32_767, new Alphabet(List.of(one), new long[] {0}, 32_759).size());
        refused("alphabet too large: 32768 statements", () -> new Alphabet(List.of(one), new long[] {0}, 32_760));
    }

    @Test
    void badBoundsAreRefusedWithTheReason() {
        Alphabet a = ExploreConfig.standardAlphabet(4);
        var p = Profile.EXPLORE.params();
        refused("depth must not be negative: -1", () -> new ExploreConfig(a, p, REFERENCE, -1, 1, 10, 1, 1));
        refused("workers must be at least 1: 0", () -> new ExploreConfig(a, p, REFERENCE, 4, 0, 10, 1, 1));
        refused("maxStates must be positive: 0", () -> new ExploreConfig(a, p, REFERENCE, 4, 1, 0, 1, 1));
        refused("shard must be I/N with 1 <= I <= N: 0/2", () -> new ExploreConfig(a, p, REFERENCE, 4, 1, 10, 0, 2));
        refused("shard must be I/N with 1 <= I <= N: 3/2", () -> new ExploreConfig(a, p, REFERENCE, 4, 1, 10, 3, 2));
        refused("shard must be I/N with 1 <= I <= N: 1/0", () -> new ExploreConfig(a, p, REFERENCE, 4, 1, 10, 1, 0));
        refused("the alphabet covers 4 frames, the depth is 5", () -> new ExploreConfig(a, p, REFERENCE, 5, 1, 10, 1, 1));
        ExploreConfig ok = new ExploreConfig(a, p, REFERENCE, 4, 1, 1, 2, 2);
        assertEquals(4, ok.depth());
        assertEquals(0, new ExploreConfig(a, p, REFERENCE, 0, 1, 1, 1, 1).depth());
    }

    @Test
    void theWithersChangeOneThing() {
        ExploreConfig c = ExploreConfig.standard(REFERENCE, 3, 2);
        assertEquals(new ExploreConfig(c.alphabet(), c.params(), REFERENCE, 3, 5, Long.MAX_VALUE, 1, 1),
                c.withWorkers(5));
        assertEquals(new ExploreConfig(c.alphabet(), c.params(), REFERENCE, 3, 2, 77, 1, 1), c.withMaxStates(77));
        assertEquals(new ExploreConfig(c.alphabet(), c.params(), REFERENCE, 3, 2, Long.MAX_VALUE, 2, 3),
                c.withShard(2, 3));
        assertEquals(new ExploreConfig(c.alphabet(), c.params(), REFERENCE, 2, 2, Long.MAX_VALUE, 1, 1),
                c.withDepth(2), "a shorter bound keeps the alphabet");
        ExploreConfig deeper = c.withDepth(6);
        assertEquals(6, deeper.depth());
        assertEquals(6, deeper.alphabet().maxFrames());
        assertEquals(c.alphabet().layouts(), deeper.alphabet().layouts());
        assertArrayEquals(c.alphabet().values(), deeper.alphabet().values());
        assertEquals(List.of("segmented", "hybrid", "copying"), REFERENCE.stream().map(EngineSetup::name).toList());
        for (EngineSetup e : REFERENCE) {
            assertEquals(Profile.EXPLORE.params(), e.params());
            assertEquals(e.name(), e.factory().get().name());
        }
    }
}

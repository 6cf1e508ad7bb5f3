package dev.stackcheck.explore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.stackcheck.check.LockStep;
import dev.stackcheck.engine.Forkable;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/**
 * The fingerprint is xxHash64 of a stream holding every field of the state: two states that differ in any
 * one field get different fingerprints, two that differ only in where their regions were allocated get the
 * same one.
 */
class FingerprintFieldsTest {

    private static final Alphabet ALPHABET = ExploreConfig.standardAlphabet(8);

    /** Reference values of XXH64 (seed 0) of the words' little-endian bytes, from the C library. */
    @Test
    void theStreamIsFoldedByXxHash64() {
        assertEquals(0xEF46DB3751D8E999L, Fingerprinter.xxh64(new long[0], 0));
        assertEquals(0x9F29CB17A2A49995L, Fingerprinter.xxh64(new long[] {1}, 1));
        assertEquals(0x8799E152E5C0CDFAL, Fingerprinter.xxh64(new long[] {1, 2, 3, 99}, 3), "only n words");
        assertEquals(0x73F859A04F669E6DL, Fingerprinter.xxh64(new long[] {1, 2, 3, 4}, 4));
        assertEquals(0x0C24DBDAEAE6CA47L, Fingerprinter.xxh64(new long[] {-1, 0x0123456789ABCDEFL, 7, 0, 42}, 5));
        assertEquals(0x17409231A7BE51ABL, Fingerprinter.xxh64(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 11));
        assertEquals(0x602DF651F51E194BL, Fingerprinter.xxh64(new long[] {0x9E3779B185EBCA87L, 5, -3, 1L << 40, 17,
                99, Long.MAX_VALUE, Long.MIN_VALUE, 3}, 9));
    }

    // ---- one engine's state, built by hand --------------------------------------------------------

    /** A view of fields set by hand. */
    private record View(List<Long> frames, List<StackSegment> segments, Region cachedSegment,
                        List<DeferRecord> defers) implements StackView {
        @Override
        public int depth() {
            return frames.size();
        }

        @Override
        public Layout layout(int frame) {
            return ALPHABET.layouts().get(0);
        }

        @Override
        public long frameAddress(int frame) {
            return frames.get(frame);
        }

        @Override
        public int deferCount() {
            return defers.size();
        }

        @Override
        public DeferRecord defer(int i) {
            return defers.get(i);
        }
    }

    /** An engine whose hidden state is {@code values}; the fingerprinter calls nothing else of it. */
    private static StackEngine hiddenEngine(long[] values) {
        return (StackEngine) Proxy.newProxyInstance(FingerprintFieldsTest.class.getClassLoader(),
                new Class<?>[] {StackEngine.class, Forkable.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("hiddenState")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    for (long v : values) {
                        ((LongConsumer) args[0]).accept(v);
                    }
                    return null;
                });
    }

    /** The fields of one engine state, as offsets from the regions they point into. */
    private static final class State {
        /** bytes of each live region: more than the fingerprinter's first scratch arrays hold */
        long[] sizes = {64, 32, 32, 4096, 8, 8, 8, 8, 8, 8, 8};
        /** words written: {region, word, value region (-1 for a scalar), value offset or scalar} */
        List<long[]> words = new ArrayList<>(List.of(new long[] {0, 0, 1, 0}, new long[] {0, 1, 1, 8},
                new long[] {0, 2, -1, 42}, new long[] {1, 0, 0, 0}, new long[] {3, 300, 0, 16}));
        /** frames: {region, offset} */
        List<long[]> frames = new ArrayList<>(List.of(new long[] {0, 0}, new long[] {0, 24}));
        /** segments: {region, extra bytes beyond the region's end, first frame, end frame, record offset or -1} */
        List<long[]> segments = new ArrayList<>(List.of(new long[] {0, 0, 0, 2, 48}, new long[] {1, 0, 2, 2, -1}));
        int cached = 1;
        /** defer records: {frame, pointer's region, pointer's offset, value} */
        List<long[]> defers = new ArrayList<>(List.of(new long[] {1, 0, 8, 7}));
        /** hidden words: {region or -1, offset or scalar} */
        List<long[]> hidden = new ArrayList<>(List.of(new long[] {1, 16}, new long[] {-1, 5}));
        boolean forkable = true;
    }

    /** The fingerprint of the state, its regions allocated after {@code padding} freed regions. */
    private static long fingerprint(State s, int padding) {
        return build(s, padding, false)[0];
    }

    /** The words hashed for the state. */
    private static long[] words(State s) {
        return build(s, 0, true);
    }

    private static long[] build(State s, int padding, boolean words) {
        AddressSpace m = new AddressSpace();
        for (int k = 0; k < padding; k++) {
            m.free(m.allocate(4096L * (k + 1), "padding"));
        }
        Region[] r = new Region[s.sizes.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = m.allocate(s.sizes[k], "r" + k);
        }
        for (long[] w : s.words) {
            m.write(r[(int) w[0]].lo() + 8 * w[1], w[2] < 0 ? w[3] : r[(int) w[2]].lo() + w[3]);
        }
        List<Long> frames = new ArrayList<>();
        for (long[] f : s.frames) {
            frames.add(r[(int) f[0]].lo() + f[1]);
        }
        List<StackView.StackSegment> segs = new ArrayList<>();
        for (long[] g : s.segments) {
            Region reg = r[(int) g[0]];
            Region seg = new Region(reg.id(), reg.lo(), reg.hi() + g[1], reg.label());
            segs.add(new StackView.StackSegment(seg, (int) g[2], (int) g[3], g[4] < 0 ? -1 : reg.lo() + g[4]));
        }
        List<StackView.DeferRecord> defers = new ArrayList<>();
        for (long[] d : s.defers) {
            defers.add(new StackView.DeferRecord((int) d[0], r[(int) d[1]].lo() + d[2], d[3]));
        }
        long[] hidden = new long[s.hidden.size()];
        for (int k = 0; k < hidden.length; k++) {
            long[] h = s.hidden.get(k);
            hidden[k] = h[0] < 0 ? h[1] : r[(int) h[0]].lo() + h[1];
        }
        View v = new View(frames, segs, s.cached < 0 ? null : r[s.cached], defers);
        StackEngine e = s.forkable ? hiddenEngine(hidden) : null;
        Fingerprinter f = new Fingerprinter(ALPHABET);
        return words ? f.words(m, v, e) : new long[] {f.of(m, v, e)};
    }

    /** A canonical address: the region's rank among the live regions and the offset in it. */
    private static long at(int rank, long offset) {
        return (0xA5L << 56) | ((long) rank << 32) | offset;
    }

    /**
     * The words hashed, field by field, each list preceded by its length: the live regions (each its words),
     * the frames, the segments (start, size, frames, record), the cached segment, the defer records (frame,
     * pointer, value), the hidden state. The lengths keep fields from running into each other.
     */
    @Test
    void theWordsHashedAreEachFieldInOrderWithTheLengthOfEachList() {
        State s = new State();
        s.sizes = new long[] {16, 8};
        s.words = new ArrayList<>(List.of(new long[] {0, 0, 1, 0}, new long[] {0, 1, -1, 42}));
        s.frames = new ArrayList<>(List.of(new long[] {0, 0}));
        s.segments = new ArrayList<>(List.of(new long[] {0, 0, 0, 1, 8}));
        s.cached = -1;
        s.defers = new ArrayList<>(List.of(new long[] {0, 1, 0, 7}));
        s.hidden = new ArrayList<>(List.of(new long[] {-1, 5}, new long[] {0, 8}));
        assertArrayEquals(new long[] {
            2, // live regions
            2, at(1, 0), 42, // region 0: two words, a pointer to region 1 and a scalar
            1, 0, // region 1: one word
            1, at(0, 0), // one frame
            1, at(0, 0), 16, (0L << 32) | 1, at(0, 8), // one segment: start, size, frames [0, 1), record
            -1, // no cached segment
            1, 0, at(1, 0), 7, // one defer record: frame, pointer, value
            5, at(0, 8), // the hidden state, canonical where it is an address
        }, words(s));
    }

    /** The specification's words: its depth (-1 once ended), each frame's layout and slots, its defer records. */
    @Test
    void theSpecificationsWordsAndEachLanesStatus() {
        Op pair = new Op.Call(ALPHABET.layouts().get(1));
        Op call = new Op.Call(ALPHABET.layouts().get(4));
        LockStep s = LockStep.start(List.of());
        Fingerprinter f = new Fingerprinter(ALPHABET);
        assertArrayEquals(new long[] {0, 0}, f.words(s), "no frame, no defer record");
        s.step(pair);
        s.step(new Op.Set(1, 5));
        s.step(call);
        s.step(new Op.Addr(0, 0, 1));
        s.step(new Op.Defer(0, 6));
        long ref = (0x5AL << 56) | (0L << 20) | 1;
        int words4 = ALPHABET.layouts().get(4).words();
        List<Long> expected = new ArrayList<>(List.of(2L, 1L, 0L, 5L, 4L, ref));
        for (int k = 1; k < words4; k++) {
            expected.add(0L);
        }
        expected.addAll(List.of(1L, (1L << 40) | (0L << 20) | 1, 6L));
        assertEquals(expected, java.util.Arrays.stream(f.words(s)).boxed().toList());
        LockStep ended = LockStep.start(List.of());
        ended.step(pair);
        ended.step(new Op.Ret());
        assertArrayEquals(new long[] {-1, 0}, f.words(ended));
        LockStep lanes = LockStep.start(List.of(new dev.stackcheck.check.EngineSetup("broken", () -> {
            throw new IllegalStateException("cannot be made");
        })));
        long[] w = f.words(lanes);
        assertEquals(0x100 + lanes.status(0).ordinal(), w[w.length - 1], "a lane that does not run: its status alone");
    }

    @Test
    void theSameStateAllocatedElsewhereHasTheSameFingerprint() {
        State s = new State();
        long at = fingerprint(s, 0);
        assertEquals(at, fingerprint(s, 1), "the first region no longer at the lowest address");
        assertEquals(at, fingerprint(s, 3));
    }

    @Test
    void anyOneFieldOfTheEngineShows() {
        Map<String, Consumer<State>> changes = new java.util.LinkedHashMap<>();
        changes.put("a scalar word", s -> s.words.set(2, new long[] {0, 2, -1, 43}));
        changes.put("a pointer's offset", s -> s.words.set(1, new long[] {0, 1, 1, 16}));
        changes.put("a pointer's region", s -> s.words.set(1, new long[] {0, 1, 2, 8}));
        changes.put("a pointer to a region's start", s -> s.words.set(0, new long[] {0, 0, 2, 0}));
        changes.put("a word of the large region", s -> s.words.set(4, new long[] {3, 300, 0, 24}));
        changes.put("one more live region", s -> {
            s.sizes = java.util.Arrays.copyOf(s.sizes, s.sizes.length + 1);
            s.sizes[s.sizes.length - 1] = 8;
        });
        changes.put("a frame's address", s -> s.frames.set(1, new long[] {0, 32}));
        changes.put("a frame less", s -> s.frames.remove(1));
        changes.put("a segment's region", s -> s.segments.set(1, new long[] {2, 0, 2, 2, -1}));
        changes.put("a segment's size", s -> s.segments.set(1, new long[] {1, 8, 2, 2, -1}));
        changes.put("a segment's first frame", s -> s.segments.set(1, new long[] {1, 0, 1, 2, -1}));
        changes.put("a segment's end frame", s -> s.segments.set(1, new long[] {1, 0, 2, 3, -1}));
        changes.put("a segment's record", s -> s.segments.set(0, new long[] {0, 0, 0, 2, 40}));
        changes.put("a segment without record", s -> s.segments.set(0, new long[] {0, 0, 0, 2, -1}));
        changes.put("a segment less", s -> s.segments.remove(1));
        changes.put("another cached segment", s -> s.cached = 2);
        changes.put("no cached segment", s -> s.cached = -1);
        changes.put("a defer record's frame", s -> s.defers.set(0, new long[] {0, 0, 8, 7}));
        changes.put("a defer record's pointer", s -> s.defers.set(0, new long[] {1, 0, 16, 7}));
        changes.put("a defer record's value", s -> s.defers.set(0, new long[] {1, 0, 8, 8}));
        changes.put("a defer record less", s -> s.defers.clear());
        changes.put("a hidden address", s -> s.hidden.set(0, new long[] {1, 24}));
        changes.put("a hidden value", s -> s.hidden.set(1, new long[] {-1, 6}));
        changes.put("no hidden state", s -> s.forkable = false);
        Map<Long, String> seen = new HashMap<>();
        seen.put(fingerprint(new State(), 0), "the state");
        for (Map.Entry<String, Consumer<State>> c : changes.entrySet()) {
            State s = new State();
            c.getValue().accept(s);
            long fp = fingerprint(s, 0);
            String before = seen.put(fp, c.getKey());
            assertEquals(null, before, c.getKey() + " gives the fingerprint of " + before);
            assertEquals(fp, fingerprint(s, 2), c.getKey() + ", allocated elsewhere");
        }
    }

    // ---- the specification and the lanes -------------------------------------------------------------

    private static long spec(Op... ops) {
        LockStep s = LockStep.start(List.of());
        for (Op op : ops) {
            s.step(op);
        }
        return new Fingerprinter(ALPHABET).of(s);
    }

    @Test
    void anyOneFieldOfTheSpecificationShows() {
        Op pair = new Op.Call(ALPHABET.layouts().get(1));
        Op call = new Op.Call(ALPHABET.layouts().get(4));
        Op ref = new Op.Addr(0, 0, 1);
        Map<Long, String> seen = new HashMap<>();
        Map<String, Op[]> states = new java.util.LinkedHashMap<>();
        states.put("the start", new Op[] {});
        states.put("ended", new Op[] {pair, new Op.Ret()});
        states.put("a frame", new Op[] {pair});
        states.put("a scalar", new Op[] {pair, new Op.Set(1, 5)});
        states.put("another frame", new Op[] {call});
        states.put("a reference", new Op[] {pair, call, ref});
        states.put("a reference to another slot", new Op[] {pair, call, new Op.Addr(0, 0, 0)});
        states.put("a defer record", new Op[] {pair, call, ref, new Op.Defer(0, 5)});
        states.put("another value deferred", new Op[] {pair, call, ref, new Op.Defer(0, 6)});
        states.put("another target deferred", new Op[] {pair, call, new Op.Addr(0, 0, 0), new Op.Defer(0, 5), ref});
        states.put("deferred by another frame", new Op[] {pair, call, ref, new Op.Defer(0, 5), call, ref});
        states.put("deferred by the top frame", new Op[] {pair, call, ref, call, ref, new Op.Defer(0, 5)});
        states.put("deferred to another frame", new Op[] {pair, call, call, ref, new Op.Defer(0, 5),
            new Op.Addr(0, 1, 1)});
        states.put("deferred to the frame below", new Op[] {pair, call, call, new Op.Addr(0, 1, 1),
            new Op.Defer(0, 5)});
        states.put("two defer records", new Op[] {pair, call, ref, new Op.Defer(0, 5), new Op.Defer(0, 5)});
        for (Map.Entry<String, Op[]> e : states.entrySet()) {
            String before = seen.put(spec(e.getValue()), e.getKey());
            assertEquals(null, before, e.getKey() + " gives the fingerprint of " + before);
        }
        assertEquals(spec(pair, new Op.Set(1, 5), new Op.Set(1, 0)), spec(pair), "a slot set back");
    }
}

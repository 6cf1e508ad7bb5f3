package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.program.Cursor;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Program;
import dev.stackcheck.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ShrinkerTest {

    private static final ProgramGenerator GEN = new ProgramGenerator(GenConfig.DEFAULT);

    /** Fails when a frame at depth 3 or more stores through a pointer to frame 0. */
    static Optional<String> deepStoreToFrameZero(Program p) {
        requireLegal(p);
        Spec spec = new Spec();
        Cursor c = p.cursor();
        while (c.hasNext()) {
            Op op = c.next();
            if (op instanceof Op.Store s) {
                int top = spec.depth() - 1;
                if (top >= 3 && spec.refFrame(top, s.slot()) == 0) {
                    return Optional.of("DEEP-STORE");
                }
            }
            spec.apply(op);
        }
        return Optional.empty();
    }

    /** Fails when one call statement runs six times or more (a loop around a boundary, say). */
    static Optional<String> hotCall(Program p) {
        requireLegal(p);
        int[] runs = new int[p.length()];
        Cursor c = p.cursor();
        while (c.hasNext()) {
            if (c.next() instanceof Op.Call && ++runs[c.index()] >= 6) {
                return Optional.of("HOT");
            }
        }
        return Optional.empty();
    }

    /** Fails when the live frames take more than a segment holds (8192 bytes less the 24-byte record). */
    static Optional<String> pastOneSegment(Program p) {
        requireLegal(p);
        Spec spec = new Spec();
        Cursor c = p.cursor();
        long limit = EngineParams.DEFAULT.segmentSize() - StackSegment.RECORD_BYTES;
        while (c.hasNext()) {
            spec.apply(c.next());
            long bytes = 0;
            for (int f = 0; f < spec.depth(); f++) {
                bytes += spec.layout(f).frameBytes();
            }
            if (bytes > limit) {
                return Optional.of("SEGMENT");
            }
        }
        return Optional.empty();
    }

    /** Two different failures: DEFER when a defer runs, else GC when a gc runs. */
    static Optional<String> deferOrGc(Program p) {
        requireLegal(p);
        boolean gc = false;
        for (int i = 0; i < p.length(); i++) {
            if (p.statement(i) instanceof Op.Defer) {
                return Optional.of("DEFER");
            }
            gc |= p.statement(i) instanceof Op.Gc;
        }
        return gc ? Optional.of("GC") : Optional.empty();
    }

    /** The shrinker must never show the oracle an illegal program. */
    static void requireLegal(Program p) {
        Optional<String> why = Legality.whyIllegal(p);
        if (why.isPresent()) {
            throw new AssertionError("oracle shown an illegal program: " + why.get() + "\n" + p);
        }
    }

    /** The first {@code n} seeds whose program fails the oracle. */
    static List<ProgramGenerator.Generated> failing(ProgramGenerator gen, Function<Program, Optional<String>> oracle, int n) {
        List<ProgramGenerator.Generated> out = new ArrayList<>();
        for (long seed = 0; out.size() < n && seed < 100_000; seed++) {
            ProgramGenerator.Generated g = gen.draw(seed);
            if (oracle.apply(g.program()).isPresent()) {
                out.add(g);
            }
        }
        assertEquals(n, out.size(), "not enough failing seeds");
        return out;
    }

    @Test
    void deepStoreShrinksToTheMinimalProgram() {
        String minimal = """
                frame a words=2 ptrs=0
                repeat 4 {
                  call a
                }
                addr 0 0.1
                store 0 0
                """;
        Shrinker shrinker = new Shrinker(ShrinkerTest::deepStoreToFrameZero);
        for (ProgramGenerator.Generated g : failing(GEN, ShrinkerTest::deepStoreToFrameZero, 10)) {
            Shrinker.Result r = shrinker.shrink(GEN, g.choices());
            assertEquals(minimal, r.program().toString(), "from\n" + g.program());
            assertEquals("DEEP-STORE", r.signature());
            assertFalse(r.stoppedEarly());
            assertEquals(g.program(), r.original());
        }
    }

    @Test
    void hotLoopShrinksToTheMinimalProgram() {
        Shrinker shrinker = new Shrinker(ShrinkerTest::hotCall);
        for (ProgramGenerator.Generated g : failing(GEN, ShrinkerTest::hotCall, 10)) {
            Shrinker.Result r = shrinker.shrink(GEN, g.choices());
            assertEquals("frame a words=1\nrepeat 6 {\n  call a\n}\n", r.program().toString(), "from\n" + g.program());
        }
    }

    @Test
    void segmentEdgeShrinksToFramesThatMissByOneWord() {
        // the smallest failing stacks take 8176 bytes, 8 more than a segment holds: one frame of 1021 words,
        // or two of 510 (the shrinker does not merge two calls into one bigger frame)
        Shrinker shrinker = new Shrinker(ShrinkerTest::pastOneSegment);
        java.util.Set<String> seen = new java.util.TreeSet<>();
        for (ProgramGenerator.Generated g : failing(GEN, ShrinkerTest::pastOneSegment, 8)) {
            Shrinker.Result r = shrinker.shrink(GEN, g.choices());
            String text = r.program().toString();
            seen.add(text);
            assertTrue(text.equals("frame a words=1021\ncall a\n") || text.equals("frame a words=510\ncall a\ncall a\n"),
                    "from\n" + g.program() + "\nto\n" + text);
        }
        assertTrue(seen.contains("frame a words=1021\ncall a\n"), seen.toString());
    }

    /**
     * The choice stage ends at a fixpoint of its four passes: no span deleted or zeroed, no run of 8, 4, 2
     * or 1 choices deleted and no single choice lowered (to the values of Shrinker.lower) gives a shortlex-smaller sequence whose program
     * still fails the same way (or is the stage's own program), and the stage never made the case worse.
     * Checked from outside, with the passes written again here.
     */
    @Test
    void theChoiceStageEndsWhereNoPassFindsASimplerFailingSequence() {
        for (Function<Program, Optional<String>> oracle : List.<Function<Program, Optional<String>>>of(
                ShrinkerTest::deepStoreToFrameZero, ShrinkerTest::hotCall, ShrinkerTest::deferOrGc)) {
            for (ProgramGenerator.Generated g : failing(GEN, oracle, 4)) {
                Shrinker.Result r = new Shrinker(oracle).shrink(GEN, g.choices());
                ChoiceSequence done = r.choices();
                long[] seq = done.values();
                assertTrue(ChoiceSequence.compare(seq, g.choices().values()) <= 0, "never worse");
                assertTrue(r.improvements() > 0 && r.improvements() <= r.oracleCalls(), r.improvements() + " edits kept");
                Program stage = GEN.replay(seq).program();
                assertEquals(oracle.apply(g.program()), oracle.apply(stage), "the stage's program fails alike");
                assertTrue(Shrinker.compare(r.program(), stage) <= 0, "the program stage only simplifies");
                for (long[] cand : choiceCandidates(done)) {
                    ProgramGenerator.Generated c = GEN.replay(cand);
                    long[] norm = c.choices().values();
                    if (ChoiceSequence.compare(norm, seq) < 0) {
                        assertFalse(c.program().equals(stage) || oracle.apply(c.program()).equals(oracle.apply(stage)),
                                "missed " + java.util.Arrays.toString(norm) + " below " + done + ":\n" + c.program());
                    }
                }
            }
        }
    }

    /**
     * One shrink, pinned: the choices it ends with, the oracle calls and the edits kept. Shrinking is
     * deterministic, so a change of the passes' order, of their candidates or of the loop that repeats them
     * until none progresses shows here (then check the new figures and pin them).
     */
    @Test
    void oneShrinkPinned() {
        ProgramGenerator.Generated g = failing(GEN, ShrinkerTest::hotCall, 1).get(0);
        Shrinker.Result r = new Shrinker(ShrinkerTest::hotCall).shrink(GEN, g.choices());
        assertEquals("[0, 0, 0, 0, 0, 0, 1, 10, 1] calls 120 kept 49", java.util.Arrays.toString(r.choices().values()) + " calls " + r.oracleCalls()
                + " kept " + r.improvements());
    }

    /** The candidates of the four choice passes, in no particular order. */
    private static List<long[]> choiceCandidates(ChoiceSequence s) {
        long[] seq = s.values();
        List<long[]> out = new ArrayList<>();
        for (ChoiceSequence.Span span : s.spans()) {
            out.add(cut(seq, span.start(), span.end()));
            long[] zero = seq.clone();
            java.util.Arrays.fill(zero, span.start(), span.end(), 0);
            out.add(zero);
        }
        for (int k : new int[] {8, 4, 2, 1}) {
            for (int i = 0; i + k <= seq.length; i++) {
                out.add(cut(seq, i, i + k));
            }
        }
        for (int i = 0; i < seq.length; i++) {
            for (long w : Shrinker.lower(seq[i])) {
                long[] c = seq.clone();
                c[i] = w;
                out.add(c);
            }
        }
        return out;
    }

    private static long[] cut(long[] seq, int from, int to) {
        long[] out = new long[seq.length - (to - from)];
        System.arraycopy(seq, 0, out, 0, from);
        System.arraycopy(seq, to, out, from, seq.length - to);
        return out;
    }

    @Test
    void theSignatureIsKept() {
        Shrinker shrinker = new Shrinker(ShrinkerTest::deferOrGc);
        int seen = 0;
        for (ProgramGenerator.Generated g : failing(GEN, ShrinkerTest::deferOrGc, 40)) {
            String sig = deferOrGc(g.program()).orElseThrow();
            Shrinker.Result r = shrinker.shrink(GEN, g.choices());
            assertEquals(sig, r.signature());
            assertEquals(Optional.of(sig), deferOrGc(r.program()));
            if (sig.equals("DEFER")) {
                seen++;
                assertEquals("frame a words=2 ptrs=0\ncall a\naddr 0 0.1\ndefer 0 0\n", r.program().toString());
            } else {
                assertEquals("frame a words=1\ncall a\ngc\n", r.program().toString());
            }
        }
        assertTrue(seen > 0 && seen < 40, "both signatures met: " + seen);
    }

    @Test
    void shrinkingIsDeterministic() {
        for (ProgramGenerator.Generated g : failing(GEN, ShrinkerTest::pastOneSegment, 3)) {
            Shrinker.Result a = new Shrinker(ShrinkerTest::pastOneSegment).shrink(GEN, g.choices());
            Shrinker.Result b = new Shrinker(ShrinkerTest::pastOneSegment).shrink(
                    new ProgramGenerator(GenConfig.DEFAULT), GEN.draw(seedOf(g)).choices());
            assertEquals(a.program(), b.program());
            assertEquals(a.choices(), b.choices());
            assertEquals(a.oracleCalls(), b.oracleCalls());
            assertEquals(a.improvements(), b.improvements());
        }
    }

    private static long seedOf(ProgramGenerator.Generated g) {
        for (long seed = 0; ; seed++) {
            if (GEN.draw(seed).choices().equals(g.choices())) {
                return seed;
            }
        }
    }

    @Test
    void aSmallBudgetStopsEarlyWithAFailingProgram() {
        ProgramGenerator.Generated g = failing(GEN, ShrinkerTest::deepStoreToFrameZero, 1).get(0);
        Shrinker.Result r = new Shrinker(ShrinkerTest::deepStoreToFrameZero, new Shrinker.Budget(8, 60_000))
                .shrink(GEN, g.choices());
        assertTrue(r.stoppedEarly());
        assertEquals(8, r.oracleCalls(), "the budget is spent to the last call, never past it");
        assertEquals(Optional.of("DEEP-STORE"), deepStoreToFrameZero(r.program()));
        assertTrue(Shrinker.compare(r.program(), g.program()) <= 0);
    }

    @Test
    void aProgramShrinksWithoutItsChoices() {
        Layout big = new Layout("big", 12, new int[] {1, 3}, false);
        Layout small = new Layout("small", 3, new int[] {0}, false);
        List<Op> body = new ArrayList<>();
        body.add(new Op.Call(big));
        body.add(new Op.Set(5, 77));
        body.add(new Op.Call(small));
        body.add(new Op.Repeat(3, List.of(new Op.Call(small), new Op.Get(2), new Op.Ret())));
        body.add(new Op.Call(big));
        body.add(new Op.Call(small));
        body.add(new Op.Call(big));
        body.add(new Op.Addr(3, 0, 5));
        body.add(new Op.Gc());
        body.add(new Op.Store(3, -12345));
        body.add(new Op.Ret());
        Program p = new Program(List.of(big, small), body);
        assertTrue(Legality.isLegal(p));
        Shrinker.Result r = new Shrinker(ShrinkerTest::deepStoreToFrameZero).shrink(p);
        assertEquals("frame a words=2 ptrs=0\nrepeat 4 {\n  call a\n}\naddr 0 0.1\nstore 0 0\n", r.program().toString());
        assertEquals(null, r.choices());
    }

    @Test
    void aPassingProgramIsRefused() {
        Program p = GEN.replay(new long[0]).program();
        assertThrows(IllegalArgumentException.class, () -> new Shrinker(ShrinkerTest::hotCall).shrink(p));
    }

    @Test
    void candidateValuesAreSimpler() {
        for (long v : new long[] {1, 2, 7, 100, 1L << 40, Long.MAX_VALUE}) {
            for (long w : Shrinker.lower(v)) {
                assertTrue(w >= 0 && w < v);
            }
            assertEquals(0, Shrinker.lower(v)[0]);
        }
        for (long v : new long[] {-1, 5, -77, Long.MIN_VALUE, Long.MAX_VALUE}) {
            for (long w : Shrinker.lowerValue(v)) {
                assertTrue(Shrinker.cost(w) < Shrinker.cost(v), w + " simpler than " + v);
            }
        }
        assertTrue(Shrinker.cost(1) < Shrinker.cost(-1) && Shrinker.cost(-1) < Shrinker.cost(2));
    }
}

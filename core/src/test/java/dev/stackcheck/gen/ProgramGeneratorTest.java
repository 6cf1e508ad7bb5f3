package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.program.Cursor;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Program;
import dev.stackcheck.spec.RuleViolation;
import dev.stackcheck.spec.Spec;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProgramGeneratorTest {

    private static final ProgramGenerator GEN = new ProgramGenerator(GenConfig.DEFAULT);

    /** What running a program through the specification shows: deepest point, most bytes, statements run. */
    record Shape(int maxDepth, long maxBytes, long steps) {}

    static Shape run(Program p) {
        Spec spec = new Spec();
        Cursor c = p.cursor();
        int depth = 0;
        long bytes = 0;
        long maxBytes = 0;
        long steps = 0;
        while (c.hasNext()) {
            Op op = c.next();
            long popped = op instanceof Op.Ret && spec.depth() > 0 ? spec.layout(spec.depth() - 1).frameBytes() : 0;
            try {
                spec.apply(op);
            } catch (RuleViolation v) {
                fail("illegal statement " + op + " at " + p.position(c.index()) + ": " + v.getMessage() + "\n" + p);
            }
            steps++;
            if (op instanceof Op.Call call) {
                bytes += call.layout().frameBytes();
            }
            bytes -= popped;
            depth = Math.max(depth, spec.depth());
            maxBytes = Math.max(maxBytes, bytes);
        }
        return new Shape(depth, maxBytes, steps);
    }

    /**
     * The spans the shrinker zeroes follow the program's structure: the layouts (each layout inside), then
     * one span per statement move (body statements and values inside), then the end; nothing is left open.
     */
    @Test
    void spansFollowTheProgramsStructure() {
        java.util.Set<Integer> labels = new java.util.TreeSet<>();
        for (long seed = 0; seed < 300; seed++) {
            java.util.List<ChoiceSequence.Span> spans = GEN.draw(seed).choices().spans();
            java.util.List<ChoiceSequence.Span> enclosing = new java.util.ArrayList<>();
            int lastEnd = 0;
            for (ChoiceSequence.Span s : spans) {
                labels.add(s.label());
                int outer = switch (s.label()) {
                    case ProgramGenerator.SPAN_LAYOUTS, ProgramGenerator.SPAN_STATEMENT, ProgramGenerator.SPAN_END -> -1;
                    case ProgramGenerator.SPAN_LAYOUT -> ProgramGenerator.SPAN_LAYOUTS;
                    default -> ProgramGenerator.SPAN_STATEMENT;
                };
                if (outer < 0) {
                    assertEquals(0, s.nesting(), "seed " + seed + ": " + s);
                    assertTrue(s.start() >= lastEnd, "seed " + seed + ": top-level spans overlap at " + s);
                    lastEnd = s.end();
                    enclosing.clear();
                } else {
                    assertTrue(s.nesting() >= 1, "seed " + seed + ": " + s);
                    ChoiceSequence.Span in = enclosing.get(s.nesting() - 1);
                    assertTrue(in.start() <= s.start() && s.end() <= in.end(), "seed " + seed + ": " + s + " outside " + in);
                    assertEquals(outer, enclosing.get(0).label(), "seed " + seed + ": " + s);
                }
                while (enclosing.size() > s.nesting()) {
                    enclosing.remove(enclosing.size() - 1);
                }
                enclosing.add(s);
            }
        }
        assertEquals(java.util.Set.of(1, 2, 3, 4, 5, 6), labels);
    }

    @Test
    void layoutsAreNamedByOneLetterSoAtMost26() {
        ProgramGenerator g = new ProgramGenerator(GenConfig.DEFAULT.withLayouts(26));
        assertEquals(26, g.config().layouts());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ProgramGenerator(GenConfig.DEFAULT.withLayouts(27)));
        assertEquals("at most 26 layouts (named a..z)", e.getMessage());
    }

    @Test
    void simplestChoicesGiveTheSimplestProgram() {
        Program p = GEN.replay(new long[0]).program();
        assertEquals("frame a words=1\ncall a\n", p.toString());
        assertTrue(GEN.replay(new long[0]).choices().length() == 0);
    }

    @Test
    void tenThousandProgramsAreLegalAndWithinTheirBounds() {
        GenConfig cfg = GenConfig.DEFAULT;
        for (long seed = 0; seed < 10_000; seed++) {
            Program p = GEN.draw(seed).program();
            Shape s = run(p);
            assertTrue(p.length() <= cfg.maxLength(), "length " + p.length());
            assertTrue(s.maxDepth() <= cfg.maxDepth(), "depth " + s.maxDepth());
            assertTrue(s.steps() <= cfg.maxSteps(), "steps " + s.steps());
            assertTrue(p.layouts().size() <= cfg.layouts());
            assertEquals(s.steps(), p.steps());
        }
    }

    @Test
    void sameSeedSameProgramAndChoices() {
        ProgramGenerator other = new ProgramGenerator(GenConfig.DEFAULT);
        for (long seed = 0; seed < 300; seed++) {
            ProgramGenerator.Generated a = GEN.draw(seed);
            ProgramGenerator.Generated b = other.draw(seed);
            assertEquals(a.program(), b.program());
            assertEquals(a.program().toString(), b.program().toString());
            assertEquals(a.choices(), b.choices());
        }
        assertFalse(GEN.draw(1).program().equals(GEN.draw(2).program()));
    }

    @Test
    void replayOfTheChoicesReproducesTheProgramExactly() {
        for (long seed = 0; seed < 500; seed++) {
            ProgramGenerator.Generated a = GEN.draw(seed);
            ProgramGenerator.Generated b = GEN.replay(a.choices().values());
            assertEquals(a.program().toString(), b.program().toString());
            assertEquals(a.choices(), b.choices());
        }
    }

    @Test
    void truncatedAndEditedSequencesStillGiveLegalPrograms() {
        SplittableRandom r = new SplittableRandom(42);
        for (long seed = 0; seed < 400; seed++) {
            long[] v = GEN.draw(seed).choices().values();
            for (int cut : new int[] {0, 1, v.length / 3, v.length / 2, v.length - 1}) {
                run(GEN.replay(Arrays.copyOf(v, Math.max(0, cut))).program());
            }
            for (int k = 0; k < 5; k++) {
                long[] e = v.clone();
                for (int i = 0; i < 4 && e.length > 0; i++) {
                    e[r.nextInt(e.length)] = r.nextInt(3) == 0 ? r.nextLong(1000) : 0;
                }
                if (e.length > 4) {
                    int from = r.nextInt(e.length - 4);
                    long[] cutOut = new long[e.length - 3];
                    System.arraycopy(e, 0, cutOut, 0, from);
                    System.arraycopy(e, from + 3, cutOut, from, e.length - from - 3);
                    e = cutOut;
                }
                ProgramGenerator.Generated g = GEN.replay(e);
                run(g.program());
                assertEquals(g.program(), GEN.replay(g.choices().values()).program(), "normalised choices replay alike");
            }
        }
    }

    @Test
    void programsAreBiasedTowardTheEdges() {
        EngineParams p = EngineParams.DEFAULT;
        long segmentUsable = p.segmentSize() - StackSegment.RECORD_BYTES;
        int n = 2000;
        int edgeLayout = 0;
        int bigLayout = 0;
        int hotSplit = 0;
        int crossesSegment = 0;
        int toFrameZeroFromDeep = 0;
        int nomap = 0;
        int deferThenCall = 0;
        int gcAfterRets = 0;
        for (long seed = 0; seed < n; seed++) {
            Program prog = GEN.draw(seed).program();
            boolean edge = false;
            boolean big = false;
            for (Layout l : prog.layouts()) {
                long fb = l.frameBytes();
                edge |= Math.abs(fb - segmentUsable) <= 16 || Math.abs(fb - p.initialStack()) <= 16
                        || Math.abs(fb * 2 - segmentUsable) <= 32 || Math.abs(fb * 2 - p.initialStack()) <= 32;
                big |= fb > p.segmentSize();
            }
            edgeLayout += edge ? 1 : 0;
            bigLayout += big ? 1 : 0;
            nomap += prog.hasNomapLayout() ? 1 : 0;
            boolean hot = false;
            boolean deferSeen = false;
            boolean deferCall = false;
            boolean retSeen = false;
            boolean gcAfter = false;
            for (int i = 0; i < prog.length(); i++) {
                Op op = prog.statement(i);
                if (op instanceof Op.Repeat r && r.count() >= 2 && r.body().get(0) instanceof Op.Call
                        && r.body().get(r.body().size() - 1) instanceof Op.Ret) {
                    hot = true;
                }
                if (op instanceof Op.Defer) {
                    deferSeen = true;
                }
                if (deferSeen && op instanceof Op.Call) {
                    deferCall = true;
                }
                if (op instanceof Op.Repeat r && r.body().equals(java.util.List.of(Op.Ret.INSTANCE))) {
                    retSeen = true;
                }
                if (retSeen && op instanceof Op.Gc) {
                    gcAfter = true;
                }
            }
            hotSplit += hot ? 1 : 0;
            deferThenCall += deferCall ? 1 : 0;
            gcAfterRets += gcAfter ? 1 : 0;
            crossesSegment += run(prog).maxBytes() > segmentUsable ? 1 : 0;
            toFrameZeroFromDeep += pointsToFrameZeroFromDepth(prog, 3) ? 1 : 0;
        }
        String counts = "edge=" + edgeLayout + " big=" + bigLayout + " hot=" + hotSplit + " cross=" + crossesSegment
                + " deep->0=" + toFrameZeroFromDeep + " nomap=" + nomap + " defer+call=" + deferThenCall
                + " gcAfterRets=" + gcAfterRets;
        int min = n / 20;
        for (int c : new int[] {edgeLayout, bigLayout, hotSplit, crossesSegment, toFrameZeroFromDeep, nomap,
            deferThenCall, gcAfterRets}) {
            assertTrue(c >= min, "each edge in at least 5% of programs: " + counts);
        }
    }

    static boolean pointsToFrameZeroFromDepth(Program p, int depth) {
        Spec spec = new Spec();
        Cursor c = p.cursor();
        while (c.hasNext()) {
            Op op = c.next();
            if (op instanceof Op.Addr a && a.frame() == 0 && spec.depth() - 1 >= depth) {
                return true;
            }
            spec.apply(op);
        }
        return false;
    }

    @Test
    void knobsAreObeyed() {
        GenConfig cfg = GenConfig.DEFAULT.withAllowNomap(false).withWeight(Move.DEFER, 0).withLayouts(2)
                .withMaxLength(12).withMaxDepth(20);
        ProgramGenerator g = new ProgramGenerator(cfg);
        for (long seed = 0; seed < 2000; seed++) {
            Program p = g.draw(seed).program();
            assertFalse(p.hasNomapLayout());
            assertTrue(p.layouts().size() <= 2);
            assertTrue(p.length() <= 12);
            assertTrue(run(p).maxDepth() <= 20);
            for (int i = 0; i < p.length(); i++) {
                assertFalse(p.statement(i) instanceof Op.Defer, "defer has weight 0");
            }
        }
    }

    @Test
    void tinyLengthsAreRespected() {
        for (int max = 1; max <= 5; max++) {
            ProgramGenerator g = new ProgramGenerator(GenConfig.DEFAULT.withMaxLength(max));
            for (long seed = 0; seed < 300; seed++) {
                Program p = g.draw(seed).program();
                assertTrue(p.length() <= max, max + ": " + p);
                run(p);
            }
        }
    }

    @Test
    void aSmallLimitIsApproachedAndPassed() {
        EngineParams small = EngineParams.DEFAULT.withMaxStack(16 * 1024);
        ProgramGenerator g = new ProgramGenerator(GenConfig.DEFAULT.withParams(small));
        int past = 0;
        int near = 0;
        for (long seed = 0; seed < 1000; seed++) {
            long bytes = run(g.draw(seed).program()).maxBytes();
            past += bytes > small.maxStack() ? 1 : 0;
            near += bytes > small.maxStack() / 2 ? 1 : 0;
        }
        assertTrue(past >= 50, "programs past a 16 KiB limit: " + past);
        assertTrue(near >= 100, "programs past half of it: " + near);
    }
}

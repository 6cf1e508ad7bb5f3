package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.program.Op;
import dev.stackcheck.program.Printer;
import dev.stackcheck.program.Program;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The order a shrink moves in, pinned number by number: a program's complexity, a value's cost, the
 * candidates below a count or a value; and how a shrink treats its oracle (each program run once, a crash
 * is a failure of its own, a budget of calls or time stops it where it stands, the layouts renamed a, b, ...
 * at the end).
 */
class ShrinkOrderTest {

    static Program parse(String lines) {
        return ProgramPassesTest.parse(lines);
    }

    @Test
    void complexityCountsStatementsStepsLayoutsWordsPointersValuesAndIndices() {
        Program p = parse("frame z words=3 ptrs=1; frame y words=2 nomap; call z; set 0 5; set 2 -3; addr 1 0.2;"
                + " store 1 7; load 1; defer 1 -1; get 2; call y; addr 1 1.1; repeat 3 { gc }; ret");
        // statements 13 (the repeat and its body count once each); steps 14 (gc three times, the repeat none); 2 layouts, one
        // nomap; 5 words; 1 pointer; values cost(5) + cost(-3) + cost(7) + cost(-1) = 10 + 7 + 14 + 3;
        // indices: set 0, set 2, addr 1+0+2, store 1, load 1, defer 1, get 2, addr 1+1+1
        assertArrayEquals(new long[] {13, 14, 2, 1, 5, 1, 34, 13}, Shrinker.complexity(p));
        long big = Long.MAX_VALUE / 2 + 1;
        Program huge = parse("frame a words=2; call a; set 0 " + big + "; set 1 " + big);
        assertEquals(Long.MAX_VALUE, Shrinker.complexity(huge)[6], "values saturate");
    }

    @Test
    void aValueCostsByItsDistanceFromZeroPositiveFirst() {
        assertEquals(0, Shrinker.cost(0));
        assertEquals(2, Shrinker.cost(1));
        assertEquals(3, Shrinker.cost(-1));
        assertEquals(4, Shrinker.cost(2));
        assertEquals(5, Shrinker.cost(-2));
        assertEquals(Long.MAX_VALUE - 1, Shrinker.cost(Long.MAX_VALUE / 2));
        assertEquals(Long.MAX_VALUE, Shrinker.cost(Long.MAX_VALUE / 2 + 1));
        assertEquals(Long.MAX_VALUE - 2, Shrinker.cost(-(Long.MAX_VALUE / 2) + 1));
        assertEquals(Long.MAX_VALUE, Shrinker.cost(-(Long.MAX_VALUE / 2) - 1));
        assertEquals(Long.MAX_VALUE, Shrinker.cost(Long.MIN_VALUE));
    }

    @Test
    void candidatesBelowACountAndAValueBoldestFirst() {
        assertArrayEquals(new long[0], Shrinker.lower(0));
        assertArrayEquals(new long[0], Shrinker.lower(-4));
        assertArrayEquals(new long[] {0}, Shrinker.lower(1));
        assertArrayEquals(new long[] {0, 1}, Shrinker.lower(2));
        assertArrayEquals(new long[] {0, 1, 2}, Shrinker.lower(3));
        assertArrayEquals(new long[] {0, 2, 4}, Shrinker.lower(5));
        assertArrayEquals(new long[] {0, 8, 12, 14, 15}, Shrinker.lower(16));
        assertArrayEquals(new long[] {0, 50, 75, 88, 94, 97, 99}, Shrinker.lower(100));
        assertArrayEquals(new long[0], Shrinker.lowerValue(0));
        assertArrayEquals(new long[] {0}, Shrinker.lowerValue(1));
        assertArrayEquals(new long[] {0, 1}, Shrinker.lowerValue(-1));
        assertArrayEquals(new long[] {0, 5, -2, -4}, Shrinker.lowerValue(-5));
        assertArrayEquals(new long[] {0, 3, 5, 6}, Shrinker.lowerValue(7));
        // costs saturate at MAX_VALUE: of the halves below MAX_VALUE only MAX_VALUE / 2 costs less, and
        // below MIN_VALUE (which has no negation) only 0
        assertArrayEquals(new long[] {0, Long.MAX_VALUE / 2}, Shrinker.lowerValue(Long.MAX_VALUE));
        assertArrayEquals(new long[] {0}, Shrinker.lowerValue(Long.MIN_VALUE));
    }

    @Test
    void programsOfEqualComplexityAreOrderedByTheirTextShortlex() {
        Program a = parse("frame a words=1; call a; set 0 2");
        Program b = parse("frame b words=1; call b; set 0 2");
        Program longer = parse("frame abc words=1; call abc; set 0 2");
        assertEquals(0, Shrinker.compare(a, a));
        assertTrue(Shrinker.compare(a, b) < 0);
        assertTrue(Shrinker.compare(b, a) > 0);
        assertTrue(Shrinker.compare(b, longer) < 0, "shorter text first");
        assertTrue(Shrinker.compare(longer, a) > 0);
        assertTrue(Shrinker.compare(parse("frame a words=1; call a; set 0 1"), a) < 0, "a smaller value first");
    }

    /** An oracle that records every program shown to it. */
    static final class Recording implements Function<Program, Optional<String>> {
        final List<String> shown = new ArrayList<>();
        final Function<Program, Optional<String>> inner;

        Recording(Function<Program, Optional<String>> inner) {
            this.inner = inner;
        }

        @Override
        public Optional<String> apply(Program p) {
            shown.add(Printer.print(p));
            return inner.apply(p);
        }
    }

    /** Fails ("GC") when the program runs a gc, after checking it is legal. */
    static Optional<String> runsGc(Program p) {
        ShrinkerTest.requireLegal(p);
        for (int i = 0; i < p.length(); i++) {
            if (p.statement(i) instanceof Op.Gc) {
                return Optional.of("GC");
            }
        }
        return Optional.empty();
    }

    static final Program GC = parse("frame q words=3; frame p words=1; call p; set 0 9; call q; set 2 4; gc; ret");

    @Test
    void theOracleSeesEveryProgramOnceAndTheLayoutsAreRenamedAtTheEnd() {
        Recording oracle = new Recording(ShrinkOrderTest::runsGc);
        Shrinker.Result r = new Shrinker(oracle).shrink(GC);
        assertEquals("frame a words=1\ncall a\ngc\n", r.program().toString());
        assertEquals("GC", r.signature());
        assertFalse(r.stoppedEarly());
        assertEquals(oracle.shown.size(), r.oracleCalls());
        Set<String> distinct = new HashSet<>(oracle.shown);
        assertEquals(oracle.shown.size(), distinct.size(), "no program run twice");
        assertEquals(Printer.print(GC), oracle.shown.get(0));
        assertTrue(r.improvements() >= 3, "improvements: " + r.improvements());
        assertNull(r.choices());

        // the renaming alone: a program the passes cannot simplify keeps its shape, under the name a
        Shrinker.Result named = new Shrinker(ShrinkOrderTest::runsGc).shrink(parse("frame p words=1; call p; gc"));
        assertEquals("frame a words=1\ncall a\ngc\n", named.program().toString());
        assertEquals(1, named.improvements() + 1, "renaming is no improvement: " + named.improvements());
        Shrinker.Result kept = new Shrinker(ShrinkOrderTest::runsGc).shrink(parse("frame a words=1; call a; gc"));
        assertEquals(0, kept.improvements());
    }

    @Test
    void anOracleThatThrowsFailsAsACrashOfItsKind() {
        Function<Program, Optional<String>> crashy = p -> {
            if (runsGc(p).isPresent()) {
                throw new IllegalStateException("boom");
            }
            return Optional.empty();
        };
        Shrinker.Result r = new Shrinker(crashy).shrink(GC);
        assertEquals("crash: IllegalStateException", r.signature());
        assertEquals("frame a words=1\ncall a\ngc\n", r.program().toString());
    }

    @Test
    void aBudgetStopsTheShrinkWhereItStands() {
        // one call: the original's; nothing else is tried, not even the renaming
        Recording one = new Recording(ShrinkOrderTest::runsGc);
        Shrinker.Result r = new Shrinker(one, new Shrinker.Budget(1, 60_000)).shrink(GC);
        assertTrue(r.stoppedEarly());
        assertEquals(1, r.oracleCalls());
        assertEquals(List.of(Printer.print(GC)), one.shown);
        assertEquals(GC, r.program());
        assertEquals(0, r.improvements());
        // two calls: the original and the first candidate
        Recording two = new Recording(ShrinkOrderTest::runsGc);
        Shrinker.Result r2 = new Shrinker(two, new Shrinker.Budget(2, 60_000)).shrink(GC);
        assertTrue(r2.stoppedEarly());
        assertEquals(2, r2.oracleCalls());
        assertEquals(2, two.shown.size());
        // no time: stopped after the original, like a budget of one call
        Recording none = new Recording(ShrinkOrderTest::runsGc);
        Shrinker.Result r3 = new Shrinker(none, new Shrinker.Budget(4000, 0)).shrink(GC);
        assertTrue(r3.stoppedEarly());
        assertEquals(GC, r3.program());
        assertEquals(1, none.shown.size());
        // a generous budget runs to the fixpoint
        Shrinker.Result all = new Shrinker(ShrinkOrderTest::runsGc, new Shrinker.Budget(1000, 60_000)).shrink(GC);
        assertFalse(all.stoppedEarly());
        assertTrue(all.oracleCalls() < 1000);
    }

    private static List<String> texts(List<long[]> candidates) {
        return candidates.stream().map(java.util.Arrays::toString).toList();
    }

    /** The choice stage's four passes, candidate by candidate, in the order they are tried. */
    @Test
    void theChoicePassesCandidatesInOrder() {
        long[] seq = {3, 0, 5, 0, 0, 2};
        List<ChoiceSequence.Span> spans = List.of(new ChoiceSequence.Span(0, 6, 1, 0),
                new ChoiceSequence.Span(1, 3, 2, 1), new ChoiceSequence.Span(3, 5, 3, 1));
        assertEquals(List.of("[3, 0, 5, 2]", "[3, 0, 0, 2]", "[]"), texts(Shrinker.deleteSpans(seq, spans)));
        assertEquals(List.of("[3, 0, 0, 0, 0, 2]", "[0, 0, 0, 0, 0, 0]"), texts(Shrinker.zeroSpans(seq, spans)),
                "the span of zeros is left out");
        List<String> runs = texts(Shrinker.deleteRuns(seq));
        assertEquals(List.of("[3, 0]", "[3, 2]", "[0, 2]", // runs of 4: from the last start down
                "[3, 0, 5, 0]", "[3, 0, 5, 2]", "[3, 0, 0, 2]", "[3, 0, 0, 2]", "[5, 0, 0, 2]", // runs of 2
                "[3, 0, 5, 0, 0]", "[3, 0, 5, 0, 2]", "[3, 0, 5, 0, 2]", "[3, 0, 0, 0, 2]", "[3, 5, 0, 0, 2]",
                "[0, 5, 0, 0, 2]"), runs, "no run of 8 in 6 choices");
        assertEquals(List.of("[0, 0, 5, 0, 0, 2]", "[1, 0, 5, 0, 0, 2]", "[2, 0, 5, 0, 0, 2]",
                "[3, 0, 0, 0, 0, 2]", "[3, 0, 2, 0, 0, 2]", "[3, 0, 4, 0, 0, 2]",
                "[3, 0, 5, 0, 0, 0]", "[3, 0, 5, 0, 0, 1]"), texts(Shrinker.lowerChoices(seq)));
        assertEquals(2 + 6 + 8 + 9, Shrinker.deleteRuns(new long[9]).size(), "runs of 8, 4, 2 and 1 in 9 choices");
    }
}

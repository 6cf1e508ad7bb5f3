package dev.stackcheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.program.Op;
import dev.stackcheck.spec.Spec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlphabetTest {

    /** Every statement of the alphabet the specification allows, by filtering the whole alphabet. */
    private static Set<Integer> allowed(Alphabet a, Spec spec) {
        Set<Integer> out = new HashSet<>();
        for (int id = 0; id < a.size(); id++) {
            if (spec.whyIllegal(a.op(id)) == null) {
                out.add(id);
            }
        }
        return out;
    }

    @Test
    void legalListsExactlyTheStatementsTheSpecificationAllowsEachOnce() {
        legalIsTheSpecificationsFilter(ExploreConfig.standardAlphabet(10));
    }

    /**
     * The same with layouts whose pointer slots are not slot 0 (slots 1 and 2 of a frame of four, slot 2 of a
     * frame of three besides a nomap frame of two) and three values: every table the alphabet indexes by slot
     * and value is reached past its first row.
     */
    @Test
    void legalListsExactlyTheAllowedStatementsForPointerSlotsPastTheFirst() {
        List<dev.stackcheck.program.Layout> layouts = List.of(
                new dev.stackcheck.program.Layout("wide", 4, new int[] {1, 2}, false),
                new dev.stackcheck.program.Layout("late", 3, new int[] {2}, false),
                new dev.stackcheck.program.Layout("raw", 2, new int[0], true));
        legalIsTheSpecificationsFilter(new Alphabet(layouts, new long[] {0, 1, 5}, 6));
    }

    private static void legalIsTheSpecificationsFilter(Alphabet a) {
        Random random = new Random(42);
        int[] buf = new int[a.maxLegal()];
        int checked = 0;
        for (int walk = 0; walk < 300; walk++) {
            Spec spec = new Spec();
            for (int step = 0; step < 10; step++) {
                int n = a.legal(spec, buf);
                List<Integer> listed = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    listed.add(buf[i]);
                    assertNull(spec.whyIllegal(a.op(buf[i])), () -> a.op(buf[0]).toString());
                }
                assertEquals(n, new HashSet<>(listed).size(), "no statement twice");
                assertEquals(allowed(a, spec), new HashSet<>(listed));
                checked++;
                if (n == 0) {
                    break;
                }
                spec.apply(a.op(buf[random.nextInt(n)]));
            }
        }
        assertTrue(checked > 1000);
    }

    @Test
    void statementsThatKeepTheStateComeFirst() {
        Alphabet a = ExploreConfig.standardAlphabet(4);
        Spec spec = new Spec();
        spec.apply(new Op.Call(a.layouts().get(0)));
        int[] buf = new int[a.maxLegal()];
        int n = a.legal(spec, buf);
        assertEquals(Op.Gc.INSTANCE, a.op(buf[0]));
        assertEquals(new Op.Set(0, 0), a.op(buf[1]));
        assertEquals(new Op.Get(0), a.op(buf[2]));
        assertTrue(a.op(buf[3]) instanceof Op.Call);
        assertTrue(n > 5);
    }

    @Test
    void theFirstStatementIsACallAndNothingFollowsTheLastRet() {
        Alphabet a = ExploreConfig.standardAlphabet(3);
        int[] buf = new int[a.maxLegal()];
        Spec spec = new Spec();
        assertEquals(a.layouts().size(), a.legal(spec, buf));
        spec.apply(a.op(buf[0]));
        spec.apply(Op.Ret.INSTANCE);
        assertEquals(0, a.legal(spec, buf));
    }

    @Test
    void badAlphabetsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new Alphabet(List.of(), new long[] {0}, 3));
        assertThrows(IllegalArgumentException.class,
                () -> new Alphabet(ExploreConfig.standardLayouts(), new long[] {1L << 50}, 3));
    }

    /**
     * The statements that leave the specification's state as it is come first, all of them: on random walks
     * (which reach references, targets in other frames and defer records), once a listed statement changes
     * the state every later one does.
     */
    @Test
    void theStatementsThatKeepTheStateAreExactlyTheFirstGroup() {
        Alphabet a = ExploreConfig.standardAlphabet(8);
        Fingerprinter fp = new Fingerprinter(a);
        Random random = new Random(7);
        int[] buf = new int[a.maxLegal()];
        int kept = 0;
        for (int walk = 0; walk < 200; walk++) {
            dev.stackcheck.check.LockStep s = dev.stackcheck.check.LockStep.start(List.of());
            for (int step = 0; step < 8; step++) {
                int n = a.legal(s.spec(), buf);
                if (n == 0) {
                    break;
                }
                long here = fp.of(s);
                boolean changed = false;
                for (int i = 0; i < n; i++) {
                    dev.stackcheck.check.LockStep c = s.fork();
                    c.step(a.op(buf[i]));
                    boolean keeps = fp.of(c) == here;
                    if (keeps) {
                        kept++;
                    }
                    int at = i;
                    assertTrue(!(changed && keeps), () -> a.op(buf[at]) + " keeps the state after one that changed it");
                    assertTrue(keeps || !(a.op(buf[i]) instanceof Op.Get || a.op(buf[i]) instanceof Op.Load
                            || a.op(buf[i]) instanceof Op.Gc));
                    changed |= !keeps;
                }
                s.step(a.op(buf[random.nextInt(n)]));
            }
        }
        assertTrue(kept > 1000, "kept " + kept);
    }

    /** An alphabet of {@code maxFrames} frames lists the statements of a state that has that many. */
    @Test
    void aStateWithTheMostFramesTheAlphabetCoversHasItsStatements() {
        Alphabet a = new Alphabet(List.of(ExploreConfig.standardLayouts().get(0)), new long[] {0}, 1);
        Spec spec = new Spec();
        spec.apply(new Op.Call(a.layouts().get(0)));
        int[] buf = new int[a.maxLegal()];
        assertEquals(allowed(a, spec).size(), a.legal(spec, buf));
        spec.apply(new Op.Call(a.layouts().get(0)));
        assertThrows(IllegalStateException.class, () -> a.legal(spec, buf), "two frames, the alphabet covers one");
    }
}

package dev.stackcheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.faults.Fault;
import dev.stackcheck.faults.FaultCatalogue;
import dev.stackcheck.program.Parser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The counterexample file explore writes: its header (length, engine and message, parameters, alphabet, how
 * to replay it), the layouts it declares, its name; and what explore tells its progress listener.
 */
class CounterexampleTest {

    private static final Fault FREED = FaultCatalogue.byId("segment-freed-while-in-use");

    @Test
    void anEngineOfAnotherNameOrOtherParametersIsReplayedByHand() {
        // the catalogue's fault under a name no registry knows, with explore's own parameters
        EngineSetup mine = new EngineSetup("My Engine/2", () -> FREED.factory().apply(Profile.EXPLORE.params()));
        ExploreResult r = new Explorer(ExploreConfig.standard(List.of(mine), 3, 1)).run();
        Counterexample c = r.violation("My Engine/2");
        assertEquals(3, c.length());
        assertEquals("explore-my-engine-2-" + c.invariant() + ".stk", c.fileName());
        String[] lines = c.text().split("\n");
        assertEquals("# stackcheck explore: a shortest counterexample, 3 statements", lines[0]);
        assertEquals("# engine My Engine/2 breaks " + c.invariant() + ": " + c.message().replace('\n', ' '), lines[1]);
        assertEquals("# parameters (profile explore): segmentSize=64 segmentCache=true initialStack=32 stackGuard=8"
                + " maxStack=256 shrinkSlack=0", lines[2]);
        assertEquals("# alphabet: frames one pair big nomap ptr, values 0 1; bound 3 statements", lines[3]);
        assertEquals("# replay: run it on My Engine/2 with the parameters above", lines[4]);
        assertEquals(c.program(), Parser.parse(c.text()));
        assertTrue(c.reproduced());
        assertEquals(c.invariant(), c.violation().id());
        assertEquals(1, r.violations().size());
        assertNull(r.violation("segmented"));

        // the same engine under its catalogue name, with parameters of its own: replayed by hand too
        EngineParams other = Profile.EXPLORE.params().withSegmentCache(false).withMaxStack(512);
        EngineSetup fault = new EngineSetup(FREED.engineName(), () -> FREED.factory().apply(other));
        Alphabet a = ExploreConfig.standardAlphabet(3);
        ExploreResult r2 = new Explorer(new ExploreConfig(a, other, List.of(fault), 3, 1, Long.MAX_VALUE, 1, 1)).run();
        Counterexample c2 = r2.violation(FREED.engineName());
        String[] l2 = c2.text().split("\n");
        assertEquals("# parameters: segmentSize=64 segmentCache=false initialStack=32 stackGuard=8 maxStack=512"
                + " shrinkSlack=0", l2[2]);
        assertEquals("# replay: run it on " + FREED.engineName() + " with the parameters above", l2[4]);
        assertEquals("explore-fault-segment-freed-while-in-use-" + c2.invariant() + ".stk", c2.fileName());
    }

    @Test
    void theProgramDeclaresOnlyTheLayoutsItCalls() {
        ExploreResult r = new Explorer(ExploreConfig.standard(List.of(new EngineSetup(FREED.engineName(),
                () -> FREED.factory().apply(Profile.EXPLORE.params()))), 3, 1)).run();
        Counterexample c = r.violations().get(0);
        List<String> called = new ArrayList<>();
        for (var l : ExploreConfig.standardLayouts()) {
            if (c.text().contains("call " + l.name() + "\n")) {
                called.add(l.name());
            }
        }
        assertFalse(called.isEmpty());
        assertEquals(called, c.program().layouts().stream().map(dev.stackcheck.program.Layout::name).toList());
        assertTrue(c.text().contains("# replay: ./stackcheck run FILE --engine " + FREED.engineName()
                + " --profile explore"), c.text());
    }

    @Test
    void anEngineThatFailsToStartIsACounterexampleOfNoStatement() {
        EngineSetup broken = new EngineSetup("broken", () -> {
            throw new IllegalStateException("no memory today");
        });
        ExploreResult r = new Explorer(ExploreConfig.standard(List.of(broken), 2, 1)).run();
        Counterexample c = r.violation("broken");
        assertEquals(0, c.length());
        assertEquals("ENG-1", c.invariant());
        assertTrue(c.program().body().isEmpty());
        assertTrue(c.program().layouts().isEmpty());
        assertTrue(c.reproduced());
        assertNull(c.violation());
        assertTrue(c.text().startsWith("# stackcheck explore: a shortest counterexample, 0 statements\n# engine broken"
                + " breaks ENG-1: "), c.text());
        assertTrue(c.message().contains("no memory today"), c.message());
        assertFalse(r.ok());
        assertEquals(1, r.violations().size());
    }

    @Test
    void progressIsToldAfterEveryLevelWithTheTotalsSoFar() {
        List<long[]> told = new ArrayList<>();
        ExploreResult r = new Explorer(ExploreConfig.standard(ExploreConfig.engines(Engines.providers()), 3, 1))
                .run((depth, states, transitions, nanos) -> told.add(new long[] {depth, states, transitions}));
        List<String> expected = new ArrayList<>();
        long states = 1;
        long transitions = 0;
        for (int l = 1; l <= 3; l++) {
            states += r.levels().get(l).states();
            transitions += r.levels().get(l).transitions();
            expected.add(l + " " + states + " " + transitions);
        }
        List<String> got = new ArrayList<>();
        for (long[] t : told) {
            String s = t[0] + " " + t[1] + " " + t[2];
            if (expected.contains(s) && !got.contains(s)) {
                got.add(s);
            }
        }
        assertEquals(expected, got, "each level's totals, in order");
        assertEquals(List.of(1L, 5L, 41L, 331L), r.levels().stream().map(ExploreResult.LevelStats::states).toList());
        assertEquals(states, r.states());
        assertEquals(transitions, r.transitions());
        assertTrue(r.merged());
        assertEquals((r.setBytes() + r.frontierBytes()) / (double) r.states(), r.bytesPerState());
        assertEquals(0, new ExploreResult(0, 0, 0, 0, true, null, 0, 0, List.of(), List.of(), List.of(), List.of(),
                1, 1, -1, 100, 100, 0, 0, 1, 0, null).bytesPerState());
    }
}

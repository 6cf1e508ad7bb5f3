package dev.stackcheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.faults.Fault;
import dev.stackcheck.faults.FaultCatalogue;
import dev.stackcheck.program.Parser;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ExplorerTest {

    private static List<EngineSetup> reference() {
        return ExploreConfig.engines(Engines.providers());
    }

    private static EngineSetup fault(Fault f) {
        return new EngineSetup(f.engineName(), () -> f.factory().apply(Profile.EXPLORE.params()));
    }

    @Test
    void referenceEnginesHoldEverywhereWithinTheBoundAndTheSearchIsComplete() {
        ExploreResult r = new Explorer(ExploreConfig.standard(reference(), 4, 2)).run();
        assertTrue(r.complete());
        assertNull(r.stopped());
        assertEquals(4, r.reached());
        assertTrue(r.ok(), () -> r.violations().toString());
        assertEquals(5, r.levels().size());
        assertEquals(1, r.levels().get(0).states());
        assertEquals(ExploreConfig.standardLayouts().size(), r.levels().get(1).states(),
                "one state per layout after the first call");
        long sum = 0;
        for (ExploreResult.LevelStats l : r.levels()) {
            sum += l.states();
        }
        assertEquals(r.states(), sum);
        assertTrue(r.states() > 1000, "the space is not trivial: " + r.states());
        assertTrue(r.transitions() >= r.states() - 1, "every stored state but the first came from a transition");
        assertTrue(r.bytesPerState() > 0);
        assertEquals(List.of("copying: skipped on paths that call nomap (it refuses programs declaring it)"),
                r.skipped());
    }

    @Test
    void oneAndSeveralWorkersGiveTheSameResult() {
        ExploreResult one = new Explorer(ExploreConfig.standard(reference(), 4, 1)).run();
        ExploreResult two = new Explorer(ExploreConfig.standard(reference(), 4, 2)).run();
        ExploreResult three = new Explorer(ExploreConfig.standard(reference(), 4, 3)).run();
        for (ExploreResult r : List.of(two, three)) {
            assertEquals(one.states(), r.states());
            assertEquals(one.transitions(), r.transitions());
            assertEquals(one.levels(), r.levels());
            assertEquals(one.complete(), r.complete());
        }
    }

    @Test
    void aFaultGivesTheSameShortestCounterexampleWithAnyNumberOfWorkers() {
        Fault f = FaultCatalogue.byId("hybrid-adjusts-older-segments");
        String text = null;
        for (int w = 1; w <= 3; w++) {
            ExploreResult r = new Explorer(ExploreConfig.standard(List.of(fault(f)), 5, w)).run();
            assertEquals(1, r.violations().size());
            if (text == null) {
                text = r.violations().get(0).text();
            } else {
                assertEquals(text, r.violations().get(0).text(), "workers " + w);
            }
        }
    }

    /**
     * Catalogue faults whose shortest exposure in the explore alphabet is no longer than the catalogue's
     * minimalOps: explored alone, up to minimalOps statements, each is found, breaking the catalogue's
     * invariant, and the ordinary runner replays the counterexample to the same violation while the
     * reference engine passes it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"copy-frees-old-stack-first", "newstack-doubles-once", "newstack-ignores-guard",
            "copy-leaks-old-stack", "record-saves-wrong-sp", "split-frame-skips-lessstack", "hybrid-copies-nomap-frame",
            "segment-freed-while-in-use", "copy-adjusts-off-by-one-word", "copy-skips-defer-records",
            "hybrid-adjusts-older-segments", "segment-leaked-on-return"})
    void exploreFindsCatalogueFaultsWithinTheirMinimalLength(String id) {
        Fault f = FaultCatalogue.byId(id);
        ExploreResult r = new Explorer(ExploreConfig.standard(List.of(fault(f)), f.minimalOps(), 2)).run();
        assertEquals(1, r.violations().size(), id);
        Counterexample c = r.violations().get(0);
        assertEquals(f.invariant(), c.invariant(), c.message());
        assertTrue(c.length() <= f.minimalOps(), c.length() + " > " + f.minimalOps());
        assertTrue(c.reproduced(), "the runner replays it");
        assertEquals(f.invariant(), c.violation().id());
        assertEquals(c.program(), Parser.parse(c.text()), "the written file parses back to the program");
        RunResult ref = Runner.run(c.program(), List.of(new EngineSetup(f.base(),
                () -> Fault.referenceEngine(f.base(), Profile.EXPLORE.params()))));
        assertTrue(ref.ok(), () -> "the reference engine passes it: " + ref.violations());
    }

    @Test
    void breadthFirstGivesAShortestCounterexample() {
        Fault f = FaultCatalogue.byId("segment-freed-while-in-use");
        ExploreResult r = new Explorer(ExploreConfig.standard(List.of(fault(f)), 6, 2)).run();
        Counterexample c = r.violation(f.engineName());
        assertNotNull(c);
        assertEquals(3, c.length(), c.text());
        ExploreResult shorter = new Explorer(ExploreConfig.standard(List.of(fault(f)), 2, 2)).run();
        assertTrue(shorter.ok(), "nothing within 2 statements");
        assertTrue(shorter.complete());
        assertTrue(c.text().startsWith("# stackcheck explore: a shortest counterexample, 3 statements\n"), c.text());
        assertTrue(c.text().contains("# parameters (profile explore): segmentSize=64 segmentCache=true initialStack=32"
                + " stackGuard=8 maxStack=256 shrinkSlack=0"), c.text());
    }

    @Test
    void aCounterexampleOfAReferenceEngineNamesTheRunCommandThatReplaysIt() {
        // a reference engine made to break by exploring it with the catalogue's fault under its own name
        Fault f = FaultCatalogue.byId("record-saves-wrong-sp");
        EngineSetup disguised = new EngineSetup("segmented", () -> f.factory().apply(Profile.EXPLORE.params()));
        ExploreResult r = new Explorer(ExploreConfig.standard(List.of(disguised), 3, 1)).run();
        Counterexample c = r.violation("segmented");
        assertTrue(c.text().contains("# replay: ./stackcheck run FILE --engine segmented --profile explore"), c.text());
        assertEquals("explore-segmented-SEG-2.stk", c.fileName());
    }

    @Test
    void theStateLimitStopsTheSearchIncomplete() {
        ExploreResult r = new Explorer(ExploreConfig.standard(reference(), 5, 2).withMaxStates(100)).run();
        assertFalse(r.complete());
        assertTrue(r.stopped().contains("state limit"), r.stopped());
        assertEquals(100, r.states());
    }

    @Test
    void depthZeroIsTheInitialStateAlone() {
        ExploreResult r = new Explorer(ExploreConfig.standard(reference(), 0, 1)).run();
        assertEquals(1, r.states());
        assertEquals(0, r.transitions());
        assertTrue(r.complete());
    }

    @Test
    void aBrokenEngineDropsOutAndTheOthersAreStillExploredToTheBound() {
        Fault f = FaultCatalogue.byId("lessstack-returns-to-wrong-segment");
        List<EngineSetup> engines = List.of(reference().get(0), fault(f));
        ExploreResult r = new Explorer(ExploreConfig.standard(engines, 5, 2)).run();
        assertEquals(1, r.violations().size(), () -> r.violations().toString());
        assertEquals(f.engineName(), r.violations().get(0).engine());
        assertTrue(r.complete(), "segmented never broke, so the whole space was covered");
        assertEquals(5, r.reached());
    }
}

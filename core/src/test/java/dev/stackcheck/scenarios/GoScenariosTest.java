package dev.stackcheck.scenarios;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.Coverage;
import dev.stackcheck.check.EngineResult;
import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.RunOptions;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.HybridEngine;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Printer;
import dev.stackcheck.program.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class GoScenariosTest {

    private static final Path GO = Path.of("specs", "programs", "go");

    @TestFactory
    List<DynamicTest> committedFilesAreExactlyWhatGoScenariosGenerates() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Scenarios.Scenario s : GoScenarios.all()) {
            tests.add(DynamicTest.dynamicTest(s.name(), () -> {
                Path stk = GO.resolve(s.name() + ".stk");
                Path out = GO.resolve(s.name() + ".out");
                assertTrue(Files.exists(stk), stk + " is missing: run GoScenarios.main to regenerate");
                assertEquals(s.text(), Files.readString(stk, StandardCharsets.UTF_8),
                        stk + " drifted from GoScenarios");
                assertEquals(s.outText(), Files.readString(out, StandardCharsets.UTF_8), out + " drifted");
            }));
        }
        return tests;
    }

    @Test
    void namesHeadersAndShapes() {
        Set<String> names = new HashSet<>();
        for (Scenarios.Scenario s : GoScenarios.all()) {
            assertTrue(names.add(s.name()));
            assertTrue(s.text().startsWith("# go/" + s.name() + ".stk: Go's Test"), "header of " + s.name());
            Program p = s.program();
            assertEquals(p, Parser.parse(Printer.print(p)), s.name());
            assertTrue(p.body().get(p.body().size() - 1) instanceof Op.Ret, s.name() + " ends with a ret");
            assertTrue(!s.observations().isEmpty());
        }
        assertEquals(Set.of("stackgrowth", "deferptrs", "deferptrsgoexit", "stackmem", "stackcache", "framepointer"),
                names);
        // growStack(i) observes x == n at levels 1..i and i + 1 at the top: i + 1 values per iteration
        int n = GoScenarios.GROW_ITERATIONS;
        assertEquals((long) n * (n + 1) / 2, GoScenarios.stackGrowth(n).observations().size());
        assertEquals(List.of(1L, 1L, 2L, 1L, 2L, 3L), GoScenarios.stackGrowth(3).observations());
        assertEquals(List.of(0L, 1L, 42L), GoScenarios.deferPtrs(1).observations());
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L), GoScenarios.stackCache(1, 1).observations());
        assertEquals(3 * 129, GoScenarios.stackMem(3).observations().size());
    }

    /**
     * Every Go scenario runs on the three reference engines, with each profile's sizes, without a violation and
     * with the observations of its .out file; and it exercises what its Go test is about.
     */
    @TestFactory
    List<DynamicTest> everyGoScenarioPassesOnTheReferenceEngines() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Scenarios.Scenario s : GoScenarios.all()) {
            tests.add(DynamicTest.dynamicTest(s.name(), () -> {
                Program p = s.program();
                List<EngineSetup> engines = List.of(
                        new EngineSetup("copying", () -> new CopyingEngine(Profile.GO1_4.params())),
                        new EngineSetup("copying-go1.19", () -> new CopyingEngine(Profile.GO1_19.params())),
                        new EngineSetup("segmented", () -> new SegmentedEngine(Profile.GO1_2.params())),
                        new EngineSetup("gcc", () -> new SegmentedEngine(Profile.GCC.params())),
                        new EngineSetup("hybrid", () -> new HybridEngine(Profile.GO1_3.params())));
                RunResult r = Runner.run(p, engines, RunOptions.DEFAULT.withDiagrams(false));
                assertTrue(r.ok(), s.name() + ": " + r.violations());
                assertTrue(r.completed(), s.name());
                long[] expected = s.observations().stream().mapToLong(Long::longValue).toArray();
                assertArrayEquals(expected, r.expected(), s.name() + ": specification");
                for (EngineResult e : r.engines()) {
                    assertArrayEquals(expected, e.observations(), s.name() + " on " + e.name());
                    Coverage c = e.coverage();
                    if (e.name().startsWith("copying")) {
                        assertTrue(c.grow() >= 2, s.name() + " grows the copying stack: " + c);
                    } else if (!e.name().equals("hybrid")) {
                        assertTrue(c.split() >= 1 && c.lessstack() >= 1,
                                s.name() + " splits on " + e.name() + ": " + c);
                    }
                }
                EngineResult copying = r.engine("copying");
                if (s.name().startsWith("deferptrs")) {
                    assertTrue(copying.coverage().deferAdjusted() >= 1, "a copy moved the defer's pointer: "
                            + copying.coverage());
                }
                if (s.name().equals("framepointer") || s.name().equals("stackcache")) {
                    assertTrue(copying.coverage().shrink() >= 1, "the stack shrinks: " + copying.coverage());
                }
                if (s.name().equals("stackcache")) {
                    assertTrue(r.engine("gcc").coverage().cacheHit() >= 1, "the gcc cache is hit");
                }
            }));
        }
        return tests;
    }

    @Test
    void writesFilesThatMatch(@TempDir Path dir) throws IOException {
        GoScenarios.write(dir);
        for (Scenarios.Scenario s : GoScenarios.all()) {
            assertEquals(s.text(), Files.readString(dir.resolve(s.name() + ".stk")));
            assertEquals(s.outText(), Files.readString(dir.resolve(s.name() + ".out")));
        }
    }
}

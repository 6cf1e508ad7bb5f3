package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The selftest's report on a few faults, fast: the side-by-side table, the summary and the JSON, with each
 * part switched off in turn, and the example scenarios read from a directory (nested names) or, when it is
 * missing, generated in memory. (SelftestTest runs the whole catalogue.)
 */
class SelftestReportTest {

    static final List<String> FAULTS = List.of("segment-freed-while-in-use", "goexit-keeps-defer-records",
            "big-frame-in-normal-segment");

    /** Two example scenarios, one in a subdirectory. */
    static Path scenarios(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("go"));
        Files.copy(Path.of("specs/programs/hotsplit.stk"), dir.resolve("hotsplit.stk"));
        Files.copy(Path.of("specs/programs/go/deferptrs.stk"), dir.resolve("go/deferptrs.stk"));
        Files.writeString(dir.resolve("go/deferptrs.out"), "not a program: only .stk files are read\n");
        return dir;
    }

    /** The report's text with its times (which vary) masked. */
    static String untimed(String s) {
        return s.replaceAll("\\d+\\.\\d s\\)", "T s)");
    }

    @Test
    void theTableTheSummaryAndTheJsonSayWhatCaughtEachFault(@TempDir Path dir) throws IOException {
        Selftest.Options o = Selftest.Options.DEFAULT.withScenarioDir(scenarios(dir)).withScenarioSteps(5000)
                .withFaults(FAULTS);
        Selftest.Report r = Selftest.run(o);
        assertEquals("""
                | fault | engine | expected | random properties: caught by | tries | counterexample / minimal ops | example scenarios that catch it |
                |---|---|---|---|---:|---:|---|
                | segment-freed-while-in-use | segmented | MEM-1 | MEM-1 | 1 | 3 / 3 | hotsplit (MEM-1) |
                | goexit-keeps-defer-records | segmented | PTR-2 | PTR-2 | 20 | 4 / 4 | none |
                | big-frame-in-normal-segment | segmented | SEG-4 | SEG-4 | 1 | 1 / 1 | hotsplit (SEG-4) |

                3 faults: random properties catch 3 (1000 tries each at most, seed 0, T s); the 2 example scenarios alone catch 2 (T s); together 3.
                """, untimed(r.table()));
        assertEquals("""
                segment-freed-while-in-use               caught  MEM-1  after    1 tries, counterexample 3 ops (minimal 3); scenarios: hotsplit (MEM-1)
                goexit-keeps-defer-records               caught  PTR-2  after   20 tries, counterexample 4 ops (minimal 4); no scenario
                big-frame-in-normal-segment              caught  SEG-4  after    1 tries, counterexample 1 ops (minimal 1); scenarios: hotsplit (SEG-4)
                3/3 faults caught by the random properties, 2/3 by the example scenarios alone
                """, r.summary());
        assertTrue(r.ok());
        assertTrue(r.table().contains(String.format(java.util.Locale.ROOT, "seed 0, %.1f s); the 2 example scenarios"
                + " alone catch 2 (%.1f s)", r.randomMs() / 1000.0, r.scenarioMs() / 1000.0)), r.table());
        assertTrue(r.ranScenarios() && r.ranRandom());
        assertEquals(List.of("go/deferptrs", "hotsplit"), r.scenarioNames());
        assertEquals(3, r.caughtByEither());
        assertEquals(2, r.caughtByScenarios());
        assertNull(r.fault("no-such-fault"));
        Selftest.FaultResult goexit = r.fault("goexit-keeps-defer-records");
        assertEquals("frame a words=2 ptrs=0\ncall a\naddr 0 0.1\ndefer 0 0\nret\n", goexit.counterexample());
        Map<String, Object> json = r.toJson();
        assertEquals(List.of("total", "caught", "caughtByScenarios", "caughtByEither", "seed", "tries", "scenarios",
                "scenarioMs", "randomMs", "faults"), List.copyOf(json.keySet()));
        assertEquals(List.of(3, 3, 2, 3, 0L, 1000L, List.of("go/deferptrs", "hotsplit")),
                List.of(json.get("total"), json.get("caught"), json.get("caughtByScenarios"),
                        json.get("caughtByEither"), json.get("seed"), json.get("tries"), json.get("scenarios")));
        assertEquals(r.scenarioMs(), json.get("scenarioMs"));
        assertEquals(r.randomMs(), json.get("randomMs"));
        Map<?, ?> one = (Map<?, ?>) ((List<?>) json.get("faults")).get(1);
        assertEquals("{id=goexit-keeps-defer-records, caught=true, invariant=PTR-2, tries=20, counterexampleOps=4,"
                + " minimalOps=4, caughtByScenarios=false, base=segmented, expectedInvariant=PTR-2, scenarios=[],"
                + " counterexample=" + goexit.counterexample() + ", note=null}", one.toString());
        long sumRandom = 0;
        long sumScenarios = 0;
        for (Selftest.FaultResult f : r.faults()) {
            sumRandom += f.randomMs();
            sumScenarios += f.scenarioMs();
        }
        assertEquals(sumRandom, r.randomMs());
        assertEquals(sumScenarios, r.scenarioMs());
    }

    @Test
    void aPartSwitchedOffShowsAsADash(@TempDir Path dir) throws IOException {
        Selftest.Report scenariosOnly = Selftest.run(Selftest.Options.DEFAULT.withRandom(false)
                .withScenarioDir(scenarios(dir)).withScenarioSteps(5000).withFaults(List.of(FAULTS.get(2))));
        assertEquals("""
                | big-frame-in-normal-segment | segmented | SEG-4 | - | - | - / 1 | hotsplit (SEG-4) |

                1 faults: random properties catch 0 (1000 tries each at most, seed 0, T s); the 2 example scenarios alone catch 1 (T s); together 1.
                """, untimed(r(scenariosOnly)));
        assertEquals("big-frame-in-normal-segment              MISSED ; scenarios: hotsplit (SEG-4)\n"
                + "0/1 faults caught by the random properties, 1/1 by the example scenarios alone\n", scenariosOnly.summary());
        assertFalse(scenariosOnly.ok(), "the random properties did not run");
        assertEquals(0, scenariosOnly.faults().get(0).tries());

        Selftest.Report fewTries = Selftest.run(Selftest.Options.DEFAULT.withScenarios(false).withTries(3).withSeed(0)
                .withFaults(List.of(FAULTS.get(1))));
        assertEquals("""
                | goexit-keeps-defer-records | segmented | PTR-2 | **not caught** | 3 | - / 4 | - |

                1 faults: random properties catch 0 (3 tries each at most, seed 0, T s); the 0 example scenarios alone catch 0 (T s); together 0.
                """, untimed(r(fewTries)));
        assertEquals("goexit-keeps-defer-records               MISSED ; no scenario\n"
                + "0/1 faults caught by the random properties, 0/1 by the example scenarios alone\n", fewTries.summary());
        assertFalse(fewTries.ok());
        assertEquals(0, fewTries.faults().get(0).counterexampleOps());
        assertNull(fewTries.faults().get(0).counterexample());
    }

    /** The table's rows after its header. */
    private static String r(Selftest.Report r) {
        String t = r.table();
        return t.substring(t.indexOf("|---|---|---|---|---:|---:|---|\n") + 32);
    }

    @Test
    void withoutTheirDirectoryTheScenariosAreGeneratedAsCommitted() {
        // the files sorted by path; the generated ones in the generators' order, Go's last
        List<Selftest.NamedProgram> committed = Selftest.loadScenarios(Selftest.DEFAULT_SCENARIOS);
        List<Selftest.NamedProgram> generated = Selftest.loadScenarios(Path.of("no", "such", "directory"));
        assertEquals(List.of("ack", "deep", "deferptrs", "go/deferptrs", "go/deferptrsgoexit", "go/framepointer",
                "go/stackcache", "go/stackgrowth", "go/stackmem", "growth", "hotsplit", "nomap"),
                committed.stream().map(Selftest.NamedProgram::name).toList());
        java.util.Comparator<Selftest.NamedProgram> byName = java.util.Comparator.comparing(Selftest.NamedProgram::name);
        assertEquals(committed, generated.stream().sorted(byName).toList());
        assertEquals(generated, Selftest.loadScenarios(null));
        assertTrue(generated.get(generated.size() - 1).name().startsWith("go/"));
    }

    @Test
    void badOptionsAreRefused() {
        assertEquals("tries must not be negative and scenarioSteps positive: -1, 100000",
                assertThrows(IllegalArgumentException.class, () -> Selftest.Options.DEFAULT.withTries(-1)).getMessage());
        assertEquals("tries must not be negative and scenarioSteps positive: 0, 0",
                assertThrows(IllegalArgumentException.class,
                        () -> Selftest.Options.DEFAULT.withTries(0).withScenarioSteps(0)).getMessage());
        Selftest.Options o = Selftest.Options.DEFAULT.withTries(0).withScenarioSteps(1)
                .withShrinkBudget(new Shrinker.Budget(7, 8));
        assertEquals(new Selftest.Options(0, 0, true, true, Selftest.DEFAULT_SCENARIOS, 1, new Shrinker.Budget(7, 8),
                List.of()), o);
        assertThrows(NullPointerException.class, () -> o.withShrinkBudget(null));
        assertEquals(GenConfig.DEFAULT.withTargets(List.of(dev.stackcheck.faults.FaultCatalogue.byId(
                "copy-leaks-old-stack").params())).withAllowNomap(false), Selftest.generatorFor(
                dev.stackcheck.faults.FaultCatalogue.byId("copy-leaks-old-stack")));
    }

    /** No fault given: the whole catalogue; nothing run: not ok, even with no fault missed. */
    @Test
    void withoutFaultsNamedTheCatalogueIsTakenAndARunOfNothingIsNotOk() {
        Selftest.Options nothing = Selftest.Options.DEFAULT.withRandom(false).withScenarios(false);
        Selftest.Report all = Selftest.run(nothing);
        assertEquals(dev.stackcheck.faults.FaultCatalogue.all().size(), all.total());
        assertFalse(all.ok());
        Selftest.Report none = Selftest.run(nothing, List.of());
        assertEquals(0, none.total());
        assertEquals(0, none.caught());
        assertFalse(none.ok(), "the random properties did not run");
        assertTrue(Selftest.run(nothing.withRandom(true), List.of()).ok(), "ran, on no fault: nothing missed");
    }
}

package dev.stackcheck.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed example programs are byte for byte what the generators produce, checked in plain test
 * methods (the dynamic tests of ScenariosTest and GoScenariosTest say the same per file, but code run
 * while a test factory builds its tests is not attributed to the dynamic test that fails, so a mutation
 * tool cannot see those tests kill a wrong generator).
 */
class ScenarioFilesTest {

    private static void assertCommitted(Path dir, List<Scenarios.Scenario> scenarios) throws IOException {
        for (Scenarios.Scenario s : scenarios) {
            assertEquals(Files.readString(dir.resolve(s.name() + ".stk"), StandardCharsets.UTF_8), s.text(),
                    s.name() + ".stk");
            assertEquals(Files.readString(dir.resolve(s.name() + ".out"), StandardCharsets.UTF_8), s.outText(),
                    s.name() + ".out");
        }
    }

    @Test
    void exampleProgramsAreWhatScenariosGenerates() throws IOException {
        assertCommitted(Path.of("specs", "programs"), Scenarios.all());
    }

    @Test
    void goProgramsAreWhatGoScenariosGenerates() throws IOException {
        assertCommitted(Path.of("specs", "programs", "go"), GoScenarios.all());
    }

    @Test
    void mainWritesEveryFile(@TempDir Path dir) throws IOException {
        Scenarios.main(new String[] {dir.resolve("a").toString()});
        GoScenarios.main(new String[] {dir.resolve("b").toString()});
        assertCommitted(dir.resolve("a"), Scenarios.all());
        assertCommitted(dir.resolve("b"), GoScenarios.all());
        try (var files = Files.list(dir.resolve("b"))) {
            assertEquals(2 * GoScenarios.all().size(), files.count());
        }
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Scenarios.main(new String[0]));
        assertEquals("usage: Scenarios DIR (the committed files are in specs/programs)", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GoScenarios.main(new String[] {"a", "b"}));
        assertEquals("usage: GoScenarios DIR (the committed files are in specs/programs/go)", e.getMessage());
    }

    @Test
    void ackermannTakesSmallArgumentsOnly() {
        assertEquals(List.of(5L), Scenarios.ack(3, 0).observations().subList(Scenarios.ack(3, 0).observations().size() - 1,
                Scenarios.ack(3, 0).observations().size()));
        assertEquals(List.of(7L), Scenarios.ack(0, 6).observations());
        for (int[] mn : new int[][] {{-1, 0}, {0, -1}, {4, 0}, {0, 7}}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Scenarios.ack(mn[0], mn[1]));
            assertEquals("a(" + mn[0] + "," + mn[1] + ") is too large to unroll", e.getMessage());
        }
    }

    @Test
    void theDeepestLevelOfGrowthIsNotedWhateverTheDepth() {
        String t = Scenarios.growth(200).text();
        org.junit.jupiter.api.Assertions.assertTrue(t.contains("# depth 200, n = 0\n"), t);
        org.junit.jupiter.api.Assertions.assertTrue(t.contains("# depth 128, n = 72\n"), t);
        org.junit.jupiter.api.Assertions.assertTrue(t.matches("(?s).*\n  load 1 +# sees 1\n.*"), t);
    }
}

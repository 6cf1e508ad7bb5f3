package dev.stackcheck.program;

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
    }
}

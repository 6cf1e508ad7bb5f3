package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every example program under specs/programs passes on every reference engine, at every profile (a
 * program of more than {@link #LONG} steps only on the three engines at their own profiles).
 */
class ExampleProgramsTest {

    static final long LONG = 200_000;

    @TestFactory
    List<DynamicTest> examplesPassOnEveryEngineAndProfile() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("specs", "programs"))) {
            files = walk.filter(p -> p.toString().endsWith(".stk")).sorted().toList();
        }
        assertTrue(!files.isEmpty());
        List<EngineSetup> engines = new ArrayList<>();
        for (Profile p : Profile.all()) {
            EngineParams params = p.params();
            engines.add(new EngineSetup("segmented/" + p.name(), Fixtures.segmented(params).factory()));
            engines.add(new EngineSetup("copying/" + p.name(), Fixtures.copying(params).factory()));
            engines.add(new EngineSetup("hybrid/" + p.name(), Fixtures.hybrid(params).factory()));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Path stk : files) {
            tests.add(DynamicTest.dynamicTest(stk.getFileName().toString(), () -> {
                Program program = Parser.parse(stk);
                RunResult r = Runner.run(program, program.steps() > LONG ? Fixtures.reference() : engines,
                        RunOptions.DEFAULT);
                assertEquals("ok", r.verdict(), () -> r.violations().get(0).explain());
                String name = stk.getFileName().toString().replace(".stk", ".out");
                long[] want = Files.readAllLines(stk.resolveSibling(name), StandardCharsets.UTF_8).stream()
                        .filter(s -> !s.isBlank()).mapToLong(Long::parseLong).toArray();
                assertArrayEquals(want, r.expected());
                for (EngineResult e : r.engines()) {
                    if (e.overflow() == null) {
                        assertArrayEquals(want, e.observations(), e.name());
                    }
                }
            }));
        }
        return tests;
    }
}

package dev.stackcheck.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.stackcheck.program.Cursor;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every committed example program through the specification and compares with its .out file. */
class SpecProgramsTest {

    private static final Path PROGRAMS = Path.of("specs", "programs");

    @TestFactory
    List<DynamicTest> everyProgramObservesWhatItsOutFileSays() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(PROGRAMS)) {
            files = walk.filter(p -> p.toString().endsWith(".stk")).sorted().collect(Collectors.toList());
        }
        assertTrue(files.size() >= 6, "expected the example programs under " + PROGRAMS);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path stk : files) {
            tests.add(DynamicTest.dynamicTest(PROGRAMS.relativize(stk).toString(), () -> check(stk)));
        }
        return tests;
    }

    private static void check(Path stk) throws IOException {
        String name = stk.getFileName().toString();
        Path out = stk.resolveSibling(name.substring(0, name.length() - ".stk".length()) + ".out");
        assertTrue(Files.exists(out), out + " is missing");
        List<String> expected = Files.readAllLines(out, StandardCharsets.UTF_8);
        Program program = Parser.parse(stk);
        Spec spec = new Spec();
        Cursor cursor = program.cursor();
        List<String> seen = new ArrayList<>();
        while (cursor.hasNext()) {
            Op op = cursor.next();
            try {
                spec.apply(op);
            } catch (RuleViolation v) {
                fail(stk + ":" + program.position(cursor.index()) + ": " + v.getMessage());
            }
            if (spec.observed()) {
                int k = seen.size();
                String v = Long.toString(spec.observation());
                if (k >= expected.size() || !expected.get(k).equals(v)) {
                    fail(stk + ":" + program.position(cursor.index()) + ": observation " + (k + 1) + " is " + v
                            + ", " + out.getFileName() + " says "
                            + (k < expected.size() ? expected.get(k) : "nothing more"));
                }
                seen.add(v);
            }
        }
        assertEquals(expected.size(), seen.size(), "number of observations");
        assertTrue(spec.ended(), stk + " ends with the ret of frame 0");
    }
}

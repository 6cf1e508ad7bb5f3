package dev.stackcheck.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class ScenariosTest {

    private static final Path PROGRAMS = Path.of("specs", "programs");

    @TestFactory
    List<DynamicTest> committedFilesAreExactlyWhatScenariosGenerates() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Scenarios.Scenario s : Scenarios.all()) {
            tests.add(DynamicTest.dynamicTest(s.name(), () -> {
                Path stk = PROGRAMS.resolve(s.name() + ".stk");
                Path out = PROGRAMS.resolve(s.name() + ".out");
                assertTrue(Files.exists(stk), stk + " is missing: run Scenarios.main to regenerate");
                assertEquals(s.text(), Files.readString(stk, StandardCharsets.UTF_8),
                        stk + " drifted from Scenarios: regenerate it, or change the generator");
                assertEquals(s.outText(), Files.readString(out, StandardCharsets.UTF_8),
                        out + " drifted from Scenarios");
            }));
        }
        return tests;
    }

    @Test
    void scenariosParseAndRoundTrip() {
        Set<String> names = new HashSet<>();
        for (Scenarios.Scenario s : Scenarios.all()) {
            assertTrue(names.add(s.name()), "duplicate name " + s.name());
            assertTrue(s.text().startsWith("# " + s.name() + ".stk: "), "header of " + s.name());
            Program p = s.program();
            assertEquals(p, Parser.parse(Printer.print(p)), s.name());
            assertTrue(p.body().get(0) instanceof Op.Call, s.name() + " starts with a call");
            assertTrue(p.body().get(p.body().size() - 1) instanceof Op.Ret, s.name() + " ends with a ret");
            assertTrue(!s.observations().isEmpty());
        }
        assertEquals(Set.of("ack", "hotsplit", "growth", "deferptrs", "nomap", "deep"), names);
    }

    @Test
    void ackermannValues() {
        // a(1,1) = a(0, a(1,0)); a(1,0) = a(0,1) = 2; a(0,2) = 3
        assertEquals(List.of(2L, 2L, 3L, 3L), Scenarios.ack(1, 1).observations());
        assertEquals(List.of(2L), Scenarios.ack(0, 1).observations());
        List<Long> a23 = Scenarios.ack(2, 3).observations();
        assertEquals(9L, a23.get(a23.size() - 1));
        // every activation but a(2,3) is observed by its caller, and main observes a(2,3): one per call of ack
        assertEquals(countCalls(Scenarios.ack(2, 3).program()) - 1, a23.size());
        assertEquals(44, a23.size());
        List<Long> a24 = Scenarios.ack(2, 4).observations();
        assertEquals(11L, a24.get(a24.size() - 1));
    }

    private static long countCalls(Program p) {
        long calls = 0;
        for (int i = 0; i < p.length(); i++) {
            if (p.statement(i) instanceof Op.Call) {
                calls++;
            }
        }
        return calls;
    }

    @Test
    void shapesOfTheLargePrograms() {
        assertEquals(2 * 2048, Scenarios.growth(1024).observations().size());
        assertEquals(3000, Scenarios.hotSplit(1000).observations().size());
        Program deep = Scenarios.deep(1_000_000).program();
        assertTrue(deep.length() < 20, "deep.stk stays tiny");
        assertEquals(2 * 1_000_000L + 10, deep.steps());
    }

    @Test
    void writesFilesThatMatch(@TempDir Path dir) throws IOException {
        Scenarios.write(dir);
        for (Scenarios.Scenario s : Scenarios.all()) {
            assertEquals(s.text(), Files.readString(dir.resolve(s.name() + ".stk")));
            assertEquals(s.outText(), Files.readString(dir.resolve(s.name() + ".out")));
        }
    }
}

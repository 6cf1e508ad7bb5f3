package dev.stackcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When two engines observe different values, run prints them side by side with the specification's. */
class DisagreementTest {

    @TempDir
    Path dir;

    /** get in f reads slot 0: the faulty engine reads the caller's slot 0 (7) instead of f's own (3). */
    static final String PROGRAM = String.join("\n",
            "frame main words=2",
            "frame f words=2",
            "call main",
            "set 0 7",
            "call f",
            "set 0 3",
            "get 0",
            "ret",
            "ret",
            "");

    @Test
    void twoEnginesThatDisagreeArePrintedSideBySide() throws IOException {
        Path p = dir.resolve("p.stk");
        Files.writeString(p, PROGRAM);
        Cli r = Cli.run("run", p.toString(), "--engine", "segmented,fault:get-reads-caller-slot");
        assertEquals(1, r.status(), r.err());
        String out = r.out();
        assertTrue(out.contains("disagreement observation #1, line 7:1 `get 0`: the engines observed different values"),
                out);
        assertTrue(out.lines().anyMatch(l -> l.matches("  specification +3")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("  segmented +3")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("  fault:get-reads-caller-slot +7  \\(differs\\)")), out);

        Cli j = Cli.run("run", p.toString(), "--engine", "segmented,fault:get-reads-caller-slot", "--json");
        JsonNode d = Json.mapper().readTree(j.out()).get("disagreement");
        assertEquals(1, d.get("observation").asLong());
        assertEquals(3, d.get("specification").asLong());
        assertEquals(3, d.get("engines").get("segmented").asLong());
        assertEquals(7, d.get("engines").get("fault:get-reads-caller-slot").asLong());
    }

    @Test
    void specNamesTheProperty() throws IOException {
        String spec = Files.readString(Path.of("specs/SPEC.md"));
        int at = spec.indexOf("### Equivalence of split and copy results");
        assertTrue(at > 0, "SPEC.md names the property");
        String section = spec.substring(at, spec.indexOf("\n## ", at));
        for (String id : new String[] {"REF-1", "REF-2", "PTR-1", "PTR-2", "OVF-1"}) {
            assertTrue(section.contains(id), id);
        }
    }

    @Test
    void enginesThatAgreePrintNoDisagreement() throws IOException {
        Path p = dir.resolve("p.stk");
        Files.writeString(p, PROGRAM);
        Cli r = Cli.run("run", p.toString(), "--engine", "all");
        assertEquals(0, r.status(), r.err());
        assertFalse(r.out().contains("disagreement"), r.out());
    }
}

package dev.stackcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateTraceCommandTest {

    static final Path TRACE = Path.of("specs/traces/go1.19-rec200.log");

    @TempDir
    Path dir;

    @Test
    void theRealTracePasses() {
        Cli r = Cli.run("validate-trace", TRACE.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("7 growth copies, 0 shrinks, 1 goroutine"), r.out());
        assertTrue(r.out().contains("verdict      ok"), r.out());
    }

    /** One copystack line's used bytes altered (its new stack pointer moved by 8): that line fails. */
    @Test
    void alteredUsedBytesFailNamingTheLine() throws IOException {
        List<String> lines = Files.readAllLines(TRACE);
        int changed = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("copystack") && lines.get(i).contains("0xc0000a7558")) {
                lines.set(i, lines.get(i).replace("0xc0000a7558", "0xc0000a7550"));
                changed = i + 1;
            }
        }
        assertEquals(43, changed);
        Path bad = dir.resolve("altered.log");
        Files.write(bad, lines);
        Cli r = Cli.run("validate-trace", bad.toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains(bad + ":43: CPY-2 the growth copy does not keep the used bytes: old hi - sp = 2728,"
                + " new hi - sp = 2736"), r.out());

        Cli json = Cli.run("validate-trace", bad.toString(), "--json");
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertEquals("violation", root.get("verdict").asText());
        assertEquals(43, root.get("violations").get(0).get("line").asInt());
        assertEquals("CPY-2", root.get("violations").get(0).get("invariant").asText());
    }

    @Test
    void aShrinkThatDoesNotHalveFails() throws IOException {
        Path bad = dir.resolve("shrink.log");
        Files.writeString(bad, "stackalloc 2048\nshrinking stack 16384->4096\n"
                + "copystack gp=0x1 [0x10000 0x13f00 0x14000] -> [0x20000 0x20f00 0x21000]/4096\n");
        Cli r = Cli.run("validate-trace", bad.toString());
        assertEquals(1, r.status(), r.out());
        assertTrue(r.out().contains(":3: CPY-3 shrink from 16384 to 4096 bytes: a shrink halves exactly"), r.out());
    }

    @Test
    void notATraceIsBadInput() throws IOException {
        assertEquals(2, Cli.run("validate-trace", "pom.xml").status());
        assertEquals(2, Cli.run("validate-trace", dir.resolve("missing.log").toString()).status());
        Path bad = dir.resolve("malformed.log");
        Files.writeString(bad, "stackalloc 2048\ncopystack gp=0x1 [0x1 0x2] -> ???\n");
        Cli r = Cli.run("validate-trace", bad.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains(bad + ":2: malformed stackDebug line"), r.err());
    }
}

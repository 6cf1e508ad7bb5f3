package dev.stackcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --engine proc:COMMAND} and outside engines by name, through {@code run}. */
class OutsideEngineOptionsTest {

    @TempDir
    Path dir;

    Path program() throws IOException {
        Path p = dir.resolve("p.stk");
        Files.writeString(p, "frame main words=1\ncall main\nset 0 7\nget 0\nret\n");
        return p;
    }

    @Test
    void procRunsACommandBesideTheReferenceEngines() throws IOException {
        Cli r = Cli.run("run", program().toString(), "--json", "--engine",
                "copying,proc:cat > /dev/null; echo '{\"obs\":7}'; echo '{\"stats\":{\"calls\":1,\"returns\":1}}'");
        assertEquals(0, r.status(), r.out() + r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals("copying", root.get("engines").get(0).get("name").asText());
        JsonNode proc = root.get("engines").get(1);
        assertTrue(proc.get("name").asText().startsWith("proc:cat"));
        assertEquals(7, proc.get("observations").get(0).asLong());
        assertEquals(1, proc.get("stats").get("calls").asLong());
    }

    @Test
    void aBrokenOutsideEngineIsAViolationWithinItsTimeout() throws IOException {
        Cli r = Cli.run("run", program().toString(), "--json", "--proc-timeout", "1", "--engine", "proc:sleep 100");
        assertEquals(1, r.status(), r.out() + r.err());
        JsonNode v = new ObjectMapper().readTree(r.out()).get("violations").get(0);
        assertEquals("ENG-1", v.get("invariant").asText());
        assertTrue(v.get("message").asText().contains("timed out after 1 s"), v.toString());
    }

    @Test
    void unknownNamesListTheOutsideEngines() {
        Cli r = Cli.run("run", "specs/programs/ack.stk", "--engine", "stackless");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown engine 'stackless'") && r.err().matches("(?s).*outside engines: [a-z, -]*\\bgo, go-release.*")
                && r.err().contains("proc:COMMAND"), r.err());
        assertEquals(2, Cli.run("run", "specs/programs/ack.stk", "--engine", "proc:").status());
        assertEquals(2, Cli.run("run", "specs/programs/ack.stk", "--engine", "proc:true", "--proc-timeout", "0").status());
    }

    @Test
    void aProcEnginesKindIsPartOfItsName() {
        Cli bad = Cli.run("run", "specs/programs/ack.stk", "--engine", "proc:kind=stackful:./x");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--engine: proc:kind=KIND:COMMAND: kind is segmented, copying, hybrid, fixed or"
                + " other, not 'stackful'"), bad.err());
        assertEquals(2, Cli.run("run", "specs/programs/ack.stk", "--engine", "proc:kind=copying:").status());
    }
}

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

class RunCommandTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void ackermannHoldsOnEveryEngineAndPrintsObservationsStatsAndVerdict() {
        Cli r = Cli.run("run", "specs/programs/ack.stk", "--engine", "all");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("engines      segmented, hybrid, copying"), r.out());
        assertTrue(r.out().contains("statistics"), r.out());
        assertTrue(r.out().contains("verdict      ok"), r.out());
        assertTrue(r.out().strip().lines().anyMatch(l -> l.strip().equals("9")), r.out());
    }

    @Test
    void jsonIsOneObjectWithTheContractFields() throws IOException {
        Cli r = Cli.run("run", "specs/programs/hotsplit.stk", "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode root = Json.mapper().readTree(r.out());
        assertEquals("ok", root.get("verdict").asText());
        assertEquals(3, root.get("engines").size());
        for (JsonNode e : root.get("engines")) {
            for (String f : new String[] {"calls", "returns", "splits", "lessstack", "segmentAllocs", "segmentFrees",
                    "cacheHits", "copies", "shrinks", "bytesCopied", "pointersAdjusted", "peakReserved", "peakUsed"}) {
                assertTrue(e.get("stats").has(f), f);
            }
            assertTrue(e.get("observations").isArray());
        }
        JsonNode segmented = root.get("engines").get(0);
        assertEquals("segmented", segmented.get("name").asText());
        assertTrue(segmented.get("stats").get("splits").asLong() >= 1000, "the hot split splits every iteration");
        assertTrue(root.get("violations").isEmpty());
        assertTrue(root.get("skipped").isEmpty());
    }

    @Test
    void copyingIsSkippedForNomapProgramsAndNamed() throws IOException {
        Cli r = Cli.run("run", "specs/programs/nomap.stk", "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode root = Json.mapper().readTree(r.out());
        assertEquals("copying", root.get("skipped").get(0).get("name").asText());
        assertTrue(root.get("skipped").get(0).get("reason").asText().contains("nomap"));
    }

    @Test
    void malformedProgramNamesLineAndColumnAndExits2() throws IOException {
        Path p = write("bad.stk", "frame f words=2\ncall f\nset 0 x7\n");
        Cli r = Cli.run("run", p.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("bad.stk:3:7:"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertTrue(r.out().isEmpty());
    }

    @Test
    void ruleViolationNamesLineAndColumnAndExits2() throws IOException {
        Path p = write("rule.stk", "frame f words=2 ptrs=1\ncall f\n  load 1\n");
        Cli r = Cli.run("run", p.toString(), "--json");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("rule.stk:3:3:"), r.err());
        assertTrue(r.err().contains("holds no pointer"), r.err());
        JsonNode error = Json.mapper().readTree(r.out());
        assertEquals(2, error.get("status").asInt(), "--json prints one JSON error object on bad input");
        assertEquals("run", error.get("command").asText());
        assertTrue(error.get("error").asText().contains("rule.stk:3:3:"), r.out());
    }

    @Test
    void statementAfterFinalRetIsBadInput() throws IOException {
        Path p = write("after.stk", "frame f words=1\ncall f\nret\ngc\n");
        Cli r = Cli.run("run", p.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("after.stk:4:1:"), r.err());
    }

    @Test
    void impossibleOptionsExit2NamingTheOption() {
        assertEquals(2, Cli.run("run", "specs/programs/ack.stk", "--engine", "stackless").status());
        Cli r = Cli.run("run", "specs/programs/ack.stk", "--profile", "go0.9");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--profile"), r.err());
        assertEquals(2, Cli.run("run").status());
        assertEquals(2, Cli.run("run", "a.stk", "--bogus").status());
        assertEquals(2, Cli.run().status());
        Cli missing = Cli.run("run", dir.resolve("none.stk").toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void overflowIsReportedAsGoReportsItNotAsACrash() throws IOException {
        Path p = write("big.stk", "frame huge words=2000000\ncall huge\nrepeat 100 {\n  call huge\n}\n");
        Cli r = Cli.run("run", p.toString(), "--engine", "copying", "--json");
        JsonNode root = Json.mapper().readTree(r.out());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals("stack overflow: goroutine stack exceeds 1000000000-byte limit",
                root.get("engines").get(0).get("overflow").asText());
    }
}

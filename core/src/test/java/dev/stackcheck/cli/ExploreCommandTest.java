package dev.stackcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackcheck.explore.ExploreResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExploreCommandTest {

    @TempDir
    Path dir;

    @Test
    void jsonHasTheContractFieldsAndTheReferenceEnginesHold() throws IOException {
        Cli r = Cli.run("explore", "--depth", "3", "--json", "--out", dir.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err(), "no progress line with --json");
        JsonNode root = Json.mapper().readTree(r.out());
        for (String f : new String[] {"depth", "states", "transitions", "complete", "elapsedMs", "statesPerSecond",
                "violations"}) {
            assertTrue(root.has(f), f);
        }
        assertEquals(3, root.get("depth").asInt());
        assertTrue(root.get("complete").asBoolean());
        assertTrue(root.get("violations").isEmpty());
        assertTrue(root.get("states").asLong() > 100);
        assertTrue(root.get("transitions").asLong() >= root.get("states").asLong() - 1);
        assertEquals(4, root.get("levels").size());
    }

    @Test
    void oneAndTwoWorkersReportTheSameSpace() throws IOException {
        JsonNode one = Json.mapper().readTree(Cli.run("explore", "--depth", "3", "--json", "--workers", "1").out());
        JsonNode two = Json.mapper().readTree(Cli.run("explore", "--depth", "3", "--json", "--workers", "2").out());
        assertEquals(one.get("states"), two.get("states"));
        assertEquals(one.get("transitions"), two.get("transitions"));
        assertEquals(1, one.get("workers").asInt());
        assertEquals(2, two.get("workers").asInt());
    }

    @Test
    void humanOutputSaysWhatWasCoveredAndTheVerdict() {
        Cli r = Cli.run("explore", "--depth", "2", "--engine", "segmented,copying", "--quiet");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("engines      segmented, copying"), r.out());
        assertTrue(r.out().contains("profile explore: segmentSize=64"), r.out());
        assertTrue(r.out().contains("complete     yes: every program of at most 2 statements was explored"), r.out());
        assertTrue(r.out().contains("verdict      ok"), r.out());
    }

    @Test
    void theStateLimitMakesTheSearchIncomplete() throws IOException {
        Cli r = Cli.run("explore", "--depth", "4", "--max-states", "50", "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode root = Json.mapper().readTree(r.out());
        assertFalse(root.get("complete").asBoolean());
        assertEquals(50, root.get("states").asLong());
        assertTrue(root.get("stopped").asText().contains("state limit"));
    }

    @Test
    void badOptionsAreBadInput() throws IOException {
        assertEquals(2, Cli.run("explore", "--depth", "-1").status());
        assertEquals(2, Cli.run("explore", "--depth", "65").status());
        assertEquals(2, Cli.run("explore", "--depth", "x").status());
        assertEquals(2, Cli.run("explore", "--workers", "-1").status());
        assertEquals(0, Cli.run("explore", "--workers", "0", "--depth", "2", "--quiet").status(), "0: one per processor, as in check");
        assertEquals(2, Cli.run("explore", "--max-states", "0").status());
        for (String bad : List.of("0/2", "3/2", "1", "a/b", "1/0")) {
            Cli r = Cli.run("explore", "--shard", bad, "--depth", "2");
            assertEquals(2, r.status(), bad);
            assertTrue(r.err().contains("--shard must be I/N"), r.err());
        }
        Cli r = Cli.run("explore", "--engine", "nope");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("valid engines"), r.err());
        assertEquals(2, Cli.run("explore", "--bogus").status());
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Cli notDir = Cli.run("explore", "--depth", "2", "--spill-dir", file.toString());
        assertEquals(2, notDir.status());
        assertTrue(notDir.err().contains("--spill-dir must be a writable directory: ") && notDir.err().contains(file.toString()),
                notDir.err());
        Cli both = Cli.run("explore", "--depth", "2", "--spill-dir", dir.toString(), "--no-spill");
        assertEquals(2, both.status());
        assertTrue(both.err().contains("--spill-dir and --no-spill exclude each other"), both.err());
        assertEquals(0, Cli.run("explore", "--depth", "2", "--quiet", "--spill-dir", dir.resolve("new").toString())
                .status(), "a directory to be made when needed");
        assertEquals(0, Cli.run("explore", "--depth", "2", "--quiet", "--no-spill").status());
    }

    @Test
    void whatSpilledAndTheSequentialTimeAreInTheJson() {
        ExploreResult r = new ExploreResult(2, 2, 47, 78, true, null, 5, 9400, List.of(), List.of(), List.of(),
                List.of(), 1, 1, -1, 100, 100, 0, 0, 1, 7, new ExploreResult.Spill("/d", 47, 3, 752, 12));
        JsonNode spill = ExploreCommand.toJson(r, List.of()).get("spill");
        assertEquals("/d", spill.get("dir").asText());
        assertEquals(47, spill.get("fingerprints").asLong());
        assertEquals(3, spill.get("merges").asInt());
        assertEquals(752, spill.get("peakBytes").asLong());
        assertEquals(12, spill.get("ms").asLong());
        assertEquals(7, ExploreCommand.toJson(r, List.of()).get("serialMs").asLong());
        ExploreResult none = new ExploreResult(2, 2, 47, 78, true, null, 5, 9400, List.of(), List.of(), List.of(),
                List.of(), 1, 1, -1, 100, 100, 0, 0, 1, 0, null);
        assertFalse(ExploreCommand.toJson(none, List.of()).has("spill"));
    }

    @Test
    void outsideEnginesAreRefusedAsSuchNotAsUnknown() {
        Cli r = Cli.run("explore", "--engine", "copying,proc:./my-engine", "--depth", "1");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("outside engines cannot be explored: proc:./my-engine"), r.err());
        assertFalse(r.err().contains("unknown engine"), r.err());
    }

    @Test
    void aFaultOfTheCatalogueExitsOneAndItsCounterexampleReplaysWithRun() throws IOException {
        Cli r = Cli.run("explore", "--engine", "fault:record-saves-wrong-sp", "--depth", "3", "--json", "--out",
                dir.toString());
        assertEquals(1, r.status(), r.err());
        JsonNode v = Json.mapper().readTree(r.out()).get("violations").get(0);
        assertEquals("fault:record-saves-wrong-sp", v.get("engine").asText());
        assertEquals("SEG-2", v.get("invariant").asText());
        assertEquals(2, v.get("length").asInt());
        assertEquals("call one", v.get("statements").get(0).asText());
        assertTrue(v.get("reproduced").asBoolean());
        Path file = Path.of(v.get("file").asText());
        String text = Files.readString(file);
        assertTrue(text.contains("# replay: ./stackcheck run " + file
                + " --engine fault:record-saves-wrong-sp --profile explore"), text);
        Cli again = Cli.run("run", file.toString(), "--engine", "fault:record-saves-wrong-sp", "--profile", "explore");
        assertEquals(1, again.status(), "run replays the violation: " + again.out());
        assertTrue(again.out().contains("SEG-2"), again.out());
        Cli ok = Cli.run("run", file.toString(), "--engine", "segmented", "--profile", "explore");
        assertEquals(0, ok.status(), "the reference engine passes it: " + ok.out() + ok.err());
    }

    @Test
    void humanOutputOfAViolationShowsTheProgramAndTheStack() {
        Cli r = Cli.run("explore", "--engine", "segmented,fault:segment-freed-while-in-use", "--depth", "4",
                "--quiet", "--out", dir.toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.out().contains("verdict      violation"), r.out());
        assertTrue(r.out().contains("fault:segment-freed-while-in-use breaks MEM-1 after 3 statements"), r.out());
        assertTrue(r.out().contains("call one\ncall pair\nret\n"), r.out());
        assertTrue(r.out().contains("written to "), r.out());
        assertTrue(r.out().contains("complete     yes"), "segmented was still explored to the bound: " + r.out());
    }

    @Test
    void runAcceptsTheExploreProfile() throws IOException {
        Path p = dir.resolve("p.stk");
        Files.writeString(p, "frame big words=7\ncall big\nret\n");
        Cli r = Cli.run("run", p.toString(), "--profile", "explore", "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode copying = Json.mapper().readTree(r.out()).get("engines").get(2);
        assertEquals("copying", copying.get("name").asText());
        assertEquals(1, copying.get("stats").get("copies").asLong(), "a 64-byte frame grows the 32-byte stack");
    }
}

package dev.stackcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

    @TempDir
    Path dir;

    private JsonNode check(String... extra) throws IOException {
        String[] args = new String[extra.length + 5];
        args[0] = "check";
        args[1] = "--json";
        args[2] = "--tries";
        args[3] = "60";
        args[4] = "--out=" + dir;
        System.arraycopy(extra, 0, args, 5, extra.length);
        Cli r = Cli.run(args);
        assertEquals(0, r.status(), r.out() + r.err());
        return Json.mapper().readTree(r.out());
    }

    @Test
    void sameSeedGivesTheSameProgramsOpsCoverageAndVerdict() throws IOException {
        JsonNode a = check("--seed", "1");
        JsonNode b = check("--seed", "1");
        for (String f : new String[] {"programs", "ops", "coverage", "verdict", "engines"}) {
            assertEquals(a.get(f), b.get(f), f);
        }
        for (String f : new String[] {"programs", "ops", "violations", "seed", "elapsedMs", "opsPerSecond", "engines",
                "coverage"}) {
            assertTrue(a.has(f), f);
        }
        for (String e : new String[] {"split", "lessstack", "cacheHit", "grow", "shrink", "hybridFallback",
                "deferAdjusted", "bigFrame", "overflow"}) {
            double share = a.get("coverage").get(e).asDouble();
            assertTrue(share >= 0 && share <= 1, e);
        }
        assertEquals(60, a.get("programs").asLong());
    }

    @Test
    void differentSeedsDrawDifferentPrograms() throws IOException {
        assertTrue(check("--seed", "1").get("ops").asLong() != check("--seed", "2").get("ops").asLong());
    }

    @Test
    void shardsSplitTheProgramsDeterministically() throws IOException {
        JsonNode s1 = check("--seed", "5", "--shard", "1/2");
        JsonNode s1again = check("--seed", "5", "--shard", "1/2");
        JsonNode s2 = check("--seed", "5", "--shard", "2/2");
        assertEquals(s1.get("ops"), s1again.get("ops"));
        assertTrue(!s1.get("ops").equals(s2.get("ops")));
    }

    @Test
    void oneEngineWithAProfileAndLimit() throws IOException {
        JsonNode n = check("--engine", "copying", "--profile", "go1.4", "--max-stack", "65536");
        assertEquals("copying/go1.4/max65536", n.get("engines").get(0).asText());
        ObjectNode cov = (ObjectNode) n.get("coverage");
        assertEquals(0.0, cov.get("split").asDouble(), "a copying stack never splits");
    }

    @Test
    void impossibleOptionsExit2NamingTheOption() {
        Cli r = Cli.run("check", "--tries", "0");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--tries"), r.err());
        Cli s = Cli.run("check", "--shard", "3/2");
        assertEquals(2, s.status());
        assertTrue(s.err().contains("--shard"), s.err());
        Cli m = Cli.run("check", "--max-stack", "-5");
        assertEquals(2, m.status());
        assertTrue(m.err().contains("--max-stack"), m.err());
        assertEquals(2, Cli.run("check", "--seed", "x").status());
    }

    @Test
    void aSecondRunSaysWhenItReplayedASavedFailureAndNoReplaySkipsIt() throws IOException {
        String fault = "fault:copy-skips-defer-records";
        Cli first = Cli.run("check", "--engine", fault, "--seed", "1", "--tries", "200", "--out=" + dir);
        assertEquals(1, first.status(), first.out() + first.err());
        assertTrue(!first.out().contains("saved failure"), first.out());

        Cli replayed = Cli.run("check", "--engine", fault, "--seed", "2", "--tries", "200", "--out=" + dir);
        assertEquals(1, replayed.status(), replayed.out() + replayed.err());
        assertTrue(replayed.out().startsWith("0 programs"), replayed.out());
        assertTrue(replayed.out().contains("saved failures replayed first: 1 (--no-replay"), replayed.out());
        assertTrue(replayed.out().contains("stopped at a saved failure, replayed from " + dir.resolve("failures")
                .resolve("fault_copy-skips-defer-records")), replayed.out());

        Cli fresh = Cli.run("check", "--engine", fault, "--seed", "2", "--tries", "200", "--out=" + dir,
                "--no-replay");
        assertEquals(1, fresh.status(), fresh.out() + fresh.err());
        assertTrue(!fresh.out().startsWith("0 programs") && !fresh.out().contains("saved failure"), fresh.out());

        Cli honest = Cli.run("check", "--engine", "copying", "--seed", "2", "--tries", "20", "--out=" + dir);
        assertEquals(0, honest.status(), honest.out() + honest.err());
        assertTrue(honest.out().startsWith("20 programs") && !honest.out().contains("saved failure"), honest.out());
    }
}

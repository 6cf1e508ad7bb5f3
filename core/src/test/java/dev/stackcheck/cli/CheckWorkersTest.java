package dev.stackcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --workers K}: more threads, the same report. */
class CheckWorkersTest {

    @TempDir
    Path dir;

    private ObjectNode check(int workers) throws IOException {
        Cli r = Cli.run("check", "--tries", "40", "--seed", "3", "--json", "--workers", String.valueOf(workers),
                "--out", dir.toString());
        assertEquals(Main.OK, r.status(), r.err() + r.out());
        ObjectNode node = (ObjectNode) Json.mapper().readTree(r.out());
        assertTrue(node.get("elapsedMs").asLong() >= 0);
        node.remove("elapsedMs");
        node.remove("opsPerSecond");
        return node;
    }

    @Test
    void oneAndTwoWorkersPrintTheSameJsonButForTheTiming() throws IOException {
        ObjectNode one = check(1);
        assertEquals(40, one.get("programs").asLong());
        assertEquals(one, check(2));
    }

    @Test
    void aNegativeWorkerCountIsBadInput() {
        Cli r = Cli.run("check", "--tries", "5", "--workers", "-1", "--out", dir.toString());
        assertEquals(Main.BAD_INPUT, r.status());
        assertTrue(r.err().contains("--workers"), r.err());
    }
}

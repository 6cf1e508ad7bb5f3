package dev.stackcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackcheck.check.Coverage;
import dev.stackcheck.check.EngineResult;
import dev.stackcheck.engine.Counters;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.engine.Stats;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A statistic an outside engine did not report is shown as not reported (text) or null (JSON), never 0. */
class NotReportedStatsTest {

    static final long NONE = Stats.NOT_REPORTED;
    static final Stats STATS = new Stats(NONE, NONE, 0, 0, 0, 0, NONE, 1, 0, 64, NONE, NONE, 0);

    @Test
    void textSaysNotReported() {
        StringWriter w = new StringWriter();
        RunCommand.printStats(new PrintWriter(w, true), List.of(new EngineResult("box", StackKind.COPYING,
                new long[0], STATS, null, Coverage.of(new Counters()), 3, false)));
        String text = w.toString();
        assertTrue(text.lines().anyMatch(l -> l.startsWith("  calls") && l.endsWith("not reported")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("  copies") && l.endsWith(" 1")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("  peakUsed") && l.endsWith(" 0")), text);
    }

    @Test
    void jsonSaysNull() {
        ObjectNode n = Json.stats(STATS);
        assertTrue(n.get("pointersAdjusted").isNull());
        assertEquals(64, n.get("bytesCopied").asLong());
        assertEquals(0, n.get("peakUsed").asLong());
    }
}

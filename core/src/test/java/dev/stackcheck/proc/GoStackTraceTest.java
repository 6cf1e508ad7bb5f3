package dev.stackcheck.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.BlackBoxEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoStackTraceTest {

    static GoStackTrace.Parsed parse(String text) throws IOException {
        return GoStackTrace.parse(new BufferedReader(new StringReader(text)), "line ");
    }

    @Test
    void theReferenceTraceHasSevenGrowthCopiesOfOneGoroutine() throws IOException {
        GoStackTrace.Parsed t;
        try (BufferedReader r = Files.newBufferedReader(Path.of("specs/traces/go1.19-rec200.log"))) {
            t = GoStackTrace.parse(r, "line ");
        }
        assertTrue(t.stackDebug());
        assertTrue(t.malformed().isEmpty());
        assertEquals(87, t.lines());
        assertEquals(7, t.events().size());
        BlackBoxEvent first = t.events().get(0);
        assertEquals(BlackBoxEvent.Kind.COPY, first.kind());
        assertEquals(2048, first.oldSize());
        assertEquals(4096, first.newSize());
        assertEquals(0xc000036800L - 0xc0000363e8L, first.usedBytes());
        assertEquals(0xc000086be8L, first.newSp());
        assertEquals("0xc0000061a0", first.stack());
        assertEquals("line 32", first.origin());
        assertEquals(List.of(4096L, 8192L, 16384L, 32768L, 65536L, 131072L, 262144L),
                t.events().stream().map(BlackBoxEvent::newSize).toList());
    }

    static final String TWO_GOROUTINES = String.join("\n",
            "stackalloc 2048",
            "copystack gp=0xc000001 [0x1000 0x1400 0x1800] -> [0x4000 0x4c00 0x5000]/4096",
            "copystack gp=0xc000002 [0x2000 0x2700 0x2800] -> [0x6000 0x6f00 0x7000]/4096",
            "shrinking stack 4096->2048",
            "copystack gp=0xc000002 [0x6000 0x6f00 0x7000] -> [0x8000 0x8700 0x8800]/2048",
            "stackcheck-go: interpreter stack 0x2770",
            "");

    @Test
    void theMarkerPicksTheInterpretersGoroutine() throws IOException {
        GoStackTrace.Parsed t = parse(TWO_GOROUTINES);
        assertEquals(0x2770, t.marker());
        assertEquals(3, t.events().size());
        List<BlackBoxEvent> mine = t.ofMarkedGoroutine();
        assertEquals(2, mine.size());
        assertEquals(BlackBoxEvent.Kind.SHRINK, mine.get(1).kind());
        assertEquals("line 5", mine.get(1).origin());
        assertTrue(mine.stream().allMatch(e -> e.stack().equals("0xc000002")));
    }

    @Test
    void copiesBetweenGcMarkersBelongToThatStatement() throws IOException {
        GoStackTrace.Parsed t = parse(String.join("\n",
                "copystack gp=0x1 [0x1000 0x1400 0x1800] -> [0x4000 0x4c00 0x5000]/4096",
                "stackcheck-go: gc begin step=17",
                "shrinking stack 4096->2048",
                "copystack gp=0x1 [0x4000 0x4f00 0x5000] -> [0x8000 0x8700 0x8800]/2048",
                "stackcheck-go: gc end step=17",
                "copystack gp=0x1 [0x8000 0x8100 0x8800] -> [0x9000 0x9900 0xa000]/4096", ""));
        assertEquals(List.of(BlackBoxEvent.UNKNOWN, 17L, BlackBoxEvent.UNKNOWN),
                t.events().stream().map(BlackBoxEvent::step).toList());
        assertEquals(1, parse("stackcheck-go: gc begin step=x\n").malformed().size());
    }

    @Test
    void withoutAMarkerEveryCopyCounts() throws IOException {
        assertEquals(3, parse(TWO_GOROUTINES.replace("stackcheck-go", "#")).ofMarkedGoroutine().size());
    }

    @Test
    void anAnnouncementWithoutItsCopyIsAShrinkOfItsOwn() throws IOException {
        GoStackTrace.Parsed t = parse("stackalloc 2048\nshrinking stack 8192->2048\n");
        assertEquals(1, t.events().size());
        BlackBoxEvent e = t.events().get(0);
        assertEquals(BlackBoxEvent.Kind.SHRINK, e.kind());
        assertEquals(8192, e.oldSize());
        assertEquals(2048, e.newSize());
        assertEquals("line 2", e.origin());
    }

    @Test
    void malformedLinesAreReportedWithTheirNumbers() throws IOException {
        GoStackTrace.Parsed t = parse("stackalloc 2048\ncopystack gp=0x1 [0x1000 0x1400] -> nowhere\n"
                + "shrinking stack lots->less\ncopystack gp=0x1 [0x1000 0x1400 0x1800] -> [0x4000 0x4c00 0x5000]/99999999999999999999\n");
        assertEquals(List.of(2, 3, 4), t.malformed().stream().map(GoStackTrace.Malformed::line).toList());
        assertTrue(t.events().isEmpty());
    }

    @Test
    void otherTextIsNotAStackDebugLog() throws IOException {
        assertTrue(!parse("hello\nworld\n").stackDebug());
    }
}

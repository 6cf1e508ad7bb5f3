package dev.stackcheck.proc;

import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.program.Quote;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an outside engine wrote on standard output for one program, line by line (specs/PROTOCOL.md §2):
 * its observations, events, overflow, refusal, error and statistics. Both protocols feed it: the one
 * process per program, and the session, where the final line ends the program's answer.
 *
 * <p>Invariant: it holds only lines that obey the protocol; {@link #accept} refuses the first that does not
 * and says why, and after that the transcript is not fed again.
 */
final class Transcript {

    private final long maxLines;
    private long lines;
    private long[] obs = new long[64];
    private int nobs;
    private final List<BlackBoxEvent> events = new ArrayList<>();
    private Map<String, Long> stats;
    private String overflow;
    private String refusal;
    private String error;

    /** A transcript that accepts at most {@code maxLines} lines. */
    Transcript(long maxLines) {
        this.maxLines = maxLines;
    }

    /** At most twice the statements the program runs plus 10,000 lines (PROTOCOL.md §2). */
    static long maxLines(long steps) {
        return steps > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : 2 * steps + 10_000;
    }

    /**
     * Takes one line (without its LF; a CR before it is dropped).
     *
     * @return null, or why the line breaks the protocol
     */
    String accept(String text) {
        lines++;
        String where = "stdout line " + lines;
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (lines > maxLines) {
            return where + ": more lines than the program can explain (" + maxLines + ")";
        }
        if (finished()) {
            return where + " follows the final line: " + Quote.line(text);
        }
        Protocol.Line l;
        try {
            l = Protocol.parse(text, where);
        } catch (ProtocolError e) {
            return where + " is not protocol: " + e.getMessage();
        }
        if (l instanceof Protocol.Obs o) {
            if (overflow != null) {
                return where + ": an observation after the overflow";
            }
            if (nobs == obs.length) {
                obs = Arrays.copyOf(obs, nobs * 2);
            }
            obs[nobs++] = o.value();
        } else if (l instanceof Protocol.Event e) {
            events.add(e.event());
        } else if (l instanceof Protocol.Overflow o) {
            if (overflow != null) {
                return where + ": a second overflow";
            }
            overflow = o.message();
        } else if (l instanceof Protocol.Refuse r) {
            if (lines != 1) {
                return where + ": a refusal comes first, before anything else";
            }
            refusal = r.reason();
        } else if (l instanceof Protocol.EngineError e) {
            error = e.message();
        } else if (l instanceof Protocol.StatsLine s) {
            stats = new LinkedHashMap<>(s.fields());
        }
        return null;
    }

    /** True once a final line (stats, refuse or error) was read. */
    boolean finished() {
        return stats != null || error != null || refusal != null;
    }

    long lines() {
        return lines;
    }

    String error() {
        return error;
    }

    String refusal() {
        return refusal;
    }

    String overflow() {
        return overflow;
    }

    Map<String, Long> stats() {
        return stats;
    }

    List<BlackBoxEvent> events() {
        return events;
    }

    long[] obs() {
        return Arrays.copyOf(obs, nobs);
    }

    BlackBoxRun failed(String why, String stderr) {
        return BlackBoxRun.failed(why, obs(), events, stderr);
    }

    /** The run of an engine that reported an overflow (or whose overflow pattern matched). */
    BlackBoxRun overflowed(String message, List<BlackBoxEvent> allEvents, String stderr) {
        return new BlackBoxRun(BlackBoxRun.Outcome.OVERFLOW, message, obs(), allEvents, stats == null ? Map.of()
                : stats, stderr);
    }

    /**
     * The run once a final line was read and the engine ended well: failed on an error line, refused, or
     * completed (overflowed when it reported an overflow).
     */
    BlackBoxRun finish(List<BlackBoxEvent> allEvents, String stderr) {
        if (error != null) {
            return failed("reported an error: " + error, stderr);
        }
        if (refusal != null) {
            return new BlackBoxRun(BlackBoxRun.Outcome.REFUSED, refusal, new long[0], List.of(), Map.of(), stderr);
        }
        if (overflow != null) {
            return overflowed(overflow, allEvents, stderr);
        }
        return new BlackBoxRun(BlackBoxRun.Outcome.COMPLETED, "", obs(), allEvents, stats, stderr);
    }
}

package dev.stackcheck.proc;

import dev.stackcheck.engine.BlackBoxEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what Go's runtime prints with {@code stackDebug = 1} (runtime/stack.go) and turns its stack
 * copies into {@link BlackBoxEvent}s:
 *
 * <pre>
 * copystack gp=G [old.lo old.sp old.hi] -&gt; [new.lo new.sp new.hi]/newsize     (copystack)
 * shrinking stack OLD-&gt;NEW                                                     (shrinkstack)
 * </pre>
 *
 * A copystack line to a bigger stack is a COPY (growth, from newstack); to a smaller one a SHRINK (from
 * shrinkstack, which announces it with a {@code shrinking stack} line first). An announcement that no
 * later copystack line of the same sizes matches is a SHRINK of its own, with sizes only, at the end of
 * the list (so a wrong announcement is checked too). Old sizes are {@code old.hi - old.lo}; the used bytes
 * are {@code old.hi - old.sp}. Every other line is ignored, except that a line starting like one of
 * these but not parsing is reported as malformed.
 *
 * <p>The Go engine also prints {@code stackcheck-go: interpreter stack ADDR}, an address in its
 * interpreter goroutine's first stack: {@link Parsed#ofMarkedGoroutine()} keeps the copies of that
 * goroutine only (the first copy whose old stack holds the address names it); and
 * {@code stackcheck-go: gc begin step=N} ... {@code stackcheck-go: gc end step=N} around each gc statement:
 * the copies between them get {@link BlackBoxEvent#step()} N.
 */
public final class GoStackTrace {

    private static final String HEX = "0x([0-9a-f]+)";
    private static final Pattern COPY = Pattern.compile("copystack gp=" + HEX + " \\[" + HEX + " " + HEX + " " + HEX
            + "\\] -> \\[" + HEX + " " + HEX + " " + HEX + "\\]/(\\d+)");
    private static final Pattern SHRINK = Pattern.compile("shrinking stack (\\d+)->(\\d+)");
    private static final Pattern MARKER = Pattern.compile("stackcheck-go: interpreter stack " + HEX);
    private static final Pattern GC = Pattern.compile("stackcheck-go: gc (begin|end) step=(\\d+)");
    private static final String[] VOCABULARY = {"stackalloc ", "copystack ", "stackfree ", "stackcacherefill ",
        "runtime: newstack ", "shrinking stack ", "stack grow done"};

    /** A line that looks like a copystack or shrinking line but does not parse. */
    public record Malformed(int line, String text) {
    }

    /**
     * What a trace held.
     *
     * @param events       every copy, in order, each with its goroutine in {@link BlackBoxEvent#stack()}
     * @param marker       the Go engine's interpreter-stack address, or -1
     * @param malformed    lines that start like a copy line but do not parse
     * @param lines        lines read
     * @param stackDebug   true when some line is of the stackDebug vocabulary
     */
    public record Parsed(List<BlackBoxEvent> events, long marker, List<Malformed> malformed, int lines,
                         boolean stackDebug) {

        public Parsed {
            events = List.copyOf(events);
            malformed = List.copyOf(malformed);
        }

        /**
         * The copies of the Go engine's interpreter goroutine: of the goroutine whose first copy starts from
         * the stack holding {@link #marker}; all copies when there is no marker; none when no copy does.
         */
        public List<BlackBoxEvent> ofMarkedGoroutine() {
            if (marker < 0) {
                return events;
            }
            String gp = null;
            for (BlackBoxEvent e : events) {
                if (BlackBoxEvent.known(e.oldLo()) && e.oldLo() <= marker && marker < e.oldHi()) {
                    gp = e.stack();
                    break;
                }
            }
            List<BlackBoxEvent> out = new ArrayList<>();
            for (BlackBoxEvent e : events) {
                if (e.stack().equals(gp)) {
                    out.add(e);
                }
            }
            return out;
        }
    }

    private GoStackTrace() {
    }

    /**
     * Reads a trace.
     *
     * @param in     the trace, read to its end
     * @param origin prefix of the events' origins, for example "line " or "stderr line "
     */
    public static Parsed parse(BufferedReader in, String origin) throws IOException {
        List<BlackBoxEvent> events = new ArrayList<>();
        List<Malformed> malformed = new ArrayList<>();
        /** announcements not yet matched by a copystack line: old size, new size, line */
        List<long[]> announced = new ArrayList<>();
        long marker = -1;
        long step = BlackBoxEvent.UNKNOWN;
        boolean vocabulary = false;
        int n = 0;
        String text;
        while ((text = in.readLine()) != null) {
            n++;
            String t = text.strip();
            if (!vocabulary) {
                for (String v : VOCABULARY) {
                    vocabulary |= t.startsWith(v);
                }
            }
            try {
                if (t.startsWith("copystack")) {
                    Matcher m = COPY.matcher(t);
                    if (!m.matches()) {
                        malformed.add(new Malformed(n, text));
                        continue;
                    }
                    long oldLo = hex(m.group(2));
                    long oldHi = hex(m.group(4));
                    long newSize = Long.parseLong(m.group(8));
                    long oldSize = oldHi - oldLo;
                    BlackBoxEvent.Kind kind = newSize < oldSize ? BlackBoxEvent.Kind.SHRINK : BlackBoxEvent.Kind.COPY;
                    if (kind == BlackBoxEvent.Kind.SHRINK) {
                        for (int i = 0; i < announced.size(); i++) {
                            if (announced.get(i)[0] == oldSize && announced.get(i)[1] == newSize) {
                                announced.remove(i);
                                break;
                            }
                        }
                    }
                    events.add(new BlackBoxEvent(kind, oldSize, newSize, BlackBoxEvent.UNKNOWN, oldLo, hex(m.group(3)),
                            oldHi, hex(m.group(5)), hex(m.group(6)), hex(m.group(7)), "0x" + m.group(1), step,
                            origin + n));
                } else if (t.startsWith("shrinking stack")) {
                    Matcher m = SHRINK.matcher(t);
                    if (!m.matches()) {
                        malformed.add(new Malformed(n, text));
                        continue;
                    }
                    announced.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), n});
                } else if (t.startsWith("stackcheck-go: gc")) {
                    Matcher m = GC.matcher(t);
                    if (!m.matches()) {
                        malformed.add(new Malformed(n, text));
                        continue;
                    }
                    step = m.group(1).equals("begin") ? Long.parseLong(m.group(2)) : BlackBoxEvent.UNKNOWN;
                } else if (t.startsWith("stackcheck-go: interpreter stack")) {
                    Matcher m = MARKER.matcher(t);
                    if (!m.matches()) {
                        malformed.add(new Malformed(n, text));
                        continue;
                    }
                    marker = hex(m.group(1));
                }
            } catch (NumberFormatException e) {
                malformed.add(new Malformed(n, text));
            }
        }
        for (long[] a : announced) {
            events.add(BlackBoxEvent.copy(BlackBoxEvent.Kind.SHRINK, a[0], a[1], BlackBoxEvent.UNKNOWN, origin + a[2]));
        }
        return new Parsed(events, marker, malformed, n, vocabulary);
    }

    private static long hex(String digits) {
        if (digits.length() > 15) {
            throw new NumberFormatException("address too large: 0x" + digits);
        }
        return Long.parseLong(digits, 16);
    }
}

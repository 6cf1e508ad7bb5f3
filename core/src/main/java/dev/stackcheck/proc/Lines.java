package dev.stackcheck.proc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits an engine's standard output into lines (LF-terminated, UTF-8; a last line without LF counts), none
 * longer than {@link #MAX} bytes, and hands each to a {@link Sink} until the sink or the length rule says stop.
 */
final class Lines {

    /** Longest protocol line accepted. */
    static final int MAX = 1 << 20;

    private Lines() {
    }

    /** Takes the lines; each method returns null to go on, or why to stop. */
    interface Sink {
        String line(String text);

        /** The next line is longer than {@link #MAX} bytes. */
        String tooLong();
    }

    /**
     * Reads until the end of the stream or until the sink says stop.
     *
     * @return null at the end of the stream, or the sink's reason to stop
     */
    static String read(InputStream in, Sink sink) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] != '\n') {
                    continue;
                }
                if (line.size() + (i - from) > MAX) {
                    return sink.tooLong();
                }
                line.write(buf, from, i - from);
                String why = sink.line(line.toString(StandardCharsets.UTF_8));
                if (why != null) {
                    return why;
                }
                line.reset();
                from = i + 1;
            }
            if (line.size() + (n - from) > MAX) {
                return sink.tooLong();
            }
            line.write(buf, from, n - from);
        }
        return line.size() > 0 ? sink.line(line.toString(StandardCharsets.UTF_8)) : null;
    }
}

package dev.stackcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the user typed comes back in a message short and printable: at most a prefix, control characters escaped. */
class QuotedInputTest {

    @TempDir
    Path dir;

    private static final String LONG = "a\u0001" + "z".repeat(100_000);

    private static void shortAndEscaped(Cli r) {
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().length() < 600, () -> r.err().length() + " characters");
        assertTrue(r.err().contains("'a\\u0001zzz"), r.err());
        assertFalse(r.err().contains("\u0001"), r.err());
    }

    @Test
    void aLongStatementWithAControlCharacter() throws IOException {
        Path p = Files.writeString(dir.resolve("p.stk"), "frame f words=1\ncall f\n" + LONG + "\n");
        shortAndEscaped(Cli.run("run", p.toString()));
    }

    @Test
    void aLongEngineName() {
        shortAndEscaped(Cli.run("run", "specs/programs/ack.stk", "--engine", LONG));
    }

    @Test
    void aLongProfileName() {
        shortAndEscaped(Cli.run("run", "specs/programs/ack.stk", "--profile", LONG));
    }
}

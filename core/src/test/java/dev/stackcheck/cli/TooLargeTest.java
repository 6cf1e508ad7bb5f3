package dev.stackcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A program or limit too large for this machine's memory is bad input (exit 2, with the reason), never a stack trace. */
class TooLargeTest {

    @TempDir
    Path dir;

    @Test
    void aFrameOfSixteenGigabytesIsRefusedWithItsLineAndColumn() throws IOException {
        Path p = Files.writeString(dir.resolve("huge.stk"), "frame f words=2000000000\ncall f\n");
        Cli r = Cli.run("run", p.toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("huge.stk:1:15: a frame of 2000000000 words is too large"), r.err());
    }

    @Test
    void aStackLimitBeyondTheSimulatedMemoryIsRefused() {
        Cli r = Cli.run("run", "specs/programs/ack.stk", "--max-stack", "20000000000");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("--max-stack: at most " + EngineOptions.MAX_STACK), r.err());
        assertEquals(0, Cli.run("run", "specs/programs/ack.stk", "--max-stack", "" + EngineOptions.MAX_STACK).status());
    }

    /** In a JVM with a 64 MiB heap, a legal 1 GiB frame cannot be held: the run says so and exits 2. */
    @Test
    void aProgramLargerThanTheHeapIsBadInputNotAStackTrace() throws IOException, InterruptedException {
        Path p = Files.writeString(dir.resolve("gib.stk"), "frame f words=134217728\ncall f\nret\n");
        Path err = dir.resolve("err.txt");
        Process proc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", p.toString())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(err.toFile()).start();
        assertTrue(proc.waitFor(60, TimeUnit.SECONDS), "the run ends");
        String text = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(2, proc.exitValue(), text);
        assertTrue(text.startsWith("stackcheck: out of memory: the program's stacks need more memory"), text);
        assertFalse(List.of("Exception", "\tat ").stream().anyMatch(text::contains), text);
    }
}

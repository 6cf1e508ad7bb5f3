package dev.stackcheck.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayCommandTest {

    @Test
    void plainWordsStayPlain() {
        assertEquals("./stackcheck run target/x.stk --engine copying --profile go1.4 --max-stack 16384",
                ReplayCommand.of("target/x.stk", "copying", "go1.4", 16384, Map.of()));
        assertEquals("./stackcheck run FILE --engine fault:copy-skips-defer-records",
                ReplayCommand.of("FILE", "fault:copy-skips-defer-records", null, 0, Map.of()));
    }

    @Test
    void pluginSettingsComeFirst() {
        assertEquals("STACKCHECK_CLASSPATH=/opt/a.jar:/opt/b STACKCHECK_ENGINES='/my engines' ./stackcheck run f.stk"
                        + " --engine mine",
                ReplayCommand.of("f.stk", "mine", null, 0,
                        Map.of("STACKCHECK_CLASSPATH", "/opt/a.jar:/opt/b", "STACKCHECK_ENGINES", "/my engines")));
    }

    /** The words a POSIX shell makes of the command: what a user who pastes it runs. */
    @Test
    void aShellSplitsItIntoTheSameWords() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")));
        String engine = "proc:python3 -c 'print(\"it''s\")' | tee $HOME/x; echo `id` \\ \"";
        String file = "dir with space/it's.stk";
        String cmd = ReplayCommand.of(file, engine, null, 0,
                Map.of("STACKCHECK_CLASSPATH", "a b:$c"));
        // print the environment setting and every argument, one a line, instead of running stackcheck
        String probe = cmd.replace("./stackcheck", "sh -c 'printf \"%s\\n\" \"$STACKCHECK_CLASSPATH\" \"$@\"' sh");
        Process p = new ProcessBuilder("/bin/sh", "-c", probe).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals(List.of("a b:$c", "run", file, "--engine", engine), List.of(out.split("\n")));
    }
}

package dev.stackcheck.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.program.Cursor;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Printer;
import dev.stackcheck.program.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The examples of specs/PROTOCOL.md are what they claim: programs that parse, lines that are protocol. */
class ProtocolDocTest {

    private static final Pattern BLOCK = Pattern.compile("```(stk|jsonl)\\n(.*?)```", Pattern.DOTALL);

    private static List<String> blocks(String tag) throws IOException {
        String doc = Files.readString(Path.of("specs", "PROTOCOL.md"));
        List<String> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(doc);
        while (m.find()) {
            if (m.group(1).equals(tag)) {
                out.add(m.group(2));
            }
        }
        return out;
    }

    @Test
    void everyProgramParsesAndIsInThePrintedFormAnEngineReads() throws IOException {
        List<String> programs = blocks("stk");
        assertFalse(programs.isEmpty());
        for (String text : programs) {
            Program p = Parser.parse(text);
            assertEquals(text, Printer.print(p), "an engine reads the printed form");
        }
    }

    @Test
    void everyEngineLineIsProtocol() throws IOException {
        List<String> answers = blocks("jsonl");
        assertFalse(answers.isEmpty());
        for (String answer : answers) {
            Transcript t = new Transcript(100);
            for (String line : answer.split("\n")) {
                assertEquals(null, t.accept(line), line);
            }
            assertTrue(t.finished(), "each answer ends with its final line: " + answer);
        }
    }

    @Test
    void theStepsOfTheSessionExampleAreThoseTheDocumentGives() throws IOException {
        Program p = Parser.parse(blocks("stk").get(0));
        Cursor c = p.cursor();
        List<String> steps = new ArrayList<>();
        while (c.hasNext()) {
            Op op = c.next();
            steps.add(c.step() + " " + Printer.statement(op));
        }
        assertEquals(List.of("0 call f", "1 set 1 7", "2 addr 0 0.1", "3 store 0 8", "4 store 0 8", "5 load 0"), steps);
        String doc = Files.readString(Path.of("specs", "PROTOCOL.md"));
        assertTrue(doc.replaceAll("\\s+", " ").contains("`call f` is step 0, `set 1 7` step 1, `addr 0 0.1` step 2,"
                + " the two `store 0 8` steps 3 and 4, and `load 0` step 5."));
    }
}

package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Printer;
import dev.stackcheck.program.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What each program-level shrink pass proposes, candidate by candidate and in order, for a few programs
 * (plain statements, repeats with a body, nested repeats, a nomap layout with pointers and a big frame;
 * statements run on frames of two layouts, unused layouts, repeats of 1, layouts at the size limit),
 * compared with the reviewed list in core/src/test/resources/dev/stackcheck/gen/passes.txt. A pass that
 * loses a candidate, proposes it in another order or edits the wrong statement changes what a shrink can
 * reach, and where it gets first. After a deliberate change of a pass, regenerate with {@code java -cp
 * api/target/classes:core/target/classes:core/target/test-classes dev.stackcheck.gen.ProgramPassesTest}
 * and review the diff.
 */
class ProgramPassesTest {

    static final Path FILE = Path.of("core", "src", "test", "resources", "dev", "stackcheck", "gen", "passes.txt");

    /** The programs, one line each: statements separated by "; ", a repeat's body between braces. */
    static final List<String> PROGRAMS = List.of(
            "frame a words=2; frame b words=1; call a; set 1 5; call b; set 0 5; ret; call b; gc",
            "frame a words=2 ptrs=0; call a; repeat 3 { call a; addr 0 0.1; store 0 -3; ret }; repeat 3 { call a };"
                    + " repeat 3 { ret }",
            "frame a words=1; call a; repeat 4 { call a }; repeat 2 { repeat 2 { ret } }; call a; call a;"
                    + " repeat 2 { call a; gc }; ret",
            "frame a words=3 nomap; frame b words=12 ptrs=4; call a; addr 2 0.1; call b; addr 4 0.0; get 11;"
                    + " defer 4 7",
            "frame a words=4 ptrs=1,3; frame b words=2; frame c words=1; call a; call a; call a; repeat 2 { ret };"
                    + " call b; repeat 1 { set 1 5; gc }; call a; repeat 2 { ret; gc }; ret",
            "frame a words=3 ptrs=2; frame b words=3 ptrs=2; call a; repeat 2 { set 1 5; addr 2 0.1; store 2 9;"
                    + " call b }; get 1",
            "frame a words=5 nomap; frame b words=2 nomap; call a; addr 3 0.1; addr 0 0.2; defer 0 7; set 4 1;"
                    + " call b; repeat 2 { repeat 2 { gc } }",
            "frame a words=524288; frame b words=524288; frame c words=1048576 nomap; frame d words=1048576;"
                    + " frame e words=1048575 nomap; call a; call b; call c; addr 0 0.0; call e; addr 0 0.0; ret; ret; ret;"
                    + " ret",
            "frame a words=3; frame b words=2; frame c words=2 ptrs=1; call a; set 2 1; repeat 2 { set 0 5; call b };"
                    + " call c; addr 1 0.1; store 1 4; load 1",
            "frame a words=2 nomap; frame b words=2 nomap; call a; repeat 2 { addr 0 0.1; call b }; gc");

    static Map<String, Function<Program, List<Program>>> passes() {
        Map<String, Function<Program, List<Program>>> m = new LinkedHashMap<>();
        m.put("dropCallBlocks", ProgramPasses::dropCallBlocks);
        m.put("dropRuns", ProgramPasses::dropRuns);
        m.put("shrinkRepeats", ProgramPasses::shrinkRepeats);
        m.put("cancelCalls", ProgramPasses::cancelCalls);
        m.put("foldRuns", ProgramPasses::foldRuns);
        m.put("hoist", ProgramPasses::hoist);
        m.put("shrinkLayouts", ProgramPasses::shrinkLayouts);
        m.put("swapSlots", ProgramPasses::swapSlots);
        m.put("lowerStatements", ProgramPasses::lowerStatements);
        return m;
    }

    static Program parse(String line) {
        return Parser.parse(line.replace("; ", "\n").replace("{ ", "{\n").replace(" }", "\n}"));
    }

    /** A program on one line, as in {@link #PROGRAMS} ("null" for a pass's empty program). */
    static String line(Program p) {
        if (p == null) {
            return "null";
        }
        StringBuilder s = new StringBuilder();
        for (String l : Printer.print(p).split("\n")) {
            s.append(s.length() > 0 ? "; " : "").append(l.trim());
        }
        return s.toString().replace("{; ", "{ ").replace("; }", " }");
    }

    static String render() {
        StringBuilder out = new StringBuilder();
        for (String src : PROGRAMS) {
            Program p = parse(src);
            out.append("program: ").append(line(p)).append('\n');
            for (var pass : passes().entrySet()) {
                List<Program> candidates = pass.getValue().apply(p);
                out.append("  ").append(pass.getKey()).append(" (").append(candidates.size()).append(")\n");
                for (Program c : candidates) {
                    out.append("    ").append(line(c)).append('\n');
                }
            }
        }
        return out.toString();
    }

    @Test
    void theProgramsReadBackAsWritten() {
        for (String src : PROGRAMS) {
            assertEquals(src, line(parse(src)));
            ShrinkerTest.requireLegal(parse(src));
        }
    }

    @Test
    void everyPassProposesTheReviewedCandidatesInOrder() throws IOException {
        assertEquals(Files.readString(FILE, StandardCharsets.UTF_8), render());
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(FILE, render(), StandardCharsets.UTF_8);
    }
}

package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.RunOptions;
import dev.stackcheck.check.Runner;
import dev.stackcheck.check.Violation;
import dev.stackcheck.faults.Fault;
import dev.stackcheck.faults.FaultCatalogue;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a failing check prints and saves, line by line: the message (invariant, violation, shrunk program and
 * how it was shrunk, the stacks before and after, where it came from, the replay command) and the .stk file's
 * comment header, for a failure found by a session, one read back from a saved file, and one not shrunk;
 * and where the failure store keeps them.
 */
class CheckFailureTest {

    static final Fault FAULT = FaultCatalogue.byId("big-frame-in-normal-segment");
    static final Program SHRUNK = Parser.parse("frame a words=989\ncall a\n");
    static final Program ORIGINAL = Parser.parse("frame a words=989\nframe b words=1\ncall b\ncall a\nret\n");
    static final Violation V = Runner.run(SHRUNK, List.of(new EngineSetup(FAULT.engineName(), FAULT::create)),
            RunOptions.DEFAULT).violations().get(0);
    static final CheckTarget TARGET = CheckTarget.custom(FAULT.engineName(), FAULT.params(), FAULT::create);
    static final String HEAD = "SEG-4 (placement) broken by fault:big-frame-in-normal-segment: "
            + V.invariant().statement() + "\n" + V.summary() + "\n\n";
    static final String STACKS = "before `call a`:\n" + V.before() + "\nafter `call a`:\n" + V.after() + "\n";
    static final String STOP = "shrinking stopped early at its bound of 17 runs or its time bound, before the"
            + " smallest program (--shrink-runs and --shrink-time raise them)";

    @Test
    void aFailureASessionFoundNamesItsSeedAndItsFile() {
        Shrinker.Result shrink = new Shrinker.Result(ORIGINAL, SHRUNK, "SEG-4 x", null, 17, 3, false);
        CheckFailure f = new CheckFailure("SEG-4 x", TARGET, V, ORIGINAL, SHRUNK, 12345L, false, 7, shrink,
                Path.of("f", "x.stk"), null, null);
        assertTrue(V.summary().startsWith("SEG-4 fault:big-frame-in-normal-segment step 0 at 2:1 `call a`: "));
        assertTrue(!V.before().isEmpty() && !V.after().isEmpty());
        assertEquals(HEAD + "shrunk program (1 statements, from 3; 17 runs):\nframe a words=989\ncall a\n\n"
                + STACKS + "seed 4 (program 7, program seed 12345)\n"
                + "replay: ./stackcheck run f/x.stk --engine fault:big-frame-in-normal-segment\n", f.message(4));
        assertEquals("# stackcheck counterexample: SEG-4 broken by fault:big-frame-in-normal-segment\n# "
                + V.summary() + "\n# found by check --seed 4 (program 7, program seed 12345)\n"
                + "# replay: ./stackcheck run f/x.stk --engine fault:big-frame-in-normal-segment\n"
                + "frame a words=989\ncall a\n", f.stk(4));
        assertNull(f.shrinkStop());
        assertEquals("SEG-4", f.invariant());
        CheckFailure second = new CheckFailure("SEG-4 x", TARGET, V, ORIGINAL, SHRUNK, 12345L, true, 7, shrink,
                Path.of("f", "x.stk"), null, null);
        assertTrue(second.message(4).contains("\nseed 4 (program 7, program seed 12345, drawn again without nomap"
                + " layouts)\n"), second.message(4));
        assertTrue(second.stk(4).contains("\n# found by check --seed 4 (program 7, program seed 12345, drawn again"
                + " without nomap layouts)\n"), second.stk(4));
    }

    @Test
    void aSavedFailureNamesItsSourceAndAShrinkCutShortSaysHowToGoOn() {
        Shrinker.Result early = new Shrinker.Result(ORIGINAL, SHRUNK, "SEG-4 x", null, 17, 3, true);
        CheckFailure f = new CheckFailure("SEG-4 x", TARGET, V, ORIGINAL, SHRUNK, null, false, -1, early, null,
                Path.of("saved.stk"), null);
        assertEquals(STOP, f.shrinkStop());
        assertEquals(HEAD + "shrunk program (1 statements, from 3; 17 runs, " + STOP + "):\nframe a words=989\ncall a\n\n"
                + STACKS + "saved failure saved.stk\n"
                + "replay: ./stackcheck run FILE --engine fault:big-frame-in-normal-segment\n", f.message(4));
        assertEquals("# stackcheck counterexample: SEG-4 broken by fault:big-frame-in-normal-segment\n# "
                + V.summary() + "\n# from saved.stk\n"
                + "# replay: ./stackcheck run FILE --engine fault:big-frame-in-normal-segment\n"
                + "frame a words=989\ncall a\n", f.stk(4));
        assertEquals("./stackcheck run FILE --engine fault:big-frame-in-normal-segment", f.replayCommand());
        assertTrue(f.stk(4, "g.stk").contains("# replay: ./stackcheck run g.stk --engine"), f.stk(4, "g.stk"));
    }

    @Test
    void aFailureNotShrunkNorSavedSaysNeither() {
        CheckFailure f = new CheckFailure("SEG-4 x", TARGET, V, ORIGINAL, SHRUNK, null, false, -1, null, null, null, null);
        assertNull(f.shrinkStop());
        assertEquals(HEAD + "shrunk program (1 statements):\nframe a words=989\ncall a\n\n" + STACKS
                + "replay: ./stackcheck run FILE --engine fault:big-frame-in-normal-segment\n", f.message(4));
        assertEquals("# stackcheck counterexample: SEG-4 broken by fault:big-frame-in-normal-segment\n# "
                + V.summary() + "\n# replay: ./stackcheck run FILE --engine fault:big-frame-in-normal-segment\n"
                + "frame a words=989\ncall a\n", f.stk(4));
    }

    /** A violation without diagrams (an outside engine's, say) shows no empty stack sections. */
    @Test
    void aFailureWithoutDiagramsShowsNoStacks() {
        Violation bare = new Violation(V.invariant(), V.engine(), V.step(), V.statement(), V.pos(), V.statementText(),
                V.message(), "", "");
        Violation onlyAfter = new Violation(V.invariant(), V.engine(), V.step(), V.statement(), V.pos(),
                V.statementText(), V.message(), "", V.after());
        CheckFailure f = new CheckFailure("SEG-4 x", TARGET, bare, ORIGINAL, SHRUNK, null, false, -1, null, null, null,
                null);
        assertEquals(HEAD + "shrunk program (1 statements):\nframe a words=989\ncall a\n\n"
                + "replay: ./stackcheck run FILE --engine fault:big-frame-in-normal-segment\n", f.message(4));
        CheckFailure g = new CheckFailure("SEG-4 x", TARGET, onlyAfter, ORIGINAL, SHRUNK, null, false, -1, null, null,
                null, null);
        assertEquals(HEAD + "shrunk program (1 statements):\nframe a words=989\ncall a\n\nafter `call a`:\n"
                + V.after() + "\nreplay: ./stackcheck run FILE --engine fault:big-frame-in-normal-segment\n",
                g.message(4));
    }

    @Test
    void theStoreKeepsFailuresPerEngineAndConfigurationUnderSafeNames(@TempDir Path root) throws IOException {
        FailureStore store = new FailureStore(root);
        CheckTarget odd = CheckTarget.custom(".my engine/2", FAULT.params(), FAULT::create);
        Path dir = store.dir(odd);
        String config = String.format("%08x", (odd.name() + " " + odd.params()).hashCode());
        assertEquals(root.resolve("_.my_engine_2").resolve(config), dir);
        assertEquals(root.resolve("fault:big-frame-in-normal-segment".replace(':', '_')).resolve(String.format("%08x",
                (TARGET.name() + " " + TARGET.params()).hashCode())), store.dir(TARGET));
        Path file = store.file(V, odd, SHRUNK);
        assertEquals(dir.resolve("SEG-4-_.my_engine_2-" + String.format("%08x",
                dev.stackcheck.program.Printer.print(SHRUNK).hashCode()) + ".stk"), file);
        List<String> errors = new ArrayList<>();
        assertEquals(List.of(), store.saved(odd, errors), "no folder yet");
        FailureStore.write(file, "x");
        FailureStore.write(dir.resolve("A-first.stk"), "y");
        FailureStore.write(dir.resolve("notes.txt"), "z");
        assertEquals(List.of(dir.resolve("A-first.stk"), file), store.saved(odd, errors));
        assertEquals("x", Files.readString(file));
        assertEquals(List.of(), errors);
        assertEquals(List.of(), store.saved(TARGET, errors), "another target's folder");
    }
}

package dev.stackcheck.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.StackEngineProvider;
import dev.stackcheck.faults.FaultCatalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The kit run as a user's build runs it, through the JUnit Platform: on the reference copying engine every
 * test passes; on a catalogue fault (a copy that adjusts only the top frame's pointers) the PTR-1 test fails
 * with the shrunk program, both diagrams and a replay command, the failure is saved and replayed first by the
 * next run, and the example scenarios that meet the fault fail too.
 */
class StackcheckTestsTest {

    static final Map<String, String> SETTINGS = Map.of("stackcheck.seed", "3", "stackcheck.tries", "60",
            "stackcheck.workers", "1");

    /** Set by the test before it runs a fixture class (the fixtures are discovered by the test kit). */
    static Path failureDir;
    static long tries;
    static StackEngineProvider provider;

    static StackcheckTests kit() {
        return StackcheckTests.forEngine(provider, k -> Optional.ofNullable(SETTINGS.get(k)))
                .withFailureDir(failureDir).withTries(tries);
    }

    /** A user's test class. */
    static class UserTest {
        @TestFactory
        Stream<DynamicNode> stackcheck() {
            return kit().tests();
        }
    }

    static EngineExecutionResults run(StackEngineProvider p, Path dir, long n) {
        provider = p;
        failureDir = dir;
        tries = n;
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(UserTest.class)).execute();
    }

    static List<String> failed(EngineExecutionResults r) {
        return r.testEvents().failed().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
    }

    static String failureMessage(EngineExecutionResults r, String displayNamePrefix) {
        for (Event e : r.testEvents().failed().list()) {
            if (e.getTestDescriptor().getDisplayName().startsWith(displayNamePrefix)) {
                return e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                        .getThrowable().orElseThrow().getMessage();
            }
        }
        return null;
    }

    @Test
    void aCorrectEnginePassesEveryInvariantAndScenario(@TempDir Path dir) {
        EngineExecutionResults r = run(Engines.provider("copying"), dir, 60);
        assertEquals(List.of(), failed(r));
        long succeeded = r.testEvents().succeeded().count();
        // the session, the invariants of a copying stack twice (default and limited), the scenarios
        assertTrue(succeeded > 30, "tests that passed: " + succeeded);
        assertTrue(r.testEvents().succeeded().stream()
                .anyMatch(e -> e.getTestDescriptor().getDisplayName().startsWith("PTR-1 (pointers) holds on copying")));
        assertTrue(r.testEvents().succeeded().stream()
                .anyMatch(e -> e.getTestDescriptor().getDisplayName().equals("ack on copying")));
        // a copying stack refuses a program with a frame without a pointer map: that example is aborted (skipped)
        assertEquals(List.of("nomap on copying"), r.testEvents().aborted().stream()
                .map(e -> e.getTestDescriptor().getDisplayName()).toList());
    }

    @Test
    void aWrongEngineFailsWithTheShrunkProgramDiagramsAndReplay(@TempDir Path dir) throws Exception {
        StackEngineProvider wrong = FaultCatalogue.byId("copy-adjusts-top-frame-only").provider();
        EngineExecutionResults r = run(wrong, dir, 60);
        List<String> failed = failed(r);
        assertTrue(failed.contains("PTR-1 (pointers) holds on " + wrong.name()), failed.toString());
        String m = failureMessage(r, "PTR-1 (pointers) holds on " + wrong.name());
        assertTrue(m.startsWith("PTR-1 (pointers) broken by " + wrong.name()), m);
        assertTrue(m.contains("shrunk program ("), m);
        assertTrue(java.util.regex.Pattern.compile("(?m)^\\s*call \\w+$").matcher(m).find(), m);
        assertTrue(m.contains("\nbefore `") && m.contains("\nafter `"), m);
        assertTrue(m.contains("seed 3 (program "), m);
        assertTrue(m.contains("replay (from a stackcheck checkout): STACKCHECK_CLASSPATH="), m);
        assertTrue(m.contains(" ./stackcheck run " + dir.toAbsolutePath()), m);
        assertTrue(m.contains("--engine " + "'" + wrong.name() + "'") || m.contains("--engine " + wrong.name()), m);
        assertTrue(m.contains("rerun these tests: mvn test -Dstackcheck.seed=3 -Dstackcheck.tries=60"), m);
        // a copy that forgets the frames below the top breaks the Go examples that copy a deep stack
        assertTrue(failed.stream().anyMatch(n -> n.startsWith("go/stackgrowth on ")), failed.toString());
        String s = failureMessage(r, "go/stackgrowth on ");
        assertTrue(s.contains("program:\n") && s.contains("\nreplay: STACKCHECK_CLASSPATH="), s);
        assertTrue(Files.exists(dir.resolve("scenarios").resolve("stackgrowth.stk")), s);

        // the failure was saved (under ENGINE/CONFIG, as check keeps it); with no random programs, the next run
        // finds it from the saved file
        try (Stream<Path> saved = Files.walk(dir)) {
            assertTrue(saved.anyMatch(p -> p.toString().endsWith(".stk")), "a saved failure in " + dir);
        }
        EngineExecutionResults again = run(wrong, dir, 0);
        String replayed = failureMessage(again, "PTR-1 (pointers) holds on " + wrong.name());
        assertTrue(replayed != null && replayed.contains("saved failure " + dir.toAbsolutePath()), failed(again)
                + "\n" + replayed);
    }

    @Test
    void settingsComeFromSystemPropertiesAndFailuresAreKeptWhereCheckKeepsThem() {
        StackcheckTests k = StackcheckTests.forEngine(Engines.provider("copying"),
                key -> Optional.ofNullable(Map.of("stackcheck.seed", "17", "stackcheck.tries", "5").get(key)));
        assertEquals(17, k.options().seed());
        assertEquals(5, k.options().tries());
        assertEquals(Path.of("target", "stackcheck", "failures").toAbsolutePath(), k.options().failureDir());
        StackcheckTests none = StackcheckTests.forEngine(Engines.provider("copying"),
                key -> Optional.ofNullable(Map.of("stackcheck.failureDir", "none").get(key)));
        assertEquals(null, none.options().failureDir());
    }
}

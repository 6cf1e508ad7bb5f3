package dev.stackcheck.junit;

import static org.junit.jupiter.api.Assertions.fail;

import dev.stackcheck.check.Invariant;
import dev.stackcheck.check.RunOptions;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.check.Violation;
import dev.stackcheck.engine.StackEngineProvider;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.gen.CheckFailure;
import dev.stackcheck.gen.CheckOptions;
import dev.stackcheck.gen.CheckReport;
import dev.stackcheck.gen.CheckSession;
import dev.stackcheck.gen.CheckSettings;
import dev.stackcheck.gen.CheckTarget;
import dev.stackcheck.program.Program;
import dev.stackcheck.scenarios.GoScenarios;
import dev.stackcheck.scenarios.Scenarios;
import dev.stackcheck.select.ReplayCommand;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * The stackcheck properties of one engine as JUnit 5 dynamic tests, for a third party's own build:
 *
 * <pre>{@code
 * class MyEngineTest {
 *     @TestFactory
 *     Stream<DynamicNode> stackcheck() {
 *         return StackcheckTests.of(new MyProvider());
 *     }
 * }
 * }</pre>
 *
 * <p>It gives a container "invariants" with one test per invariant that applies to the engine's kind, for each
 * of the targets {@code ./stackcheck check} runs the engine as ({@link #targets()}: small stack limits among
 * them, so that overflows are met); they
 * share one check session (random programs in lock step with the specification, the first failure of each
 * invariant shrunk), which first replays the failures saved by earlier runs. A container "example scenarios"
 * runs every example program of specs/programs on the engine. A failing test prints the shrunk program, the
 * stack drawn before and after the failing statement, the seed and a replay command.
 *
 * <p>Settings come from system properties: {@code stackcheck.seed}, {@code stackcheck.tries}, and the other
 * {@code stackcheck.*} keys of {@link CheckSettings#fromSettings}. Failures are saved under
 * {@code target/stackcheck/failures/ENGINE/CONFIG} (as {@code ./stackcheck check} keeps them) unless
 * {@code stackcheck.failureDir} says otherwise ({@code none}: neither saved nor replayed); an example scenario
 * that fails is written to the {@code scenarios} folder there, for the replay command.
 *
 * <p>Invariant: the tests judge the engine only through the check session and the runner, the same code that
 * {@code ./stackcheck check} and {@code ./stackcheck run} use, so a test fails exactly when the command line
 * would report the engine.
 *
 * @param provider   the engine under test
 * @param options    the check session's options (seed, tries, failure folder, ...)
 * @param scenarios  whether to run the example scenarios
 */
public record StackcheckTests(StackEngineProvider provider, CheckOptions options, boolean scenarios) {

    public StackcheckTests {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(options, "options");
    }

    /** The tests of {@code provider} with the settings of the system properties. */
    public static Stream<DynamicNode> of(StackEngineProvider provider) {
        return forEngine(provider).tests();
    }

    /** The kit for {@code provider}, configured from the system properties; adjust it, then call {@link #tests()}. */
    public static StackcheckTests forEngine(StackEngineProvider provider) {
        return forEngine(provider, key -> Optional.ofNullable(System.getProperty(key)));
    }

    /** The kit for {@code provider}, configured from {@code settings} ({@code stackcheck.*} keys). */
    public static StackcheckTests forEngine(StackEngineProvider provider, Function<String, Optional<String>> settings) {
        CheckOptions o = CheckSettings.fromSettings(settings).withKeepGoing(true).withMaxShrinks(10);
        if (settings.apply("stackcheck.failureDir").isEmpty()) {
            o = o.withFailureDir(CheckOptions.DEFAULT_FAILURE_DIR.toAbsolutePath());
        }
        return new StackcheckTests(provider, o, true);
    }

    public StackcheckTests withSeed(long seed) {
        return new StackcheckTests(provider, options.withSeed(seed), scenarios);
    }

    public StackcheckTests withTries(long tries) {
        return new StackcheckTests(provider, options.withTries(tries), scenarios);
    }

    /** Saves failures to, and replays them first from, {@code dir} (null: neither). */
    public StackcheckTests withFailureDir(Path dir) {
        return new StackcheckTests(provider, options.withFailureDir(dir == null ? null : dir.toAbsolutePath()),
                scenarios);
    }

    public StackcheckTests withScenarios(boolean run) {
        return new StackcheckTests(provider, options, run);
    }

    /**
     * The engine's targets, those {@code ./stackcheck check --engine NAME} checks: its default parameters, each
     * small stack limit, and for a segmented engine the segment cache on.
     */
    public List<CheckTarget> targets() {
        return CheckTarget.defaults(List.of(provider));
    }

    /** The dynamic tests: the invariants (after the session that judges them), then the example scenarios. */
    public Stream<DynamicNode> tests() {
        List<CheckTarget> targets = targets();
        Session session = new Session(targets, options);
        List<DynamicNode> invariants = new ArrayList<>();
        invariants.add(DynamicTest.dynamicTest("check session on " + provider.name(), session::verify));
        for (CheckTarget t : targets) {
            StackKind kind = t.kind();
            for (Invariant inv : Invariant.applyingTo(kind)) {
                invariants.add(DynamicTest.dynamicTest(inv.id() + " (" + inv.title() + ") holds on " + t.name(),
                        () -> session.verify(t, inv)));
            }
        }
        List<DynamicNode> nodes = new ArrayList<>();
        nodes.add(DynamicContainer.dynamicContainer("invariants", invariants));
        if (scenarios) {
            List<DynamicNode> examples = new ArrayList<>();
            CheckTarget target = targets.get(0);
            for (Scenarios.Scenario s : Scenarios.all()) {
                examples.add(DynamicTest.dynamicTest(s.name() + " on " + target.name(), () -> runScenario(target, s)));
            }
            for (Scenarios.Scenario s : GoScenarios.all()) {
                examples.add(DynamicTest.dynamicTest("go/" + s.name() + " on " + target.name(),
                        () -> runScenario(target, s)));
            }
            nodes.add(DynamicContainer.dynamicContainer("example scenarios", examples));
        }
        return nodes.stream();
    }

    /** Runs an example program in lock step with the specification; a refusal skips the test. */
    void runScenario(CheckTarget target, Scenarios.Scenario s) {
        Program program = s.program();
        RunResult r = Runner.run(program, List.of(target.spec()), RunOptions.DEFAULT);
        Assumptions.assumeTrue(r.skipped().isEmpty(), () -> target.name() + " refused " + s.name() + ": "
                + r.skipped().get(0).reason());
        if (!r.violations().isEmpty()) {
            Violation v = r.violations().get(0);
            String file = saveScenario(s);
            fail(v.id() + " (" + v.invariant().title() + ") broken by " + target.name() + " on the example "
                    + s.name() + ": " + v.invariant().statement() + "\n" + v.explain() + "\n\nprogram:\n" + s.text()
                    + "\nreplay: " + replayCommand(target, file) + "\n");
        }
        if (!r.completed()) {
            fail(s.name() + " did not run to its end on " + target.name() + " (" + r.steps() + " statements)");
        }
    }

    private String saveScenario(Scenarios.Scenario s) {
        try {
            Path dir = options.failureDir() != null ? options.failureDir().resolve("scenarios")
                    : Files.createTempDirectory("stackcheck-scenarios");
            Files.createDirectories(dir);
            Path file = dir.resolve(s.name() + ".stk").toAbsolutePath();
            Files.writeString(file, s.text(), StandardCharsets.UTF_8);
            return file.toString();
        } catch (IOException e) {
            return "FILE (" + e.getMessage() + ")";
        }
    }

    /**
     * The command that replays {@code file} on {@code target} from a stackcheck checkout: {@code ./stackcheck
     * run FILE --engine NAME}, with {@code STACKCHECK_CLASSPATH} naming where the provider's classes are, so
     * that the launcher finds the engine.
     */
    public String replayCommand(CheckTarget target, String file) {
        Map<String, String> env = new HashMap<>(System.getenv());
        String here = codeSource(provider);
        if (here != null) {
            String old = env.get("STACKCHECK_CLASSPATH");
            env.put("STACKCHECK_CLASSPATH", old == null || old.isBlank() ? here : here + ":" + old);
        }
        return ReplayCommand.of(file, target.engine(), target.profile(), target.maxStack(), env);
    }

    /** The jar or folder the provider's class was loaded from, or null. */
    static String codeSource(StackEngineProvider p) {
        try {
            var source = p.getClass().getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath().toString();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The check session, run once, by the first test that needs it. */
    private final class Session {
        private final List<CheckTarget> targets;
        private final CheckOptions options;
        private CheckReport report;

        Session(List<CheckTarget> targets, CheckOptions options) {
            this.targets = targets;
            this.options = options;
        }

        synchronized CheckReport report() {
            if (report == null) {
                report = CheckSession.run(targets, options);
                System.out.print(report.summary());
            }
            return report;
        }

        /** The session ran programs on the engine and could read every saved failure. */
        void verify() {
            CheckReport r = report();
            if (!r.savedErrors().isEmpty()) {
                fail("saved failures that could not be run:\n  " + String.join("\n  ", r.savedErrors()));
            }
            if (!r.unchecked().isEmpty()) {
                fail("no program was checked on " + String.join(", ", r.unchecked()) + " (every program refused)\n"
                        + r.summary());
            }
            if (r.programs() == 0 && options.tries() > 0) {
                fail("no program ran\n" + r.summary());
            }
        }

        /** No failure of {@code inv} on {@code t}. */
        void verify(CheckTarget t, Invariant inv) {
            CheckReport r = report();
            for (CheckFailure f : r.failures()) {
                if (f.target().name().equals(t.name()) && f.invariant().equals(inv.id())) {
                    fail(message(f, r.seed()));
                }
            }
        }

        private String message(CheckFailure f, long seed) {
            String file = f.savedTo() != null ? f.savedTo().toString() : "FILE";
            return f.message(seed).replace("replay: " + f.replayCommand(),
                    "replay (from a stackcheck checkout): " + replayCommand(f.target(), file)
                            + "\nrerun these tests: mvn test -Dstackcheck.seed=" + seed + " -Dstackcheck.tries="
                            + options.tries());
        }
    }
}

package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stackcheck.check.Invariant;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.StackKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The invariant catalogue as properties: one check session (random programs on every engine found through
 * ServiceLoader, in lock step with the specification) whose outcome is one test per invariant and engine.
 * A broken invariant fails its test with the shrunk program, the stack before and after the failing
 * statement, the seed and the replay command; the failure is saved under target/stackcheck/failures and
 * runs first next time. Settings: {@code stackcheck.*} in junit-platform.properties or system properties
 * ({@link CheckSettings#fromSettings}), plus {@code stackcheck.engines} (names, or all).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(Settings.Resolver.class)
@DisplayName("stack properties")
class StackProperties {

    private List<CheckTarget> targets;
    private CheckOptions options;
    private CheckReport report;
    private boolean defaultEngines;

    @BeforeAll
    void runSession(Settings settings) {
        String engines = settings.get("stackcheck.engines").orElse("all");
        defaultEngines = engines.trim().equalsIgnoreCase("all");
        targets = CheckTarget.defaults(Engines.select(engines));
        options = CheckSettings.fromSettings(settings::get).withKeepGoing(true).withMaxShrinks(10);
        report = CheckSession.run(targets, options);
        System.out.print(report.summary());
    }

    @TestFactory
    @DisplayName("invariant")
    List<DynamicNode> invariants() {
        List<DynamicNode> out = new ArrayList<>();
        for (CheckTarget t : targets) {
            StackKind kind = t.kind();
            for (Invariant inv : Invariant.values()) {
                if (!inv.appliesTo(kind)) {
                    continue;
                }
                out.add(DynamicTest.dynamicTest(inv.id() + " (" + inv.title() + ") holds on " + t.name(), () -> {
                    for (CheckFailure f : report.failures()) {
                        if (f.target().name().equals(t.name()) && f.invariant().equals(inv.id())) {
                            fail(f.message(report.seed()));
                        }
                    }
                    assertTrue(report.programs() > 0 || options.tries() == 0, "no program ran");
                }));
            }
        }
        return out;
    }

    @Test
    @DisplayName("every coverage event occurs in at least 5% of the programs")
    void coverage() {
        assumeTrue(defaultEngines && options.tries() >= 200, "coverage is judged on a default run of all engines");
        StringBuilder low = new StringBuilder();
        for (Map.Entry<String, Double> e : report.coverage().entrySet()) {
            if (e.getValue() < 0.05) {
                low.append(' ').append(e.getKey()).append('=').append(e.getValue());
            }
        }
        assertTrue(low.length() == 0, "events met in under 5% of programs:" + low + "\n" + report.summary());
    }
}

package dev.stackcheck.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.Invariant;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.gen.CheckFailure;
import dev.stackcheck.gen.CheckOptions;
import dev.stackcheck.gen.CheckReport;
import dev.stackcheck.gen.CheckSession;
import dev.stackcheck.gen.CheckTarget;
import dev.stackcheck.gen.Shrinker;
import dev.stackcheck.program.Program;
import dev.stackcheck.scenarios.Scenarios;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * examples/python-engine: the Python engine passes a check over both protocols with the same verdict, and its
 * deliberately wrong variants are caught over the session protocol (skipped where python3 is missing).
 */
class PythonEngineTest {

    private static final Path DIR = Path.of("examples", "python-engine");
    private static final CheckOptions QUICK = CheckOptions.DEFAULT.withTries(60).withFailureDir(null).withWorkers(1);

    @BeforeAll
    static void needsPython() throws Exception {
        boolean found;
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            found = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            found = false;
        }
        Assumptions.assumeTrue(found, "python3 not found");
    }

    private static CheckReport check(OutsideEngine e, CheckOptions o) {
        return CheckSession.run(List.of(CheckTarget.of(new ProcessProvider(e))), o);
    }

    @Test
    void theEnginePassesOverTheSessionAndTheProcessProtocolAlike() {
        OutsideEngine session = OutsideEngines.load(DIR.resolve("python-copying.json"));
        OutsideEngine process = OutsideEngines.load(DIR.resolve("process").resolve("python-copying.json"));
        assertEquals(OutsideEngine.Mode.SESSION, session.mode());
        assertEquals(OutsideEngine.Mode.PROCESS, process.mode());
        assertEquals(StackKind.COPYING, session.kind());
        assertEquals("python-copying", session.name());
        assertEquals(session.name(), process.name());

        CheckReport s = check(session, QUICK);
        assertTrue(s.ok(), s.summary());
        assertTrue(s.perEngine().get("python-copying").get("programs") > 0, s.summary());
        assertTrue(s.coverage().get("grow") > 0 && s.coverage().get("shrink") > 0, s.summary());
        assertTrue(Sessions.open() >= 1, "the session stays open for the next program");
        CheckReport p = check(process, QUICK.withTries(5));
        assertTrue(p.ok(), p.summary());
        assertEquals(check(session, QUICK.withTries(5)).engineOps(), p.engineOps(), "the same statements run");
    }

    /**
     * The engine behind a filter that adds {@code pointersAdjusted} to its statistics line: run as
     * {@code proc:COMMAND} (kind other), too many are caught, and as {@code proc:kind=copying:COMMAND} any other
     * count than the specification's (24 on deferptrs.stk: 12 copies and shrinks of the whole stack).
     */
    @Test
    void aProcEngineIsHeldToTheAdjustedCountOfItsDeclaredKind() {
        Program deferptrs = Scenarios.deferPtrs(1000).program(); // specs/programs/deferptrs.stk
        String engine = DIR.resolve("stackcheck_copying.py").toString();
        for (long count : new long[] {999, 10, 24}) {
            String lying = engine + " | sed -E 's/^\\{\"stats\": \\{/{\"stats\": {\"pointersAdjusted\": " + count
                    + ", /'";
            for (String kind : new String[] {"", "kind=copying:"}) {
                OutsideEngine e = OutsideEngines.adHoc("proc:" + kind + lying);
                RunResult r = Runner.run(deferptrs, List.of(new EngineSetup(e.name(), e::engine)));
                assertEquals(count, r.engine(e.name()).stats().pointersAdjusted(), "the filter works");
                boolean caught = count == 999 || count == 10 && !kind.isEmpty();
                assertEquals(caught, !r.ok(), count + " " + kind + ": " + r);
                if (caught) {
                    assertEquals(Invariant.PTR_3, r.violations().get(0).invariant(), r.toString());
                }
            }
        }
    }

    @Test
    void theWrongVariantsAreCaught() {
        for (String[] wrong : List.of(new String[] {"no-double", "CPY-2"}, new String[] {"skip-defer-adjust", "REF-1"})) {
            OutsideEngine e = OutsideEngines.adHoc("proc:STACKCHECK_PY_WRONG=" + wrong[0] + " exec "
                    + DIR.resolve("stackcheck_copying.py")).withMode(OutsideEngine.Mode.SESSION);
            // the targets check runs by default: the engine also under small stack limits
            CheckReport r = CheckSession.run(CheckTarget.defaults(List.of(new ProcessProvider(e))),
                    QUICK.withTries(500).withShrinkBudget(new Shrinker.Budget(200, 60_000)));
            assertFalse(r.ok(), wrong[0] + ": " + r.summary());
            CheckFailure f = r.failures().get(0);
            assertEquals(wrong[1], f.invariant(), wrong[0] + ": " + f.message(0));
        }
    }
}

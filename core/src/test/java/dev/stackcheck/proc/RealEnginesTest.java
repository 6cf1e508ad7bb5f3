package dev.stackcheck.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stackcheck.check.EngineResult;
import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.Invariant;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.engine.Stats;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real-runtime engines: gccgo (the Go engine on libgcc's split stacks) and c-fixed (a C thread's fixed
 * stack). Each runs example programs clean, and each has a wrong build (an environment variable read only
 * by the engine) that the checks catch. Skipped where gccgo-12 or gcc is absent.
 */
class RealEnginesTest {

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        for (String d : path == null ? new String[0] : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }

    private static synchronized OutsideEngine built(String name, String compiler) {
        assumeTrue(onPath(compiler), compiler + " is not installed: " + name + " engine tests skipped");
        OutsideEngine e = OutsideEngines.find(name).orElseThrow();
        OutsideEngines.ensureBuilt(e);
        return e;
    }

    /** The same engine run with {@code VAR=VALUE} in its environment, and the given parameters. */
    private static OutsideEngine wrong(OutsideEngine e, String setting, EngineParams params) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/env", setting));
        command.add(e.dir().resolve(e.command().get(0)).normalize().toString());
        return new OutsideEngine(e.name() + "-wrong", "", command, List.of(), List.of(), e.dir(), e.kind(), params,
                e.timeout(), "", null);
    }

    private static EngineResult only(RunResult r) {
        assertEquals(1, r.engines().size(), r.toString());
        return r.engines().get(0);
    }

    private static RunResult run(Program p, OutsideEngine e) {
        return Runner.run(p, List.of(new EngineSetup(e.name(), e::engine)));
    }

    @Test
    void gccgoRunsTheExamplesOnRealSegments() throws Exception {
        OutsideEngine g = built("gccgo", "go-12");
        assertEquals(StackKind.SEGMENTED, g.kind());
        for (String name : List.of("ack", "growth", "deferptrs")) {
            RunResult r = run(Parser.parse(Path.of("specs/programs/" + name + ".stk")), g);
            assertTrue(r.ok(), name + ": " + r.violations());
            if (!name.equals("ack")) {
                assertTrue(only(r).stats().splits() > 0 && only(r).stats().lessstack() > 0, name + ": no split");
            }
        }
        RunResult growth = run(Parser.parse(Path.of("specs/programs/growth.stk")), g);
        assertTrue(only(growth).stats().cacheHits() > 0, "growth's second descent reuses libgcc's cached segments");
        assertEquals(0, only(growth).stats().segmentFrees(), "libgcc frees no segment on return");
    }

    private static final String DEEP = "frame f words=100\nrepeat 2000 {\n  call f\n}\n";

    @Test
    void gccgoStopsAtItsLimitAndTheWrongBuildWithoutOneIsCaught() {
        OutsideEngine g = built("gccgo", "go-12");
        EngineParams small = Profile.GCCGO12.params().withMaxStack(262144);
        RunResult ok = run(Parser.parse(DEEP), g.withParams(small));
        assertTrue(ok.ok(), ok.violations().toString());
        assertNotNull(only(ok).overflow(), "the engine stops at STACKCHECK_MAX_STACK");
        RunResult bad = run(Parser.parse(DEEP), wrong(g, "STACKCHECK_GCCGO_WRONG=no-limit", small));
        assertFalse(bad.ok());
        assertEquals(Invariant.CPY_4, bad.violations().get(0).invariant(), bad.violations().toString());
    }

    @Test
    void gccgoWrongBuildClaimingGo12FreesIsCaught() throws Exception {
        OutsideEngine g = built("gccgo", "go-12");
        RunResult bad = run(Parser.parse(Path.of("specs/programs/growth.stk")),
                wrong(g, "STACKCHECK_GCCGO_WRONG=free-on-lessstack", g.params()));
        assertFalse(bad.ok());
        assertEquals(Invariant.MEM_1, bad.violations().get(0).invariant(), bad.violations().toString());
    }

    /**
     * gccgo behind a filter that drops every segment event and every statistic that would show a split
     * (splits, lessstack, allocs, frees, cacheHits, peakReserved): its frames outgrow its one 16 KiB segment,
     * which SEG-4 catches at the statement where they do.
     */
    @Test
    void gccgoHidingEverySplitIsCaught() throws Exception {
        OutsideEngine g = built("gccgo", "go-12");
        String program = g.dir().resolve(g.command().get(0)).normalize().toString();
        OutsideEngine silent = new OutsideEngine("silent-gccgo", "", List.of("/bin/sh", "-c", program
                + " | grep -v '\"event\"' | sed -E 's/\"(splits|lessstack|segmentAllocs|segmentFrees|cacheHits"
                + "|peakReserved)\":[0-9]+,?//g; s/,}/}/'"), List.of(), List.of(), g.dir(), g.kind(), g.params(),
                g.timeout(), "", null);
        RunResult bad = run(Parser.parse(Path.of("specs/programs/deferptrs.stk")), silent);
        assertEquals(0, only(bad).stats().splits(), "the filter hid the splits");
        assertEquals(Stats.NOT_REPORTED, only(bad).stats().peakReserved(), "and peakReserved");
        assertFalse(bad.ok());
        assertEquals(Invariant.SEG_4, bad.violations().get(0).invariant(), bad.violations().toString());
        assertEquals("call grow", bad.violations().get(0).statementText());
    }

    private static final String OVER = "frame big words=1000\nrepeat 2000 {\n  call big\n}\n";

    @Test
    void cFixedRunsAckAndReportsAnOverflowNotACrash() throws Exception {
        OutsideEngine c = built("c-fixed", "gcc");
        RunResult ack = run(Parser.parse(Path.of("specs/programs/ack.stk")), c);
        assertTrue(ack.ok(), ack.violations().toString());
        RunResult over = run(Parser.parse(OVER), c);
        assertTrue(over.ok(), over.violations().toString());
        assertNotNull(only(over).overflow(), "2000 frames of 8000 bytes pass the 8 MiB thread stack");
    }

    @Test
    void cFixedWrongBuildWithFatFramesOverflowsEarlyAndIsCaught() {
        OutsideEngine c = built("c-fixed", "gcc");
        RunResult bad = run(Parser.parse(OVER), wrong(c, "STACKCHECK_CFIXED_WRONG=fat-frames", c.params()));
        assertFalse(bad.ok());
        assertEquals(Invariant.CPY_4, bad.violations().get(0).invariant(), bad.violations().toString());
    }
}

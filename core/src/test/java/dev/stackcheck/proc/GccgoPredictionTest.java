package dev.stackcheck.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.report.GccgoPredictionReport;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The reference segmented engine with libgcc's rules, fed the gccgo build's real frame sizes, predicts the
 * gccgo engine's segment events: a dive of known frames exactly, and over the first 20 generated programs in
 * which libgcc split at least once, 90% of the events or more. Writes the comparison to
 * target/gccgo/prediction.md (section 3 of reports/real-runtimes.md, written by `./stackcheck report --real-runtimes`, holds the same comparison). Skipped without gccgo-12.
 */
class GccgoPredictionTest {

    static final int PROGRAMS = 20;

    private static synchronized OutsideEngine gccgo() {
        String path = System.getenv("PATH");
        boolean found = false;
        for (String d : path == null ? new String[0] : path.split(File.pathSeparator)) {
            found |= Files.isExecutable(Path.of(d, "go-12"));
        }
        assumeTrue(found, "gccgo-12 is not installed: gccgo prediction skipped");
        OutsideEngine e = OutsideEngines.find("gccgo").orElseThrow();
        OutsideEngines.ensureBuilt(e);
        return e;
    }

    @Test
    void aDiveAndItsReturnArePredictedExactly() throws IOException {
        OutsideEngine gccgo = gccgo();
        GoPrediction.Frames frames = GccgoPrediction.load(Path.of("target/gccgo/frames.txt"));
        Program p = Parser.parse("frame f words=30 ptrs=0\nframe b words=3000 ptrs=0\ncall f\n"
                + "repeat 3 {\n  repeat 300 {\n    call f\n  }\n  call b\n  ret\n  repeat 300 {\n    ret\n  }\n}\n");
        BlackBoxRun r = gccgo.engine().runWhole(p);
        assertEquals(BlackBoxRun.Outcome.COMPLETED, r.outcome(), r.toString());
        GccgoPrediction.Events real = GccgoPrediction.real(r.events());
        GccgoPrediction.Events predicted = GccgoPrediction.predict(p, frames, r.stats().get("segmentMin"));
        assertTrue(real.count() > 20, real.toString());
        assertEquals(real, predicted);
    }

    @Test
    void aWrongFloorIsSeen() throws IOException {
        OutsideEngine gccgo = gccgo();
        GoPrediction.Frames frames = GccgoPrediction.load(Path.of("target/gccgo/frames.txt"));
        Program p = Parser.parse("frame f words=30 ptrs=0\ncall f\nrepeat 300 {\n  call f\n}\nrepeat 300 {\n  ret\n}\n");
        BlackBoxRun r = gccgo.engine().runWhole(p);
        long floor = r.stats().get("segmentMin");
        GccgoPrediction.Events real = GccgoPrediction.real(r.events());
        GccgoPrediction.Agreement right = GccgoPrediction.agreement(real, GccgoPrediction.predict(p, frames, floor));
        GccgoPrediction.Agreement wrong = GccgoPrediction.agreement(real, GccgoPrediction.predict(p, frames, 2 * floor));
        assertTrue(right.exact(), right.toString());
        assertNotEquals(wrong.agreeing(), wrong.total(), wrong.toString());
    }

    @Test
    void predictionAgreesWithLibgccOnAtLeast90PercentOfEvents() throws IOException {
        OutsideEngine gccgo = gccgo();
        GoPrediction.Frames frames = GccgoPrediction.load(Path.of("target/gccgo/frames.txt"));
        GccgoPredictionReport.Result result = GccgoPredictionReport.measure(gccgo, frames, PROGRAMS);
        Path report = Path.of("target/gccgo/prediction.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, GccgoPredictionReport.markdown(result), StandardCharsets.UTF_8);
        GccgoPrediction.Agreement all = result.total();
        assertEquals(PROGRAMS, result.cases().size());
        assertTrue(all.agreeing() >= 0.9 * all.total(), all.agreeing() + " of " + all.total() + " events agree");
    }
}

package dev.stackcheck.gen;

import dev.stackcheck.program.Printer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fields of {@code check --json}, in order: a {@link CheckReport} as maps and lists Jackson prints. */
final class ReportJson {

    private ReportJson() {
    }

    static Map<String, Object> of(CheckReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", r.verdict());
        m.put("seed", r.seed());
        m.put("shard", r.shard() + "/" + r.shards());
        m.put("programs", r.programs());
        m.put("ops", r.ops());
        m.put("engineOps", r.engineOps());
        m.put("violations", r.violations());
        m.put("elapsedMs", r.elapsedMs());
        m.put("opsPerSecond", Math.round(r.opsPerSecond()));
        m.put("engines", r.engines());
        m.put("skipped", r.skipped());
        m.put("perEngine", r.perEngine());
        m.put("unchecked", r.unchecked());
        m.put("coverage", r.coverage());
        m.put("stoppedEarly", r.stoppedEarly());
        m.put("savedReplayed", r.savedReplayed());
        m.put("stoppedAtSaved", r.stoppedAtSaved());
        List<Map<String, Object>> fs = new ArrayList<>();
        for (CheckFailure f : r.failures()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("invariant", f.invariant());
            fm.put("engine", f.target().name());
            fm.put("message", f.violation().message());
            fm.put("statement", f.violation().statementText());
            fm.put("line", f.violation().pos().line());
            fm.put("program", Printer.print(f.program()));
            fm.put("statements", f.program().length());
            fm.put("originalStatements", f.original().length());
            fm.put("programSeed", f.programSeed());
            fm.put("withoutNomap", f.withoutNomap());
            fm.put("replayedFrom", f.source() != null ? f.source().toString() : null);
            fm.put("file", f.savedTo() != null ? f.savedTo().toString() : null);
            fm.put("replay", f.replayCommand());
            fm.put("shrinkStopped", f.shrinkStop());
            fm.put("saveError", f.saveError());
            fs.add(fm);
        }
        m.put("failures", fs);
        return m;
    }
}

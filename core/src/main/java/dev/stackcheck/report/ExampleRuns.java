package dev.stackcheck.report;

import dev.stackcheck.check.Coverage;
import dev.stackcheck.check.EngineResult;
import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.RunOptions;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.StackEngineProvider;
import dev.stackcheck.scenarios.Scenarios;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The example programs of specs/programs on every reference engine with its default profile, through the
 * lock-step runner: what {@code ./stackcheck run FILE --engine all} does for each. The million-frame
 * {@code deep.stk} is left out here (CI runs it); its depth is covered by the growth experiment.
 */
public final class ExampleRuns {

    private ExampleRuns() {
    }

    /** The programs' names, in order, and each engine's coverage summed over them. */
    public record Result(List<String> programs, long statements, List<CoverageSection.Row> coverage) {}

    public static Result run(Ledger ledger) {
        List<EngineSetup> engines = new ArrayList<>();
        for (StackEngineProvider p : Engines.providers()) {
            if (Engines.isReference(p)) {
                engines.add(new EngineSetup(p.name(), () -> p.create(p.defaultParams())));
            }
        }
        List<Scenarios.Scenario> scenarios = Scenarios.all().stream().filter(s -> !s.name().equals("deep")).toList();
        List<RunResult> results = Parallel.map(scenarios, s -> Runner.run(s.program(), engines,
                RunOptions.DEFAULT.withRecordObservations(false)));
        Map<String, Coverage> sum = new LinkedHashMap<>();
        engines.forEach(e -> sum.put(e.name(), Coverage.ZERO));
        List<String> names = new ArrayList<>();
        long statements = 0;
        for (int i = 0; i < scenarios.size(); i++) {
            RunResult r = results.get(i);
            ledger.add(r);
            names.add(scenarios.get(i).name() + ".stk");
            statements += r.steps();
            for (EngineResult e : r.engines()) {
                sum.put(e.name(), sum.get(e.name()).plus(e.coverage()));
            }
        }
        List<CoverageSection.Row> rows = new ArrayList<>();
        sum.forEach((k, v) -> rows.add(new CoverageSection.Row(k, v)));
        return new Result(List.copyOf(names), statements, List.copyOf(rows));
    }
}

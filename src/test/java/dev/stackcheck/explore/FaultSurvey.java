package dev.stackcheck.explore;

import dev.stackcheck.check.EngineSpec;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.faults.Fault;
import dev.stackcheck.faults.FaultCatalogue;
import java.util.List;

/**
 * Explores every fault of the catalogue alone with the standard configuration (not a test):
 * {@code FaultSurvey [depth]} prints, per fault, the shortest counterexample's length and invariant
 * against the catalogue's minimalOps and expected invariant.
 */
public final class FaultSurvey {

    private FaultSurvey() {
    }

    public static void main(String[] args) {
        int depth = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int found = 0;
        int within = 0;
        for (Fault f : FaultCatalogue.all()) {
            EngineSpec e = new EngineSpec("fault:" + f.id(), () -> f.factory().apply(Profile.EXPLORE.params()));
            ExploreResult r = new Explorer(ExploreConfig.standard(List.of(e), depth, 2)).run();
            Counterexample c = r.violations().isEmpty() ? null : r.violations().get(0);
            if (c != null) {
                found++;
                if (c.length() <= f.minimalOps()) {
                    within++;
                }
            }
            System.out.printf("%-42s %-7s min %2d: %s%n", f.id(), f.invariant(), f.minimalOps(),
                    c == null ? "not found (" + r.states() + " states)"
                            : c.invariant() + " at " + c.length() + (c.reproduced() ? "" : " NOT REPRODUCED")
                                    + "  " + String.join("; ", c.program().body().stream()
                                    .map(dev.stackcheck.program.Printer::statement).toList()));
        }
        System.out.printf("found %d of %d, %d within minimalOps%n", found, FaultCatalogue.all().size(), within);
    }
}

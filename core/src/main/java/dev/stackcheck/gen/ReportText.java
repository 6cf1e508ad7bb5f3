package dev.stackcheck.gen;

import java.util.Locale;
import java.util.Map;

/** A check report for people: counts, rates, engines, coverage, saved failures, verdict; a few lines. */
final class ReportText {

    /** How a reader skips the saved failures: the command line's option and the setting. */
    static final String SKIP_SAVED = "--no-replay or stackcheck.replay=false skips them";

    /**
     * The locale of the numbers: the same digits and point as Locale.ROOT, but the JDK formats it without
     * loading the locale data (a first format in Locale.ROOT costs a cold command 80-370 ms here).
     */
    private static final Locale NUMBERS = Locale.US;

    private ReportText() {
    }

    static String summary(CheckReport r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(NUMBERS, "%d programs, %d statements (%d on engines) in %d ms:"
                        + " %.0f statements/s, %.0f programs/s; seed %d, shard %d/%d%s%n", r.programs(), r.ops(),
                r.engineOps(), r.elapsedMs(), r.opsPerSecond(), r.programsPerSecond(), r.seed(), r.shard(), r.shards(),
                r.stoppedEarly() ? " (stopped at the time bound; stackcheck.maxMillis raises it)" : ""));
        s.append("engines (programs run / refused):");
        r.perEngine().forEach((e, m) -> s.append(' ').append(e).append(' ').append(m.get("programs")).append('/')
                .append(m.get("refused")));
        s.append('\n');
        for (String e : r.unchecked()) {
            s.append("unchecked: ").append(e).append(" refused all ").append(r.programs())
                    .append(" programs, so it checked nothing (exit 1)\n");
        }
        s.append("coverage (share of programs):");
        for (Map.Entry<String, Double> e : r.coverage().entrySet()) {
            s.append(String.format(NUMBERS, " %s %.2f", e.getKey(), e.getValue()));
        }
        s.append('\n');
        if (r.savedReplayed() > 0) {
            s.append("saved failures replayed first: ").append(r.savedReplayed()).append(" (").append(SKIP_SAVED)
                    .append(")\n");
        }
        if (r.stoppedAtSaved()) {
            s.append("stopped at a saved failure, replayed from ").append(r.failures().get(0).source())
                    .append(", before drawing any program of seed ").append(r.seed()).append('\n');
        }
        for (String e : r.savedErrors()) {
            s.append("saved failure not run: ").append(e).append('\n');
        }
        s.append(!r.failures().isEmpty() ? r.failures().size() + " failure(s), first: "
                + r.failures().get(0).violation().summary() : r.ok() ? "ok: every invariant held"
                : "unchecked: no invariant broke, but " + String.join(", ", r.unchecked()) + " checked nothing")
                .append('\n');
        for (CheckFailure f : r.failures()) {
            if (f.shrinkStop() != null) {
                s.append(f.signature()).append(": ").append(f.shrinkStop()).append('\n');
            }
        }
        return s.toString();
    }
}

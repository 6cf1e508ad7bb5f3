package dev.stackcheck.report;

import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.gen.GenConfig;
import dev.stackcheck.proc.GccgoPrediction;
import dev.stackcheck.proc.GoPrediction;
import dev.stackcheck.proc.OutsideEngine;
import dev.stackcheck.gen.ProgramGenerator;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Printer;
import dev.stackcheck.program.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Runs generated programs on the gccgo engine and compares its segment events with {@link GccgoPrediction}'s:
 * the first N programs (seeds 1, 2, ...) in which libgcc split at least once, and the markdown page that
 * shows the agreement, every program, and every difference with the statement that made it.
 */
public final class GccgoPredictionReport {

    private GccgoPredictionReport() {
    }

    /** One program: its seed, the real and predicted events, their agreement. */
    public record Case(long seed, Program program, GccgoPrediction.Events real, GccgoPrediction.Events predicted,
                       GccgoPrediction.Agreement agreement) {
    }

    /** The programs compared, and the machine's segment floor. */
    public record Result(List<Case> cases, long segmentMin) {

        /** The agreement over every program. */
        public GccgoPrediction.Agreement total() {
            int a = 0;
            int t = 0;
            for (Case c : cases) {
                a += c.agreement().agreeing();
                t += c.agreement().total();
            }
            return new GccgoPrediction.Agreement(a, t);
        }
    }

    /**
     * Runs generated programs (default configuration, no nomap layouts, edges aimed at the gccgo12 profile on
     * this machine's floor) on the gccgo engine until {@code programs} of them split.
     *
     * @throws IllegalStateException when the engine fails a program
     */
    public static Result measure(OutsideEngine gccgo, GoPrediction.Frames frames, int programs) {
        long floor = -1;
        List<Case> cases = new ArrayList<>();
        ProgramGenerator g = null;
        for (long seed = 1; cases.size() < programs && seed < 50L * programs; seed++) {
            if (g == null) {
                floor = segmentMin(gccgo);
                g = new ProgramGenerator(GenConfig.DEFAULT.withAllowNomap(false)
                        .withParams(GccgoPrediction.params(floor)));
            }
            Program p = g.draw(seed).program();
            BlackBoxRun r = gccgo.engine().runWhole(p);
            if (r.outcome() == BlackBoxRun.Outcome.REFUSED) {
                continue;
            }
            if (r.outcome() != BlackBoxRun.Outcome.COMPLETED && r.outcome() != BlackBoxRun.Outcome.OVERFLOW) {
                throw new IllegalStateException("gccgo failed seed " + seed + ": " + r);
            }
            GccgoPrediction.Events real = GccgoPrediction.real(r.events());
            if (real.bySteps().values().stream().noneMatch(l -> l.stream()
                    .anyMatch(t -> t.kind() == BlackBoxEvent.Kind.SPLIT))) {
                continue;
            }
            GccgoPrediction.Events predicted = GccgoPrediction.predict(p, frames, floor);
            cases.add(new Case(seed, p, real, predicted, GccgoPrediction.agreement(real, predicted)));
        }
        return new Result(cases, floor);
    }

    /** The machine's segment floor, as the engine reports it (stats field segmentMin). */
    static long segmentMin(OutsideEngine gccgo) {
        BlackBoxRun r = gccgo.engine().runWhole(Parser.parse("frame f words=1 ptrs=0\ncall f\nret\n"));
        Long floor = r.stats().get("segmentMin");
        if (floor == null) {
            throw new IllegalStateException("the gccgo engine reported no segmentMin: " + r);
        }
        return floor;
    }

    /** The page. */
    public static String markdown(Result result) {
        StringBuilder s = new StringBuilder();
        GccgoPrediction.Agreement all = result.total();
        int exact = (int) result.cases().stream().filter(c -> c.agreement().exact()).count();
        s.append(String.format(Locale.ROOT, "Programs: the first %d drawn by the generator (default configuration, no nomap"
                + " layouts, edges aimed at the gccgo12 profile with this machine's floor of %d bytes) in which libgcc"
                + " split at least once.%n%n", result.cases().size(), result.segmentMin()));
        s.append("| events agreeing | programs predicted exactly |\n|---|---|\n");
        s.append(String.format(Locale.ROOT, "| %d of %d (%.2f%%) | %d of %d |%n%n", all.agreeing(), all.total(),
                100.0 * all.agreeing() / Math.max(1, all.total()), exact, result.cases().size()));
        s.append("| seed | statements | real events | agreeing | split | lessstack | alloc | free |\n");
        s.append("|---|---|---|---|---|---|---|---|\n");
        for (Case c : result.cases()) {
            s.append("| ").append(c.seed()).append(" | ").append(c.program().length()).append(" | ")
                    .append(c.real().count()).append(" | ")
                    .append(c.agreement().exact() ? "exact" : c.agreement().agreeing() + " of " + c.agreement().total())
                    .append(" | ").append(count(c.real(), "split")).append(" | ").append(count(c.real(), "lessstack"))
                    .append(" | ").append(count(c.real(), "alloc")).append(" | ").append(count(c.real(), "free"))
                    .append(" |\n");
        }
        s.append("\nThe differences of this run, statement by statement (real events, then the model's):\n\n");
        boolean any = false;
        for (Case c : result.cases()) {
            if (c.agreement().exact()) {
                continue;
            }
            TreeSet<Long> steps = new TreeSet<>(c.real().bySteps().keySet());
            steps.addAll(c.predicted().bySteps().keySet());
            int shown = 0;
            for (long step : steps) {
                List<GccgoPrediction.Token> r = c.real().bySteps().getOrDefault(step, List.of());
                List<GccgoPrediction.Token> p = c.predicted().bySteps().getOrDefault(step, List.of());
                if (r.equals(p)) {
                    continue;
                }
                if (shown++ == 4) {
                    s.append("  - (more statements differ)\n");
                    break;
                }
                if (!any || shown == 1) {
                    s.append("- seed ").append(c.seed()).append(":\n");
                }
                any = true;
                s.append("  - step ").append(step).append(" `").append(Printer.statement(c.program().statementAtStep(step)))
                        .append("`: ").append(r.isEmpty() ? "(none)" : r).append(" vs ").append(p.isEmpty() ? "(none)" : p)
                        .append('\n');
            }
        }
        if (!any) {
            s.append("None.\n");
        }
        return s.toString();
    }

    private static long count(GccgoPrediction.Events e, String kind) {
        return e.bySteps().values().stream().flatMap(List::stream)
                .filter(t -> t.kind().protocolName().equals(kind)).count();
    }
}

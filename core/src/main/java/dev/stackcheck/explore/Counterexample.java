package dev.stackcheck.explore;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.LockStep;
import dev.stackcheck.check.ProgramRuleError;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Violation;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Printer;
import dev.stackcheck.program.Program;
import dev.stackcheck.select.EngineNames;
import dev.stackcheck.select.ReplayCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A shortest program that makes one engine break an invariant, as the explorer found it, replayed by the
 * ordinary runner for its explanation (stack diagrams before and after the statement).
 *
 * @param engine     the engine's name
 * @param invariant  the invariant's ID as the explorer saw it break
 * @param message    the explorer's message
 * @param length     statements in the program
 * @param program    the program (declaring only the layouts it calls)
 * @param text       the .stk file: a comment header (engine, invariant, parameters, how to replay) and the program
 * @param violation  the runner's violation when it replayed the program, or null
 * @param reproduced true when the runner's replay broke an invariant of this engine too
 */
public record Counterexample(String engine, String invariant, String message, int length, Program program,
                             String text, Violation violation, boolean reproduced) {

    /** The program {@code ops} for {@code source}, replayed by the runner. */
    static Counterexample of(ExploreConfig config, EngineSetup source, LockStep.Failure f, List<Op> ops) {
        List<Layout> used = new ArrayList<>();
        for (Layout l : config.alphabet().layouts()) {
            for (Op op : ops) {
                if (op instanceof Op.Call c && c.layout().equals(l)) {
                    used.add(l);
                    break;
                }
            }
        }
        Program program = new Program(used, ops);
        Violation v;
        try {
            RunResult r = Explorer.replay(program, source);
            v = Explorer.violationOf(r); // the replay runs the one engine
        } catch (ProgramRuleError e) {
            v = null;
        }
        String text = header(config, source.name(), f, ops.size()) + Printer.print(program);
        return new Counterexample(source.name(), f.invariant().id(), f.message(), ops.size(), program, text, v,
                v != null);
    }

    /** An engine that broke before any statement (construction or start). */
    static Counterexample atStart(ExploreConfig config, LockStep.Failure f) {
        Program empty = new Program(List.of(), List.of());
        return new Counterexample(f.engine(), f.invariant().id(), f.message(), 0, empty,
                header(config, f.engine(), f, 0), null, true);
    }

    private static String header(ExploreConfig config, String engine, LockStep.Failure f, int length) {
        EngineParams p = config.params();
        boolean standard = p.equals(Profile.EXPLORE.params());
        StringBuilder s = new StringBuilder();
        s.append("# stackcheck explore: a shortest counterexample, ").append(length).append(" statements\n");
        s.append("# engine ").append(engine).append(" breaks ").append(f.invariant().id()).append(": ")
                .append(f.message().replace('\n', ' ')).append('\n');
        s.append("# parameters").append(standard ? " (profile explore)" : "").append(": segmentSize=")
                .append(p.segmentSize()).append(" segmentCache=").append(p.segmentCache()).append(" initialStack=")
                .append(p.initialStack()).append(" stackGuard=").append(p.stackGuard()).append(" maxStack=")
                .append(p.maxStack()).append(" shrinkSlack=").append(p.shrinkSlack()).append('\n');
        s.append("# alphabet: frames");
        for (Layout l : config.alphabet().layouts()) {
            s.append(' ').append(l.name());
        }
        s.append(", values");
        for (long v : config.alphabet().values()) {
            s.append(' ').append(v);
        }
        s.append("; bound ").append(config.depth()).append(" statements\n");
        if (standard && EngineNames.inProcess(engine)) {
            s.append("# replay: ").append(ReplayCommand.of("FILE", engine, Profile.EXPLORE.name(), 0)).append('\n');
        } else {
            s.append("# replay: run it on ").append(engine).append(" with the parameters above\n");
        }
        return s.toString();
    }

    /** A file name for it: {@code explore-ENGINE-INVARIANT.stk}. */
    public String fileName() {
        String e = engine.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-");
        return "explore-" + e + "-" + invariant + ".stk";
    }
}

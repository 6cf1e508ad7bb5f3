package dev.stackcheck.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackcheck.check.EngineResult;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.program.Cursor;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Pos;
import dev.stackcheck.program.Printer;
import dev.stackcheck.program.Program;
import dev.stackcheck.spec.Spec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The first observation on which two engines of a run disagree, with every engine's value beside the
 * specification's: the "equivalence of split and copy results" (SPEC.md) made visible when it fails.
 * Each engine is checked against the specification (REF-1), so an engine that disagrees with another has
 * a REF-1 violation of its own; this puts the values side by side.
 *
 * @param number    the observation's number, from 1
 * @param pos       where the statement that made it stands
 * @param statement its text
 * @param expected  the specification's value
 * @param engines   the engines that made the observation, in the run's order
 * @param values    their values, in the same order
 */
record Disagreement(long number, Pos pos, String statement, long expected, List<String> engines, List<Long> values) {

    /** The first observation two engines of {@code result} disagree on, or null when they all agree. */
    static Disagreement find(Program program, RunResult result) {
        List<EngineResult> es = result.engines();
        long n = 0;
        for (EngineResult e : es) {
            n = Math.max(n, e.observationCount());
        }
        for (int k = 0; k < n; k++) {
            Long first = null;
            boolean differ = false;
            for (EngineResult e : es) {
                if (k < e.observationCount()) {
                    long v = e.observation(k);
                    differ |= first != null && first != v;
                    first = first == null ? v : first;
                }
            }
            if (differ) {
                return at(program, result, k);
            }
        }
        return null;
    }

    private static Disagreement at(Program program, RunResult result, int k) {
        Spec spec = new Spec();
        Cursor cursor = program.cursor();
        long seen = 0;
        while (cursor.hasNext()) {
            Op op = cursor.next();
            spec.apply(op); // the run accepted every statement up to here
            if (spec.observed() && seen++ == k) {
                List<String> names = new ArrayList<>();
                List<Long> values = new ArrayList<>();
                for (EngineResult e : result.engines()) {
                    if (k < e.observationCount()) {
                        names.add(e.name());
                        values.add(e.observation(k));
                    }
                }
                return new Disagreement(k + 1, program.position(cursor.index()), Printer.statement(op),
                        spec.observation(), List.copyOf(names), List.copyOf(values));
            }
        }
        throw new IllegalStateException("observation #" + (k + 1) + " is beyond the program");
    }

    /** The engines' values side by side, under a line naming the statement. */
    void print(PrintWriter out) {
        out.printf("disagreement observation #%d, line %d:%d `%s`: the engines observed different values%n", number,
                pos.line(), pos.column(), statement);
        out.printf("  %-16s %d%n", "specification", expected);
        for (int i = 0; i < engines.size(); i++) {
            out.printf("  %-16s %d%s%n", engines.get(i), values.get(i), values.get(i) == expected ? "" : "  (differs)");
        }
    }

    ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("observation", number);
        n.put("line", pos.line());
        n.put("column", pos.column());
        n.put("statement", statement);
        n.put("specification", expected);
        ObjectNode v = n.putObject("engines");
        for (int i = 0; i < engines.size(); i++) {
            v.put(engines.get(i), values.get(i));
        }
        return n;
    }
}

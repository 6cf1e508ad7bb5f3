package dev.stackcheck.gen;

import dev.stackcheck.program.Cursor;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Program;
import dev.stackcheck.spec.RuleViolation;
import dev.stackcheck.spec.Spec;
import java.util.Optional;

/** Runs a program through a fresh {@link Spec} to tell whether it is legal: the shrinker's and the tests' gate. */
public final class Legality {

    private Legality() {
    }

    /** Why the program breaks a rule ("LINE:COL: reason"), or empty when it is legal. Iterative. */
    public static Optional<String> whyIllegal(Program program) {
        for (int i = 0; i < program.length(); i++) {
            if (program.statement(i) instanceof Op.Repeat r && (r.count() < 1 || r.body().isEmpty())) {
                // the .stk format has no such repeat: the program would not print and parse back
                return Optional.of(program.position(i) + ": repeat needs a count of at least 1 and a body");
            }
        }
        Spec spec = new Spec();
        Cursor cursor = program.cursor();
        if (!cursor.hasNext()) {
            return Optional.of("empty program");
        }
        while (cursor.hasNext()) {
            Op op = cursor.next();
            try {
                spec.apply(op);
            } catch (RuleViolation v) {
                return Optional.of(program.position(cursor.index()) + ": " + v.getMessage());
            }
        }
        return Optional.empty();
    }

    public static boolean isLegal(Program program) {
        return whyIllegal(program).isEmpty();
    }
}

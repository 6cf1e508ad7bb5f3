package dev.stackcheck.check;

import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.program.Cursor;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Pos;
import dev.stackcheck.program.Printer;
import dev.stackcheck.program.Program;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The overflow rule of a fixed stack (kind {@code fixed}: one block of {@code maxStack} bytes, a C thread's):
 * the engine overflows only when the live frames really pass the block, and always when they do.
 *
 * <p>The live frames at a call are the program's frames, each its slots ({@code 8 * words}) and a frame of C
 * overhead of at most {@code stackGuard} bytes, each {@code defer} one more overhead, and below frame 0 at most
 * {@code initialStack} bytes the thread itself uses (profile c-fixed). CPY-4 breaks when the engine
 * overflowed at a call (its {@code calls} statistic counts the call that overflowed) after which even the
 * largest overhead leaves the frames inside the block; or when it completed a program some call of which
 * needed more than the block for its slots alone.
 */
final class FixedStackCheck {

    private FixedStackCheck() {
    }

    /** The violation, or null. */
    static Violation check(Program program, String name, BlackBoxRun run, EngineParams params, long maxSteps) {
        Long overflowCall = run.outcome() == BlackBoxRun.Outcome.OVERFLOW ? run.stats().get("calls") : null;
        if (run.outcome() == BlackBoxRun.Outcome.FAILED
                || run.outcome() == BlackBoxRun.Outcome.OVERFLOW && overflowCall == null) {
            return null;
        }
        long limit = params.maxStack();
        long overhead = params.stackGuard();
        Deque<long[]> frames = new ArrayDeque<>(); // {slot bytes, defers}
        long slots = 0;
        long overheads = 0;
        long calls = 0;
        Cursor cursor = program.cursor();
        for (long steps = 0; cursor.hasNext() && steps < maxSteps; steps++) {
            Op op = cursor.next();
            if (op instanceof Op.Call c) {
                calls++;
                long bytes = 8L * c.layout().words();
                frames.push(new long[] {bytes, 0});
                slots += bytes;
                overheads += overhead;
                long most = slots + overheads + params.initialStack();
                if (overflowCall != null && calls == overflowCall) {
                    return most > limit ? null : at(program, name, cursor, op, "the engine overflowed at call #"
                            + calls + ", but its " + frames.size() + " live frames need at most " + most
                            + " bytes (slots " + slots + ", at most " + overhead + " bytes of C frame each, "
                            + params.initialStack() + " below frame 0) of the " + limit + "-byte stack");
                }
                if (overflowCall == null && slots > limit) {
                    return at(program, name, cursor, op, "the live frames' slots alone take " + slots
                            + " bytes, past the " + limit + "-byte stack, but the engine did not overflow");
                }
            } else if (op instanceof Op.Defer) {
                frames.peek()[1]++;
                overheads += overhead;
            } else if (op instanceof Op.Ret) { // the program rules (checked before) leave a frame to return from
                long[] f = frames.pop();
                slots -= f[0];
                overheads -= overhead * (1 + f[1]);
            }
        }
        return overflowCall == null ? null : new Violation(Invariant.CPY_4, name, -1, -1,
                Pos.UNKNOWN, "(whole program)", "the engine overflowed at call #"
                + overflowCall + ", but the program makes only " + calls + " calls", "", "");
    }

    private static Violation at(Program program, String name, Cursor cursor, Op op, String message) {
        return new Violation(Invariant.CPY_4, name, cursor.step(), cursor.index(), program.position(cursor.index()),
                Printer.statement(op), message, "", "");
    }
}

package dev.stackcheck.program;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Prints programs in the .stk format: declarations first, then one statement a line, repeat bodies
 * indented by two spaces a level, up to {@link #MAX_INDENT} levels (deeper blocks stay at that indent, so
 * the text stays linear in the program, however deep the nesting). {@code Parser.parse(Printer.print(p))}
 * equals {@code p} for every program with at least one statement (the parser refuses a text without one).
 */
public final class Printer {

    /** Nesting levels that get their own indent; deeper levels print at this one. */
    public static final int MAX_INDENT = 32;

    private Printer() {
    }

    /** The program as .stk text, ending with a newline. */
    public static String print(Program program) {
        StringBuilder out = new StringBuilder();
        walk(program, (op, depth, line) -> {
            out.append("  ".repeat(indent(depth))).append(op).append('\n');
        });
        return out.toString();
    }

    /** The declaration line of a layout. */
    public static String declaration(Layout l) {
        StringBuilder s = new StringBuilder("frame ").append(l.name()).append(" words=").append(l.words());
        if (l.pointerCount() > 0) {
            s.append(" ptrs=");
            for (int i = 0; i < l.pointerCount(); i++) {
                s.append(i > 0 ? "," : "").append(l.pointer(i));
            }
        }
        if (l.nomap()) {
            s.append(" nomap");
        }
        return s.toString();
    }

    /** One statement's text (a repeat prints only its opening line). */
    public static String statement(Op op) {
        if (op instanceof Op.Call c) {
            return "call " + c.layout().name();
        } else if (op instanceof Op.Ret) {
            return "ret";
        } else if (op instanceof Op.Set s) {
            return "set " + s.slot() + " " + s.value();
        } else if (op instanceof Op.Get g) {
            return "get " + g.slot();
        } else if (op instanceof Op.Addr a) {
            return "addr " + a.slot() + " " + a.frame() + "." + a.target();
        } else if (op instanceof Op.Store s) {
            return "store " + s.slot() + " " + s.value();
        } else if (op instanceof Op.Load l) {
            return "load " + l.slot();
        } else if (op instanceof Op.Defer d) {
            return "defer " + d.slot() + " " + d.value();
        } else if (op instanceof Op.Gc) {
            return "gc";
        }
        return "repeat " + ((Op.Repeat) op).count() + " {";
    }

    /** Positions of the statements of the printed form, by preorder number. */
    static Pos[] positions(Program program) {
        List<Pos> out = new ArrayList<>();
        walk(program, (line, depth, lineNo) -> {
            if (line.statement) {
                out.add(new Pos(lineNo, 2 * indent(depth) + 1));
            }
        });
        return out.toArray(new Pos[0]);
    }

    private static int indent(int depth) {
        return Math.min(depth, MAX_INDENT);
    }

    private record Line(String text, boolean statement) {
        @Override
        public String toString() {
            return text;
        }
    }

    private interface LineSink {
        void line(Line line, int depth, int lineNo);
    }

    /** Emits every line of the printed program, iteratively (repeat nesting may be deep). */
    private static void walk(Program program, LineSink sink) {
        int lineNo = 0;
        for (Layout l : program.layouts()) {
            sink.line(new Line(declaration(l), false), 0, ++lineNo);
        }
        List<Iterator<Op>> stack = new ArrayList<>();
        stack.add(program.body().iterator());
        while (!stack.isEmpty()) {
            Iterator<Op> it = stack.get(stack.size() - 1);
            int depth = stack.size() - 1;
            if (!it.hasNext()) {
                stack.remove(stack.size() - 1);
                if (depth > 0) {
                    sink.line(new Line("}", false), depth - 1, ++lineNo);
                }
                continue;
            }
            Op op = it.next();
            sink.line(new Line(statement(op), true), depth, ++lineNo);
            if (op instanceof Op.Repeat r) {
                stack.add(r.body().iterator());
            }
        }
    }
}

package dev.stackcheck.program;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A program: layout declarations and a body of statements, where {@code repeat} blocks nest.
 *
 * <p>Statements are numbered in preorder (a {@code repeat} before its body), from 0; that number is a
 * statement's identity for positions and reports, and every iteration of a repeat body reuses it. Two
 * programs are equal when their layouts and bodies are equal: source positions are not compared, so a
 * printed program parses back equal to itself.
 */
public final class Program {

    private final Map<String, Layout> layouts;
    private final List<Op> body;
    /** given by the parser, or those of the printed form, worked out when first asked for */
    private volatile Pos[] positions;
    private final Op[] statements;

    /**
     * @param layouts   the declared layouts, in declaration order
     * @param body      the statements
     * @param positions source position of each statement by preorder number, or null when the program
     *                  was not parsed (positions are then those of its printed form)
     */
    public Program(List<Layout> layouts, List<Op> body, Pos[] positions) {
        Map<String, Layout> byName = new LinkedHashMap<>();
        for (Layout l : layouts) {
            if (byName.put(l.name(), l) != null) {
                throw new IllegalArgumentException("layout declared twice: " + l.name());
            }
        }
        this.layouts = Collections.unmodifiableMap(byName);
        this.body = List.copyOf(body);
        List<Op> flat = new ArrayList<>();
        flatten(this.body, flat);
        this.statements = flat.toArray(new Op[0]);
        this.positions = positions != null ? positions.clone() : null;
    }

    public Program(List<Layout> layouts, List<Op> body) {
        this(layouts, body, null);
    }

    public List<Layout> layouts() {
        return List.copyOf(layouts.values());
    }

    public Layout layout(String name) {
        return layouts.get(name);
    }

    public List<Op> body() {
        return body;
    }

    /** Number of statements in the text (a repeat and each statement of its body count once). */
    public int length() {
        return statements.length;
    }

    /** The statement numbered {@code index} in preorder. */
    public Op statement(int index) {
        return statements[index];
    }

    /** Where statement {@code index} stands in the source, or in the printed form. */
    public Pos position(int index) {
        Pos[] p = positions();
        return index >= 0 && index < p.length ? p[index] : Pos.UNKNOWN;
    }

    /** True when some layout is declared {@code nomap}. */
    public boolean hasNomapLayout() {
        return layouts.values().stream().anyMatch(Layout::nomap);
    }

    /** A cursor over the statements as they run, repeats unrolled on the fly (no memory per iteration). */
    public Cursor cursor() {
        return new Cursor(this);
    }

    /**
     * The statement that runs at {@code step} (0 for the first, repeat iterations counted as they run, as
     * events and observations number them), or the last statement run when the program ends before it; null
     * for a program that runs nothing.
     */
    public Op statementAtStep(long step) {
        Cursor cursor = cursor();
        Op op = null;
        for (long i = 0; i <= step && cursor.hasNext(); i++) {
            op = cursor.next();
        }
        return op;
    }

    /** Number of statements the program runs, counting every iteration; saturates at Long.MAX_VALUE. */
    public long steps() {
        // subtree sizes bottom-up over the preorder numbering: iterative, whatever the nesting
        int n = statements.length;
        long[] runs = new long[n];
        int[] end = new int[n];
        for (int i = n - 1; i >= 0; i--) {
            end[i] = i + 1;
            runs[i] = 1;
            if (statements[i] instanceof Op.Repeat r) {
                long inner = 0;
                int j = i + 1;
                for (int k = 0; k < r.body().size(); k++) {
                    inner = saturatedAdd(inner, runs[j]);
                    j = end[j];
                }
                end[i] = j;
                runs[i] = inner == 0 ? 0
                        : (r.count() > Long.MAX_VALUE / inner ? Long.MAX_VALUE : r.count() * inner);
            }
        }
        long total = 0;
        for (int j = 0; j < n; j = end[j]) {
            total = saturatedAdd(total, runs[j]);
        }
        return total;
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }

    /** Preorder flattening, iterative so that deeply nested repeats cannot overflow the JVM stack. */
    static void flatten(List<Op> body, List<Op> out) {
        ArrayList<java.util.Iterator<Op>> stack = new ArrayList<>();
        stack.add(body.iterator());
        while (!stack.isEmpty()) {
            java.util.Iterator<Op> it = stack.get(stack.size() - 1);
            if (!it.hasNext()) {
                stack.remove(stack.size() - 1);
                continue;
            }
            Op op = it.next();
            out.add(op);
            if (op instanceof Op.Repeat r) {
                stack.add(r.body().iterator());
            }
        }
    }

    Op[] statements() {
        return statements;
    }

    /**
     * Layouts equal and bodies equal. Compared over the preorder numbering, one statement at a time (a
     * repeat by its count and body size), which determines the tree: no recursion, whatever the nesting.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Program p) || !p.layouts.equals(layouts) || p.statements.length != statements.length) {
            return false;
        }
        for (int i = 0; i < statements.length; i++) {
            if (!shallowEquals(statements[i], p.statements[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean shallowEquals(Op a, Op b) {
        if (a instanceof Op.Repeat ra) {
            return b instanceof Op.Repeat rb && ra.count() == rb.count() && ra.body().size() == rb.body().size();
        }
        return a.equals(b);
    }

    @Override
    public int hashCode() {
        int h = layouts.hashCode() * 31 + body.size();
        for (Op op : statements) {
            int x;
            if (op instanceof Op.Repeat r) {
                x = Long.hashCode(r.count()) * 31 + r.body().size();
            } else {
                x = op.hashCode();
            }
            h = h * 31 + x;
        }
        return h;
    }

    @Override
    public String toString() {
        return Printer.print(this);
    }

    Pos[] positionsArray() {
        Pos[] p = positions();
        return Arrays.copyOf(p, p.length);
    }

    /** The positions; a generated program prints itself once, when a position is first asked for. */
    private Pos[] positions() {
        Pos[] p = positions;
        if (p == null) {
            p = Printer.positions(this);
            positions = p;
        }
        return p;
    }
}

package dev.stackcheck.gen;

import static dev.stackcheck.gen.Shrinker.lower;
import static dev.stackcheck.gen.Shrinker.lowerValue;

import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Program;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The program-level passes of a shrink: each lists, for the current program, candidate programs in a fixed
 * order (boldest first). A candidate may be illegal or not simpler; the {@link Shrinker} keeps only a
 * legal, simpler one that fails the same way. Passes are functions of the program alone, so a shrink is
 * deterministic. The edits of the statement tree they share are {@link ProgramEdits}.
 */
final class ProgramPasses {

    /** The passes in the order a shrink tries them, round after round. */
    static final List<Function<Program, List<Program>>> IN_ORDER = List.of(
            ProgramPasses::dropCallBlocks, ProgramPasses::dropRuns, ProgramPasses::shrinkRepeats,
            ProgramPasses::cancelCalls, ProgramPasses::foldRuns, ProgramPasses::hoist, ProgramPasses::shrinkLayouts, ProgramPasses::swapSlots,
            ProgramPasses::lowerStatements);

    private ProgramPasses() {
    }

    /** Drop a call (or a dive) with its matching return and everything between; or with everything after. */
    static List<Program> dropCallBlocks(Program current) {
        List<Program> out = new ArrayList<>();
        List<Op> body = current.body();
        for (int[] path : ProgramEdits.listPaths(body)) {
            List<Op> list = ProgramEdits.listAt(body, path);
            for (int i = list.size() - 1; i >= 0; i--) {
                long first = ProgramEdits.netDepth(list.get(i));
                if (first <= 0) {
                    continue;
                }
                long balance = 0;
                for (int j = i; j < list.size(); j++) {
                    balance += ProgramEdits.netDepth(list.get(j));
                    if (balance <= 0) {
                        if (balance == 0) {
                            out.add(edit(current, path, ProgramEdits.splice(list, i, j + 1, List.of())));
                        }
                        break;
                    }
                }
                out.add(edit(current, path, ProgramEdits.splice(list, i, list.size(), List.of())));
            }
        }
        return out;
    }

    /** Drop runs of statements of halving lengths, the last first. */
    static List<Program> dropRuns(Program current) {
        List<Program> out = new ArrayList<>();
        List<Op> body = current.body();
        for (int[] path : ProgramEdits.listPaths(body)) {
            List<Op> list = ProgramEdits.listAt(body, path);
            TreeSet<Integer> sizes = new TreeSet<>();
            for (int n = list.size(); n >= 1; n /= 2) {
                sizes.add(n);
            }
            for (int n : sizes.descendingSet()) {
                for (int i = list.size() - n; i >= 0; i--) {
                    out.add(edit(current, path, ProgramEdits.splice(list, i, i + n, List.of())));
                }
            }
        }
        return out;
    }

    /** Unwrap repeats and lower their counts, alone and together with every repeat of the same count. */
    static List<Program> shrinkRepeats(Program current) {
        List<Program> out = new ArrayList<>();
        List<Op> body = current.body();
        TreeSet<Long> counts = new TreeSet<>();
        for (int i = 0; i < current.length(); i++) {
            if (current.statement(i) instanceof Op.Repeat r && r.count() > 1) {
                counts.add(r.count());
            }
        }
        for (long n : counts.descendingSet()) {
            for (long m : lower(n)) {
                long to = Math.max(1, m);
                out.add(new Program(current.layouts(), recount(body, n, to)));
            }
        }
        for (int[] path : ProgramEdits.listPaths(body)) {
            List<Op> list = ProgramEdits.listAt(body, path);
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Op.Repeat r) {
                    out.add(edit(current, path, ProgramEdits.splice(list, i, i + 1, r.body())));
                    for (long m : lower(r.count())) {
                        if (m >= 1) {
                            out.add(edit(current, path, ProgramEdits.splice(list, i, i + 1,
                                    List.of(new Op.Repeat(m, r.body())))));
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Cancel calls against later returns in the same statement list: a call (or a repeat of one call) and a
     * later ret (or a repeat of ret) both lose the same number of runs, so the depth after the pair is
     * unchanged while the depth between them falls. This reaches programs that dropping whole call blocks
     * cannot, where the stack must first climb high and then come down to an exact used size.
     */
    static List<Program> cancelCalls(Program current) {
        List<Program> out = new ArrayList<>();
        List<Op> body = current.body();
        for (int[] path : ProgramEdits.listPaths(body)) {
            List<Op> list = ProgramEdits.listAt(body, path);
            for (int i = 0; i < list.size(); i++) {
                List<Op> up = unit(list.get(i));
                if (up.size() != 1 || !(up.get(0) instanceof Op.Call)) {
                    continue;
                }
                for (int j = i + 1; j < list.size(); j++) {
                    List<Op> down = unit(list.get(j));
                    if (down.size() != 1 || !(down.get(0) instanceof Op.Ret)) {
                        continue;
                    }
                    long most = Math.min(count(list.get(i)), count(list.get(j)));
                    for (long keep : lower(most)) {
                        List<Op> edited = new ArrayList<>(list);
                        edited.set(j, runs(down, count(list.get(j)) - (most - keep)));
                        edited.set(i, runs(up, count(list.get(i)) - (most - keep)));
                        edited.removeIf(op -> op instanceof Op.Repeat r && r.count() == 0);
                        out.add(edit(current, path, edited));
                    }
                }
            }
        }
        return out;
    }

    /** {@code unit} run {@code n} times: the statement itself once, a repeat otherwise (n = 0 is dropped later). */
    private static Op runs(List<Op> unit, long n) {
        return n == 1 ? unit.get(0) : new Op.Repeat(n, unit);
    }

    /** Move the first or last statement of a repeat body out of the loop: it then runs once. */
    static List<Program> hoist(Program current) {
        List<Program> out = new ArrayList<>();
        List<Op> body = current.body();
        for (int[] path : ProgramEdits.listPaths(body)) {
            List<Op> list = ProgramEdits.listAt(body, path);
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Op.Repeat r && r.body().size() >= 2) {
                    List<Op> b = r.body();
                    Op last = b.get(b.size() - 1);
                    out.add(edit(current, path, ProgramEdits.splice(list, i, i + 1,
                            List.of(new Op.Repeat(r.count(), b.subList(0, b.size() - 1)), last))));
                    out.add(edit(current, path, ProgramEdits.splice(list, i, i + 1,
                            List.of(b.get(0), new Op.Repeat(r.count(), b.subList(1, b.size()))))));
                }
            }
        }
        return out;
    }

    /**
     * Exchange a used slot of a layout with a lower one, so that lowering the words can follow; and join
     * two layouts into one whose slots are the first's followed by the second's.
     */
    static List<Program> swapSlots(Program current) {
        List<Program> out = new ArrayList<>();
        ProgramEdits.LayoutUse use = ProgramEdits.layoutUse(current);
        List<Layout> layouts = current.layouts();
        for (Layout l : layouts) {
            TreeSet<Integer> named = new TreeSet<>();
            for (int i = 0; i < current.length(); i++) {
                Op op = current.statement(i);
                int s = ProgramEdits.slotOf(op);
                if (s >= 0 && use.top().get(i).contains(l.name())) {
                    named.add(s);
                }
                if (op instanceof Op.Addr a && use.target().get(i).contains(l.name())) {
                    named.add(a.target());
                }
            }
            for (int p : l.pointers()) {
                named.add(p);
            }
            for (int s : named.descendingSet()) {
                TreeSet<Integer> lows = new TreeSet<>();
                for (long t : lower(s)) {
                    lows.add((int) t);
                }
                for (int t = 0; t < Math.min(s, 8); t++) {
                    lows.add(t);
                }
                for (int t : lows) {
                    java.util.function.IntUnaryOperator swap = x -> x == s ? t : x == t ? s : x;
                    int[] ptrs = Arrays.stream(l.pointers()).map(swap).toArray();
                    Layout nl = new Layout(l.name(), l.words(), ptrs, l.nomap());
                    Program p = ProgramEdits.remapSlots(current, use, Map.of(l.name(), swap), Map.of(l.name(), nl));
                    if (p != null) {
                        out.add(p);
                    }
                }
            }
        }
        for (int j = 1; j < layouts.size(); j++) {
            for (int i = 0; i < j; i++) {
                Layout a = layouts.get(i);
                Layout b = layouts.get(j);
                if (a.nomap() != b.nomap() || (long) a.words() + b.words() > (1 << 20)) {
                    continue;
                }
                int shift = a.words();
                int[] ptrs = java.util.stream.IntStream.concat(Arrays.stream(a.pointers()),
                        Arrays.stream(b.pointers()).map(x -> x + shift)).toArray();
                Layout joined = new Layout(a.name(), a.words() + b.words(), ptrs, a.nomap());
                Map<String, java.util.function.IntUnaryOperator> maps = Map.of(b.name(), x -> x + shift);
                Map<String, Layout> replace = new LinkedHashMap<>();
                replace.put(a.name(), joined);
                replace.put(b.name(), joined);
                Program p = ProgramEdits.remapSlots(current, use, maps, replace);
                if (p != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** Every repeat of count {@code from} set to {@code to} (unwrapped when {@code to} is 1). */
    private static List<Op> recount(List<Op> list, long from, long to) {
        List<Op> out = new ArrayList<>();
        for (Op op : list) {
            if (op instanceof Op.Repeat r) {
                List<Op> inner = recount(r.body(), from, to);
                if (r.count() == from && to == 1) {
                    out.addAll(inner);
                } else {
                    out.add(new Op.Repeat(r.count() == from ? to : r.count(), inner));
                }
            } else {
                out.add(op);
            }
        }
        return out;
    }

    /** Adjacent copies of the same statements (repeated or not) folded into one repeat. */
    static List<Program> foldRuns(Program current) {
        List<Program> out = new ArrayList<>();
        List<Op> body = current.body();
        for (int[] path : ProgramEdits.listPaths(body)) {
            List<Op> list = ProgramEdits.listAt(body, path);
            int i = 0;
            while (i < list.size()) {
                List<Op> unit = unit(list.get(i));
                long total = count(list.get(i));
                int j = i + 1;
                while (j < list.size() && unit(list.get(j)).equals(unit)) {
                    total += count(list.get(j));
                    j++;
                }
                if (j - i >= 2) {
                    out.add(edit(current, path, ProgramEdits.splice(list, i, j, List.of(new Op.Repeat(total, unit)))));
                }
                i = j;
            }
        }
        return out;
    }

    private static List<Op> unit(Op op) {
        return op instanceof Op.Repeat r ? r.body() : List.of(op);
    }

    private static long count(Op op) {
        return op instanceof Op.Repeat r ? r.count() : 1;
    }

    /** Drop unused layouts, merge a layout into an earlier one, lower words, drop pointer slots and nomap. */
    static List<Program> shrinkLayouts(Program current) {
        List<Program> out = new ArrayList<>();
        List<Layout> layouts = current.layouts();
        java.util.Set<String> used = ProgramEdits.usedLayouts(current);
        for (Layout l : layouts) {
            if (!used.contains(l.name())) {
                out.add(ProgramEdits.withLayouts(current, single(l.name(), null)));
            }
        }
        for (int j = layouts.size() - 1; j > 0; j--) {
            for (int i = 0; i < j; i++) {
                out.add(ProgramEdits.withLayouts(current, single(layouts.get(j).name(), layouts.get(i))));
            }
        }
        for (Layout l : layouts) {
            for (long w : lower(l.words())) {
                if (w >= 1) {
                    int[] ptrs = Arrays.stream(l.pointers()).filter(s -> s < w).toArray();
                    out.add(ProgramEdits.withLayouts(current,
                            single(l.name(), new Layout(l.name(), (int) w, ptrs, l.nomap()))));
                }
            }
            for (int p : l.pointers()) {
                int[] ptrs = Arrays.stream(l.pointers()).filter(s -> s != p).toArray();
                out.add(ProgramEdits.withLayouts(current,
                        single(l.name(), new Layout(l.name(), l.words(), ptrs, l.nomap()))));
            }
            if (l.nomap()) {
                // a pointer map naming the slots that take addr in frames of this layout
                ProgramEdits.LayoutUse use = ProgramEdits.layoutUse(current);
                TreeSet<Integer> ptrs = new TreeSet<>();
                for (int i = 0; i < current.length(); i++) {
                    if (current.statement(i) instanceof Op.Addr a && use.top().get(i).contains(l.name())) {
                        ptrs.add(a.slot());
                    }
                }
                int[] map = ptrs.stream().mapToInt(Integer::intValue).toArray();
                out.add(ProgramEdits.withLayouts(current,
                        single(l.name(), new Layout(l.name(), l.words(), map, false))));
                // the same, with the pointer uses moved to new slots after the old ones (scalar uses stay)
                if (!ptrs.isEmpty() && (long) l.words() + ptrs.size() <= (1 << 20)) {
                    List<Integer> order = new ArrayList<>(ptrs);
                    int w = l.words();
                    java.util.function.IntUnaryOperator moved = x -> order.contains(x) ? w + order.indexOf(x) : x;
                    int[] newPtrs = java.util.stream.IntStream.range(w, w + order.size()).toArray();
                    Layout nl = new Layout(l.name(), w + order.size(), newPtrs, false);
                    Program p = ProgramEdits.remapSlots(current, use, Map.of(), Map.of(l.name(), moved),
                            Map.of(l.name(), nl));
                    if (p != null) {
                        out.add(p);
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, Layout> single(String name, Layout to) {
        Map<String, Layout> m = new LinkedHashMap<>();
        m.put(name, to);
        return m;
    }

    /** Lower values, slots, frames and targets of single statements. */
    static List<Program> lowerStatements(Program current) {
        List<Program> out = new ArrayList<>();
        for (int i = 0; i < current.length(); i++) {
            Op op = current.statement(i);
            for (Op smaller : smaller(op)) {
                out.add(new Program(current.layouts(), replaceStatement(current.body(), i, smaller)));
            }
        }
        return out;
    }

    private static List<Op> smaller(Op op) {
        List<Op> out = new ArrayList<>();
        if (op instanceof Op.Set s) {
            for (long v : lowerValue(s.value())) {
                out.add(new Op.Set(s.slot(), v));
            }
            for (long t : lower(s.slot())) {
                out.add(new Op.Set((int) t, s.value()));
            }
        } else if (op instanceof Op.Store s) {
            for (long v : lowerValue(s.value())) {
                out.add(new Op.Store(s.slot(), v));
            }
        } else if (op instanceof Op.Defer d) {
            for (long v : lowerValue(d.value())) {
                out.add(new Op.Defer(d.slot(), v));
            }
        } else if (op instanceof Op.Get g) {
            for (long t : lower(g.slot())) {
                out.add(new Op.Get((int) t));
            }
        } else if (op instanceof Op.Addr a) {
            for (long f : lower(a.frame())) {
                out.add(new Op.Addr(a.slot(), (int) f, a.target()));
            }
            for (long t : lower(a.target())) {
                out.add(new Op.Addr(a.slot(), a.frame(), (int) t));
            }
        }
        return out;
    }

    private static Program edit(Program current, int[] path, List<Op> list) {
        List<Op> body = current.body();
        while (list.isEmpty() && path.length > 0) {
            // an emptied repeat body: the repeat goes from its parent list
            int[] parent = Arrays.copyOf(path, path.length - 1);
            List<Op> plist = ProgramEdits.listAt(body, parent);
            list = ProgramEdits.splice(plist, path[path.length - 1], path[path.length - 1] + 1, List.of());
            path = parent;
        }
        List<Op> nb = ProgramEdits.replaceAt(body, path, list);
        return nb.isEmpty() ? null : new Program(current.layouts(), nb);
    }

    /** The statement numbered {@code index} in preorder, which is not a repeat, replaced. */
    static List<Op> replaceStatement(List<Op> body, int index, Op op) {
        int[] counter = {0};
        return replace(body, index, op, counter);
    }

    private static List<Op> replace(List<Op> list, int index, Op op, int[] counter) {
        List<Op> out = new ArrayList<>(list.size());
        for (Op o : list) {
            int mine = counter[0]++;
            if (mine == index) {
                out.add(op);
            } else if (o instanceof Op.Repeat r) {
                out.add(new Op.Repeat(r.count(), replace(r.body(), index, op, counter)));
            } else {
                out.add(o);
            }
        }
        return out;
    }
}

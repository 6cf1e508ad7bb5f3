package dev.stackcheck.gen;

import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Program;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Edits of a program's statement tree for the shrinker. A statement list is named by its path: the indices
 * of the repeats that lead to it from the body ({@code []} is the body itself). The recursion here follows
 * the nesting of repeats in the text, never the depth of the stack a program builds.
 */
final class ProgramEdits {

    private ProgramEdits() {
    }

    /** Paths of every statement list, the body first, then each repeat body in preorder. */
    static List<int[]> listPaths(List<Op> body) {
        List<int[]> out = new ArrayList<>();
        collect(body, new int[0], out);
        return out;
    }

    private static void collect(List<Op> list, int[] path, List<int[]> out) {
        out.add(path);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Op.Repeat r) {
                int[] p = Arrays.copyOf(path, path.length + 1);
                p[path.length] = i;
                collect(r.body(), p, out);
            }
        }
    }

    static List<Op> listAt(List<Op> body, int[] path) {
        List<Op> list = body;
        for (int i : path) {
            list = ((Op.Repeat) list.get(i)).body();
        }
        return list;
    }

    /** The body with the list at {@code path} replaced. */
    static List<Op> replaceAt(List<Op> body, int[] path, List<Op> replacement) {
        return replaceAt(body, path, 0, replacement);
    }

    private static List<Op> replaceAt(List<Op> list, int[] path, int level, List<Op> replacement) {
        if (level == path.length) {
            return replacement;
        }
        List<Op> copy = new ArrayList<>(list);
        Op.Repeat r = (Op.Repeat) list.get(path[level]);
        copy.set(path[level], new Op.Repeat(r.count(), replaceAt(r.body(), path, level + 1, replacement)));
        return copy;
    }

    /** A copy of {@code list} without {@code [from, to)}, with {@code insert} in their place. */
    static List<Op> splice(List<Op> list, int from, int to, List<Op> insert) {
        List<Op> out = new ArrayList<>(list.size() - (to - from) + insert.size());
        out.addAll(list.subList(0, from));
        out.addAll(insert);
        out.addAll(list.subList(to, list.size()));
        return out;
    }

    /** Every statement mapped (repeats rebuilt around their mapped bodies; the function sees no repeat). */
    static List<Op> mapOps(List<Op> list, UnaryOperator<Op> f) {
        List<Op> out = new ArrayList<>(list.size());
        for (Op op : list) {
            if (op instanceof Op.Repeat r) {
                out.add(new Op.Repeat(r.count(), mapOps(r.body(), f)));
            } else {
                out.add(f.apply(op));
            }
        }
        return out;
    }

    /** The program with its layouts replaced by name ({@code replace} maps old name to new layout, or to null to drop it). */
    static Program withLayouts(Program p, Map<String, Layout> replace) {
        List<Layout> layouts = new ArrayList<>();
        for (Layout l : p.layouts()) {
            Layout n = replace.containsKey(l.name()) ? replace.get(l.name()) : l;
            if (n != null && layouts.stream().noneMatch(x -> x.name().equals(n.name()))) {
                layouts.add(n);
            }
        }
        // a call of a layout mapped to null (dropped) stays as it is
        List<Op> body = mapOps(p.body(), op -> {
            Layout n = op instanceof Op.Call c ? replace.get(c.layout().name()) : null;
            return n == null ? op : new Op.Call(n);
        });
        return new Program(layouts, body);
    }

    /** Names of the layouts some call uses. */
    static java.util.Set<String> usedLayouts(Program p) {
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < p.length(); i++) {
            if (p.statement(i) instanceof Op.Call c) {
                used.add(c.layout().name());
            }
        }
        return used;
    }

    /** Layouts renamed a, b, c, ... in the order of their first call (unused ones after, in declaration order). */
    static Program canonicalNames(Program p) {
        List<Layout> order = new ArrayList<>();
        for (int i = 0; i < p.length(); i++) {
            if (p.statement(i) instanceof Op.Call c && !order.contains(c.layout())) {
                order.add(c.layout());
            }
        }
        for (Layout l : p.layouts()) {
            if (!order.contains(l)) {
                order.add(l);
            }
        }
        if (order.size() > 26) {
            return p;
        }
        Map<String, Layout> renamed = new LinkedHashMap<>();
        List<Layout> layouts = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Layout l = order.get(i);
            Layout n = new Layout(String.valueOf((char) ('a' + i)), l.words(), l.pointers(), l.nomap());
            renamed.put(l.name(), n);
            layouts.add(n);
        }
        List<Op> body = mapOps(p.body(), op -> op instanceof Op.Call c ? new Op.Call(renamed.get(c.layout().name())) : op);
        return new Program(layouts, body);
    }

    /** Net frames pushed by a statement (a repeat: its count times its body's net); saturating. */
    static long netDepth(Op op) {
        if (op instanceof Op.Call) {
            return 1;
        }
        if (op instanceof Op.Ret) {
            return -1;
        }
        if (op instanceof Op.Repeat r) {
            long n = 0;
            for (Op o : r.body()) {
                n += netDepth(o);
            }
            if (Math.abs(n) > Long.MAX_VALUE / Math.max(1, r.count())) {
                return Long.signum(n) * (Long.MAX_VALUE / 4); // n is not 0 here
            }
            return n * r.count();
        }
        return 0;
    }

    /** What layouts each statement meets as it runs (by preorder number): the top frame's, and for addr the target's. */
    record LayoutUse(List<java.util.Set<String>> top, List<java.util.Set<String>> target) {}

    /**
     * Runs the program (legal: the shrinker's current program) through the specification and records, per
     * preorder number, the layouts it met; an addr's frame is live there.
     */
    static LayoutUse layoutUse(Program p) {
        List<java.util.Set<String>> top = java.util.stream.Stream.<java.util.Set<String>>generate(java.util.TreeSet::new)
                .limit(p.length()).toList();
        List<java.util.Set<String>> target = java.util.stream.Stream.<java.util.Set<String>>generate(java.util.TreeSet::new)
                .limit(p.length()).toList();
        dev.stackcheck.spec.Spec spec = new dev.stackcheck.spec.Spec();
        dev.stackcheck.program.Cursor cursor = p.cursor();
        while (cursor.hasNext()) {
            Op op = cursor.next();
            int i = cursor.index();
            if (spec.depth() > 0) {
                top.get(i).add(spec.layout(spec.depth() - 1).name());
                if (op instanceof Op.Addr a) {
                    target.get(i).add(spec.layout(a.frame()).name());
                }
            }
            spec.apply(op);
        }
        return new LayoutUse(top, target);
    }

    /**
     * The program with slots renumbered: {@code slotMaps} gives, per layout name, the new number of each
     * slot of frames of that layout (layouts not named keep their numbers); then every call of a layout
     * named in {@code replace} calls the replacement instead, and declarations follow (a layout replaced by
     * one already declared is dropped). Null when a statement that names a slot meets frames whose layouts
     * would renumber it differently.
     */
    static Program remapSlots(Program p, LayoutUse use, Map<String, java.util.function.IntUnaryOperator> slotMaps,
                              Map<String, Layout> replace) {
        return remapSlots(p, use, slotMaps, slotMaps, replace);
    }

    /**
     * As {@link #remapSlots(Program, LayoutUse, Map, Map)}, with separate numberings for a slot used as a
     * pointer (the slot of addr, store, load, defer) and as a scalar (set, get, the target of addr).
     */
    static Program remapSlots(Program p, LayoutUse use, Map<String, java.util.function.IntUnaryOperator> scalarMaps,
                              Map<String, java.util.function.IntUnaryOperator> pointerMaps, Map<String, Layout> replace) {
        boolean[] ambiguous = {false};
        int[] counter = {0};
        List<Op> body = remap(p.body(), use, scalarMaps, pointerMaps, replace, counter, ambiguous);
        if (ambiguous[0]) {
            return null;
        }
        List<Layout> layouts = new ArrayList<>();
        for (Layout x : p.layouts()) {
            Layout n = replace.getOrDefault(x.name(), x);
            if (layouts.stream().noneMatch(y -> y.name().equals(n.name()))) {
                layouts.add(n);
            }
        }
        return new Program(layouts, body);
    }

    private static int mapSlot(int slot, java.util.Set<String> layouts, Map<String, java.util.function.IntUnaryOperator> maps,
                               boolean[] ambiguous) {
        int result = -1;
        for (String l : layouts) {
            java.util.function.IntUnaryOperator f = maps.get(l);
            int n = f == null ? slot : f.applyAsInt(slot);
            if (result >= 0 && n != result) {
                ambiguous[0] = true;
            }
            result = n;
        }
        return result < 0 ? slot : result;
    }

    private static List<Op> remap(List<Op> list, LayoutUse use, Map<String, java.util.function.IntUnaryOperator> maps,
                                  Map<String, java.util.function.IntUnaryOperator> pmaps, Map<String, Layout> replace,
                                  int[] counter, boolean[] ambiguous) {
        List<Op> out = new ArrayList<>(list.size());
        for (Op op : list) {
            int i = counter[0]++;
            if (op instanceof Op.Repeat r) {
                out.add(new Op.Repeat(r.count(), remap(r.body(), use, maps, pmaps, replace, counter, ambiguous)));
                continue;
            }
            java.util.Set<String> top = use.top().get(i);
            if (op instanceof Op.Call c) {
                out.add(replace.containsKey(c.layout().name()) ? new Op.Call(replace.get(c.layout().name())) : op);
            } else if (op instanceof Op.Set x) {
                out.add(new Op.Set(mapSlot(x.slot(), top, maps, ambiguous), x.value()));
            } else if (op instanceof Op.Get x) {
                out.add(new Op.Get(mapSlot(x.slot(), top, maps, ambiguous)));
            } else if (op instanceof Op.Store x) {
                out.add(new Op.Store(mapSlot(x.slot(), top, pmaps, ambiguous), x.value()));
            } else if (op instanceof Op.Load x) {
                out.add(new Op.Load(mapSlot(x.slot(), top, pmaps, ambiguous)));
            } else if (op instanceof Op.Defer x) {
                out.add(new Op.Defer(mapSlot(x.slot(), top, pmaps, ambiguous), x.value()));
            } else if (op instanceof Op.Addr a) {
                out.add(new Op.Addr(mapSlot(a.slot(), top, pmaps, ambiguous), a.frame(),
                        mapSlot(a.target(), use.target().get(i), maps, ambiguous)));
            } else {
                out.add(op);
            }
        }
        return out;
    }

    /**
     * The slot a set, get or addr names in its top frame, or -1. A store, load or defer names a slot too, but
     * in a legal program only one that holds a pointer, which an addr run in a frame of the same layout put
     * there: that addr names the slot already.
     */
    static int slotOf(Op op) {
        if (op instanceof Op.Set x) {
            return x.slot();
        } else if (op instanceof Op.Get x) {
            return x.slot();
        } else if (op instanceof Op.Addr x) {
            return x.slot();
        }
        return -1;
    }
}

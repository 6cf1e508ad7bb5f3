package dev.stackcheck.check;

import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Program;
import dev.stackcheck.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random legal programs for the check tests: built by consulting the specification at every
 * statement, so every drawn program is legal (a small stand-in for the gen package).
 */
final class RandomPrograms {
    private RandomPrograms() {
    }

    static final List<Layout> LAYOUTS = List.of(
            new Layout("main", 4, new int[] {1}, false),
            new Layout("leaf", 1, new int[0], false),
            new Layout("p2", 3, new int[] {0, 2}, false),
            new Layout("big", 40, new int[] {3, 17}, false),
            new Layout("huge", 300, new int[] {1}, false));

    static final List<Layout> WITH_NOMAP = List.of(
            new Layout("main", 4, new int[] {1}, false),
            new Layout("leaf", 1, new int[0], false),
            new Layout("p2", 3, new int[] {0, 2}, false),
            new Layout("c", 3, new int[0], true));

    /** A program of about {@code length} statements (a final run of rets closes it). */
    static Program generate(long seed, int length, int maxDepth, List<Layout> layouts) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Spec spec = new Spec();
        List<Op> body = new ArrayList<>();
        emit(spec, body, new Op.Call(layouts.get(0)));
        while (body.size() < length) {
            Op op = pick(rnd, spec, layouts, maxDepth);
            if (op != null && spec.whyIllegal(op) == null) {
                emit(spec, body, op);
            }
        }
        while (spec.depth() > 0) {
            emit(spec, body, Op.Ret.INSTANCE);
        }
        return new Program(layouts, body);
    }

    private static void emit(Spec spec, List<Op> body, Op op) {
        spec.apply(op);
        body.add(op);
    }

    private static Op pick(SplittableRandom rnd, Spec spec, List<Layout> layouts, int maxDepth) {
        int top = spec.depth() - 1;
        Layout l = spec.layout(top);
        int slot = rnd.nextInt(l.words());
        int k = rnd.nextInt(100);
        if (k < 14 && spec.depth() < maxDepth) {
            return new Op.Call(layouts.get(rnd.nextInt(layouts.size())));
        } else if (k < 27 && spec.depth() > 1) {
            return Op.Ret.INSTANCE;
        } else if (k < 40) {
            return new Op.Set(slot, l.isPointerSlot(slot) || spec.holdsRef(top, slot) && !l.nomap() ? 0
                    : rnd.nextLong(-1000, 1000));
        } else if (k < 50) {
            return new Op.Get(slot);
        } else if (k < 65) {
            int s = l.nomap() ? slot : l.pointerCount() == 0 ? -1 : l.pointer(rnd.nextInt(l.pointerCount()));
            if (s < 0) {
                return null;
            }
            int f = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(top + 1);
            return new Op.Addr(s, f, rnd.nextInt(spec.layout(f).words()));
        } else if (k < 75) {
            return new Op.Store(slot, rnd.nextLong(-1000, 1000));
        } else if (k < 85) {
            return new Op.Load(slot);
        } else if (k < 92) {
            return new Op.Defer(slot, rnd.nextLong(-1000, 1000));
        }
        return Op.Gc.INSTANCE;
    }
}

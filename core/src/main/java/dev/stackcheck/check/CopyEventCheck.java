package dev.stackcheck.check;

import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.EngineParams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The copying invariants that can be checked from copy events alone, without the engine's memory: what a
 * black-box engine reports, or what Go's runtime prints with {@code stackDebug = 1} ({@code copystack}
 * lines). Used by the runner for black-box engines and by {@code stackcheck validate-trace}.
 *
 * <ul>
 *   <li>CPY-2, growth: the new size is the old size times a power of two, at least twice it; both are
 *       {@code initialStack * 2^k}; the copy keeps the used bytes ({@code old.hi - old.sp = new.hi - new.sp}),
 *       which fit in both stacks; each region's size is its stated size. (Whether the new size is the
 *       smallest that fits the frame that asked cannot be told without the frame's size.)</li>
 *   <li>CPY-3, shrink: the new size is exactly half the old one and not below {@code initialStack}; the
 *       stack was less than a quarter used ({@code used + shrinkSlack < oldsize / 4}); the used bytes are
 *       kept.</li>
 *   <li>CPY-4: no stack is larger than {@code maxStack}.</li>
 *   <li>With {@code chained} (the events of one stack, in order): each copy starts from the stack the
 *       previous one made, the first from a stack of {@code initialStack} bytes.</li>
 * </ul>
 */
public final class CopyEventCheck {

    /** One broken invariant: which, the event (its index in the list given), and what broke. */
    public record Finding(Invariant invariant, int index, BlackBoxEvent event, String message) {
        /** ID, where the event was read, what broke. */
        public String summary() {
            return invariant.id() + " " + event.origin() + ": " + message;
        }
    }

    private CopyEventCheck() {
    }

    /**
     * Checks every COPY and SHRINK event; other kinds are ignored.
     *
     * @param events  the events, in the order they happened
     * @param params  the sizes the stack is held to (initial size, guard, shrink slack, limit)
     * @param chained true when the events are those of one stack, so that each copy must start where the
     *                previous one ended (events of different {@link BlackBoxEvent#stack()} are chained apart)
     * @return every finding, in event order
     */
    public static List<Finding> check(List<BlackBoxEvent> events, EngineParams params, boolean chained) {
        List<Finding> out = new ArrayList<>();
        Map<String, BlackBoxEvent> last = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            BlackBoxEvent e = events.get(i);
            if (e.kind() != BlackBoxEvent.Kind.COPY && e.kind() != BlackBoxEvent.Kind.SHRINK) {
                continue;
            }
            Invariant policy = e.kind() == BlackBoxEvent.Kind.SHRINK ? Invariant.CPY_3 : Invariant.CPY_2;
            String why = why(e, params);
            if (why == null && chained) {
                why = chain(last.get(e.stack()), e, params);
            }
            if (why == null && newSize(e) > params.maxStack()) {
                out.add(new Finding(Invariant.CPY_4, i, e, "the stack grew to " + newSize(e)
                        + " bytes, past the limit of " + params.maxStack()));
            } else if (why != null) {
                out.add(new Finding(policy, i, e, why));
            }
            last.put(e.stack(), e);
        }
        return out;
    }

    /** What is wrong with one copy event on its own, or null. */
    private static String why(BlackBoxEvent e, EngineParams p) {
        boolean grow = e.kind() == BlackBoxEvent.Kind.COPY;
        String what = grow ? "growth copy" : "shrink";
        long oldSize = e.oldSize();
        long newSize = e.newSize();
        if (!BlackBoxEvent.known(oldSize) && known(e.oldLo(), e.oldHi())) {
            oldSize = e.oldHi() - e.oldLo();
        }
        if (!BlackBoxEvent.known(newSize) && known(e.newLo(), e.newHi())) {
            newSize = e.newHi() - e.newLo();
        }
        if (!BlackBoxEvent.known(oldSize) || !BlackBoxEvent.known(newSize)) {
            return "a " + what + " must report its old and new sizes";
        }
        if (known(e.oldLo(), e.oldHi()) && e.oldHi() - e.oldLo() != oldSize) {
            return "the old stack [" + Hex.of(e.oldLo()) + ", " + Hex.of(e.oldHi()) + ") holds " + (e.oldHi() - e.oldLo())
                    + " bytes, not the " + oldSize + " reported";
        }
        if (known(e.newLo(), e.newHi()) && e.newHi() - e.newLo() != newSize) {
            return "the new stack [" + Hex.of(e.newLo()) + ", " + Hex.of(e.newHi()) + ") holds " + (e.newHi() - e.newLo())
                    + " bytes, not its size " + newSize;
        }
        for (long size : new long[] {oldSize, newSize}) {
            if (!isInitialTimesPowerOfTwo(size, p.initialStack())) {
                return "stack size " + size + " is not " + p.initialStack() + " * 2^k" + (size < p.initialStack()
                        ? " (nothing is smaller than the initial " + p.initialStack() + ")" : "");
            }
        }
        long used = e.usedBytes();
        if (known(e.oldHi(), e.oldSp()) && known(e.newHi(), e.newSp())) {
            long oldUsed = e.oldHi() - e.oldSp();
            long newUsed = e.newHi() - e.newSp();
            if (oldUsed != newUsed) {
                return "the " + what + " does not keep the used bytes: old hi - sp = " + oldUsed + ", new hi - sp = "
                        + newUsed;
            }
            if (BlackBoxEvent.known(e.used()) && e.used() != oldUsed) {
                return "the " + what + " reports " + e.used() + " used bytes, but old hi - sp = " + oldUsed;
            }
            if (known(e.oldLo()) && (e.oldSp() < e.oldLo() || e.oldSp() > e.oldHi())) {
                return "the old stack pointer " + Hex.of(e.oldSp()) + " lies outside the old stack ["
                        + Hex.of(e.oldLo()) + ", " + Hex.of(e.oldHi()) + ")";
            }
        }
        if (BlackBoxEvent.known(used) && (used < 0 || used > Math.min(oldSize, newSize))) {
            return "the " + what + " copies " + used + " used bytes between stacks of " + oldSize + " and " + newSize;
        }
        if (grow) {
            if (newSize < 2 * oldSize) {
                return "growth from " + oldSize + " to " + newSize + " bytes: growth at least doubles";
            }
            return null;
        }
        if (newSize * 2 != oldSize) {
            return "shrink from " + oldSize + " to " + newSize + " bytes: a shrink halves exactly";
        }
        if (BlackBoxEvent.known(used) && used + p.shrinkSlack() >= oldSize / 4) {
            return "shrink from " + oldSize + " bytes with " + used + " used" + (p.shrinkSlack() > 0
                    ? " (+ " + p.shrinkSlack() + " slack = " + (used + p.shrinkSlack()) + ")" : "")
                    + ": a stack shrinks only when less than a quarter (" + oldSize / 4 + ") is used";
        }
        return null;
    }

    /** What breaks the chain from the previous copy of the same stack to this one, or null. */
    private static String chain(BlackBoxEvent prev, BlackBoxEvent e, EngineParams p) {
        long oldSize = BlackBoxEvent.known(e.oldSize()) ? e.oldSize() : e.oldHi() - e.oldLo();
        if (prev == null) {
            return oldSize == p.initialStack() ? null
                    : "the first copy starts from a stack of " + oldSize + " bytes, not the initial " + p.initialStack();
        }
        long prevNew = BlackBoxEvent.known(prev.newSize()) ? prev.newSize() : prev.newHi() - prev.newLo();
        if (oldSize != prevNew) {
            return "this copy starts from a stack of " + oldSize + " bytes, but the previous one (" + prev.origin()
                    + ") made one of " + prevNew;
        }
        // the sizes are equal (just checked), so the same lo means the same hi
        if (known(e.oldLo(), e.oldHi()) && known(prev.newLo(), prev.newHi()) && e.oldLo() != prev.newLo()) {
            return "this copy starts from [" + Hex.of(e.oldLo()) + ", " + Hex.of(e.oldHi()) + "), but the previous one ("
                    + prev.origin() + ") made [" + Hex.of(prev.newLo()) + ", " + Hex.of(prev.newHi()) + ")";
        }
        return null;
    }

    private static long newSize(BlackBoxEvent e) {
        return BlackBoxEvent.known(e.newSize()) ? e.newSize() : e.newHi() - e.newLo();
    }

    private static boolean isInitialTimesPowerOfTwo(long size, long initial) {
        if (initial <= 0 || size < initial || size % initial != 0) {
            return false;
        }
        long k = size / initial;
        return (k & (k - 1)) == 0;
    }

    private static boolean known(long... vs) {
        for (long v : vs) {
            if (!BlackBoxEvent.known(v)) {
                return false;
            }
        }
        return true;
    }
}

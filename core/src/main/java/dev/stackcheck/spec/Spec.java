package dev.stackcheck.spec;

import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The executable specification of a goroutine's stack.
 *
 * <p>State: a list of frames, bottom first; each slot holds a scalar or a reference to a slot of the
 * same or an older frame (never a younger one, so popping a frame never leaves a dangling reference);
 * a reference always targets a slot that held a scalar when the reference was made. Defer records are
 * kept in the order they were made, each owned by the frame that made it and targeting that frame or
 * an older one.
 *
 * <p>Rules: the first statement is a {@code call}; a statement other than {@code call} needs a frame;
 * slots are in range; in a frame with a pointer map, pointer slots take only {@code set S 0} (nil) or
 * {@code addr}, and scalar slots never take {@code addr}; in a nomap frame every slot is typed by what
 * it holds; {@code get} reads a scalar; {@code store}, {@code load} and {@code defer} need a non-nil
 * pointer whose target holds a scalar; nothing follows the {@code ret} of frame 0.
 *
 * <p>{@link #apply} either changes the state and returns, or throws {@link RuleViolation} and leaves
 * the state as it was.
 */
public final class Spec {

    /** A deferred store, run when {@code owner} returns. */
    public record Deferred(int owner, Ref target, long value) {}

    private static final int NONE = -1;

    private Layout[] layouts = new Layout[64];
    private long[][] scalars = new long[64][];
    /**
     * refs[f][s] is the reference held in slot s of frame f, as {@code (frame + 1) << 32 | slot}, or 0 when
     * the slot holds none; refs[f] is null while no slot of frame f has held one (most frames never do)
     */
    private long[][] refs = new long[64][];
    private int depth;
    private boolean ended;
    private final List<Deferred> defers = new ArrayList<>();
    private final List<Ref> touched = new ArrayList<>();
    private boolean observed;
    private long observation;

    /**
     * An independent copy of this state (frames, references, defer records, whether it ended). The last
     * statement's observation and touched slots are not copied. The model checker forks states with it.
     */
    public Spec copy() {
        Spec c = new Spec();
        c.copyFrom(this);
        return c;
    }

    /** Makes this state equal to {@code o} (as {@link #copy()} would), reusing this one's arrays. */
    public void copyFrom(Spec o) {
        if (layouts.length < o.depth) {
            int cap = Math.max(8, o.depth * 2);
            layouts = new Layout[cap];
            scalars = new long[cap][];
            refs = new long[cap][];
        }
        for (int f = 0; f < o.depth; f++) {
            layouts[f] = o.layouts[f];
            int w = o.scalars[f].length;
            if (scalars[f] == null || scalars[f].length != w) {
                scalars[f] = new long[w];
            }
            System.arraycopy(o.scalars[f], 0, scalars[f], 0, w);
            long[] r = o.refs[f];
            if (r == null) {
                refs[f] = null;
            } else {
                if (refs[f] == null || refs[f].length != w) {
                    refs[f] = new long[w];
                }
                System.arraycopy(r, 0, refs[f], 0, w);
            }
        }
        for (int f = o.depth; f < depth; f++) {
            layouts[f] = null;
            scalars[f] = null;
            refs[f] = null;
        }
        depth = o.depth;
        ended = o.ended;
        defers.clear();
        for (int i = 0; i < o.defers.size(); i++) { // (addAll would copy into a new array first)
            defers.add(o.defers.get(i));
        }
        touched.clear();
        observed = false;
    }

    /** Number of live frames. */
    public int depth() {
        return depth;
    }

    /** True once frame 0 has returned: the goroutine has ended. */
    public boolean ended() {
        return ended;
    }

    public Layout layout(int frame) {
        return layouts[frame];
    }

    /** True when slot {@code slot} of frame {@code frame} holds a (non-nil) reference. */
    public boolean holdsRef(int frame, int slot) {
        long[] r = refs[frame];
        return r != null && r[slot] != 0;
    }

    /** The reference in the slot, or null when it holds a scalar (or nil). */
    public Ref ref(int frame, int slot) {
        return holdsRef(frame, slot) ? new Ref(refFrame(frame, slot), refSlot(frame, slot)) : null;
    }

    /** Frame of the reference in the slot; only meaningful when {@link #holdsRef}. */
    public int refFrame(int frame, int slot) {
        long[] r = refs[frame];
        return r == null ? NONE : (int) (r[slot] >>> 32) - 1;
    }

    /** Slot of the reference in the slot; only meaningful when {@link #holdsRef}. */
    public int refSlot(int frame, int slot) {
        long[] r = refs[frame];
        return r == null ? 0 : (int) r[slot];
    }

    /** The scalar in the slot (0 for a nil pointer); only meaningful when not {@link #holdsRef}. */
    public long scalar(int frame, int slot) {
        return scalars[frame][slot];
    }

    /**
     * The first slot {@code s} in {@code [from, to)} of the frame that holds a reference, or a scalar other
     * than {@code got[s - base]}; {@code to} when there is none. A checker skips the slots before it: each
     * holds exactly the scalar it read. (Compares a block of scalars at once, not slot by slot.)
     */
    public int firstUnequal(int frame, int from, int to, long[] got, int base) {
        int m = Arrays.mismatch(scalars[frame], from, to, got, from - base, to - base);
        int end = m < 0 ? to : from + m;
        long[] r = refs[frame];
        return r == null ? end : firstNonZero(r, from, end);
    }

    /** words of zero that {@link #firstNonZero} compares with, a block at a time */
    private static final long[] ZEROS = new long[256];

    /** The first index in {@code [from, to)} where {@code a} is not 0, else {@code to}. */
    private static int firstNonZero(long[] a, int from, int to) {
        for (int s = from; s < to; s += ZEROS.length) {
            int n = Math.min(ZEROS.length, to - s);
            int m = Arrays.mismatch(a, s, s + n, ZEROS, 0, n);
            if (m >= 0) {
                return s + m;
            }
        }
        return to;
    }

    /** Live defer records, in the order they were made. */
    public List<Deferred> defers() {
        return List.copyOf(defers);
    }

    public int deferCount() {
        return defers.size();
    }

    public Deferred defer(int i) {
        return defers.get(i);
    }

    /** True when the last statement observed a value ({@code get} or {@code load}). */
    public boolean observed() {
        return observed;
    }

    /** The value the last statement observed, when {@link #observed()}. */
    public long observation() {
        return observation;
    }

    /** Slots below the top frame that the last statement wrote (stores and deferred stores). */
    public List<Ref> touched() {
        return touched;
    }

    /**
     * Checks the statement against the rules without running it.
     *
     * @return null when legal, else why not
     */
    public String whyIllegal(Op op) {
        if (ended) {
            return "statement after the final ret (frame 0 has returned)";
        }
        if (op instanceof Op.Call) {
            return null;
        }
        if (op instanceof Op.Repeat) {
            return "a repeat is not a statement the stack runs";
        }
        if (depth == 0) {
            return "statement before the first call (no frame yet)";
        }
        int top = depth - 1;
        Layout l = layouts[top];
        if (op instanceof Op.Ret || op instanceof Op.Gc) {
            return null;
        }
        if (op instanceof Op.Set s) {
            String bad = slotRange(l, s.slot());
            if (bad != null) {
                return bad;
            }
            if (l.isPointerSlot(s.slot()) && s.value() != 0) {
                return "slot " + s.slot() + " of " + l.name() + " is a pointer slot: set takes only 0 (nil)";
            }
            return null;
        }
        if (op instanceof Op.Get g) {
            String bad = slotRange(l, g.slot());
            if (bad != null) {
                return bad;
            }
            if (l.isPointerSlot(g.slot()) || holdsRef(top, g.slot())) {
                return "slot " + g.slot() + " of " + l.name() + " holds a pointer: get observes only scalars";
            }
            return null;
        }
        if (op instanceof Op.Addr a) {
            String bad = slotRange(l, a.slot());
            if (bad != null) {
                return bad;
            }
            if (!l.nomap() && !l.isPointerSlot(a.slot())) {
                return "slot " + a.slot() + " of " + l.name() + " is not a pointer slot";
            }
            if (a.frame() < 0 || a.frame() > top) {
                return "frame " + a.frame() + " is not live (frames 0.." + top
                        + "): a pointer may point only to its own frame or an older one";
            }
            Layout t = layouts[a.frame()];
            if (a.target() < 0 || a.target() >= t.words()) {
                return "slot " + a.target() + " is out of range for frame " + a.frame() + " (" + t.name()
                        + " has " + t.words() + " slots)";
            }
            if (t.isPointerSlot(a.target()) || holdsRef(a.frame(), a.target())) {
                return "target " + a.frame() + "." + a.target() + " is not a scalar slot";
            }
            if (a.frame() == top && a.target() == a.slot()) {
                return "slot " + a.slot() + " cannot point at itself: its target must stay a scalar slot";
            }
            return null;
        }
        int slot;
        if (op instanceof Op.Store s) {
            slot = s.slot();
        } else if (op instanceof Op.Load ld) {
            slot = ld.slot();
        } else {
            slot = ((Op.Defer) op).slot();
        }
        String bad = slotRange(l, slot);
        if (bad != null) {
            return bad;
        }
        if (!holdsRef(top, slot)) {
            return "slot " + slot + " of " + l.name() + " holds no pointer (nil or scalar)";
        }
        if (!(op instanceof Op.Defer) && holdsRef(refFrame(top, slot), refSlot(top, slot))) {
            return "the target of slot " + slot + " now holds a pointer, not a scalar";
        }
        return null;
    }

    private static String slotRange(Layout l, int slot) {
        if (slot < 0 || slot >= l.words()) {
            return "slot " + slot + " is out of range (" + l.name() + " has " + l.words() + " slots)";
        }
        return null;
    }

    /**
     * Runs one statement.
     *
     * @throws RuleViolation when the statement breaks a rule; the state is then unchanged
     */
    public void apply(Op op) {
        String why = whyIllegal(op);
        if (why != null) {
            throw new RuleViolation(why);
        }
        observed = false;
        touched.clear();
        int top = depth - 1;
        if (op instanceof Op.Call c) {
            push(c.layout());
        } else if (op instanceof Op.Ret) {
            ret();
        } else if (op instanceof Op.Set s) {
            scalars[top][s.slot()] = s.value();
            clearRef(top, s.slot());
        } else if (op instanceof Op.Get g) {
            observe(scalars[top][g.slot()]);
        } else if (op instanceof Op.Addr a) {
            long[] r = refs[top];
            if (r == null) {
                r = new long[layouts[top].words()];
                refs[top] = r;
            }
            r[a.slot()] = (a.frame() + 1L) << 32 | a.target();
            scalars[top][a.slot()] = 0;
        } else if (op instanceof Op.Store s) {
            write(refFrame(top, s.slot()), refSlot(top, s.slot()), s.value());
        } else if (op instanceof Op.Load ld) {
            observe(scalars[refFrame(top, ld.slot())][refSlot(top, ld.slot())]);
        } else if (op instanceof Op.Defer d) {
            defers.add(new Deferred(top, new Ref(refFrame(top, d.slot()), refSlot(top, d.slot())), d.value()));
        }
        // gc: no effect on the abstract state
    }

    private void observe(long v) {
        observed = true;
        observation = v;
    }

    private void write(int frame, int slot, long value) {
        scalars[frame][slot] = value;
        clearRef(frame, slot);
        if (frame != depth - 1) {
            touched.add(new Ref(frame, slot));
        }
    }

    private void clearRef(int frame, int slot) {
        long[] r = refs[frame];
        if (r != null) {
            r[slot] = 0;
        }
    }

    private void push(Layout layout) {
        if (depth == layouts.length) {
            int n = depth * 2;
            layouts = Arrays.copyOf(layouts, n);
            scalars = Arrays.copyOf(scalars, n);
            refs = Arrays.copyOf(refs, n);
        }
        layouts[depth] = layout;
        scalars[depth] = new long[layout.words()];
        depth++;
    }

    private void ret() {
        int top = depth - 1;
        while (!defers.isEmpty() && defers.get(defers.size() - 1).owner() == top) {
            Deferred d = defers.remove(defers.size() - 1);
            write(d.target().frame(), d.target().slot(), d.value());
        }
        layouts[top] = null;
        scalars[top] = null;
        refs[top] = null;
        depth--;
        if (depth == 0) {
            ended = true;
        }
    }
}

package dev.stackcheck.gen;

import dev.stackcheck.engine.Code;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Program;
import dev.stackcheck.spec.RuleViolation;
import dev.stackcheck.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws programs from a {@link Choices} source.
 *
 * <p>Invariant: every program it returns is legal. The generator runs the {@link Spec} alongside, offers
 * only statements the specification accepts at that point ({@link Spec#whyIllegal} is asked before every
 * statement is applied), and applies every iteration of every repeat it writes. A repeat body is either
 * balanced ({@code call ... ret}, fresh frame each time) or a dive whose pointers target only frames that
 * were live before the dive, so that a body legal once is legal every time; the generator still checks
 * each iteration and fails loudly if that reasoning is ever wrong.
 *
 * <p>The same choices and configuration always give the same program. The simplest choices (all zero)
 * give {@code frame a words=1} and {@code call a}.
 */
public final class ProgramGenerator {

    /** Span labels, for the shrinker and for debugging. */
    public static final int SPAN_LAYOUTS = 1;
    public static final int SPAN_LAYOUT = 2;
    public static final int SPAN_STATEMENT = 3;
    public static final int SPAN_BODY_STATEMENT = 4;
    public static final int SPAN_VALUE = 5;
    public static final int SPAN_END = 6;

    /** Scalars that look like something else: addresses in the first stack, code addresses, extremes. */
    private static final long[] SPECIAL_VALUES = {-1, Long.MAX_VALUE, Long.MIN_VALUE, AddressSpace.FIRST_ADDRESS,
        Code.RETURN_PC, Code.LESSSTACK_PC, Code.GOEXIT_PC, 1L << 32};

    private static final Move[] MOVES = Move.values();

    /** An edge layout takes 1/k of a segment or stack, so that the k-th such frame just fits or just misses. */
    private static final long[] EDGE_SHARES = {1, 2, 4, 8, 16};
    /** At most this many calls lead to an exact edge (see exactFit, quarterGc). */
    private static final long EDGE_CALLS = 8;

    /** A program and the choices that drew it. */
    public record Generated(Program program, ChoiceSequence choices) {}

    private final GenConfig config;

    public ProgramGenerator(GenConfig config) {
        if (config.layouts() > 26) {
            throw new IllegalArgumentException("at most 26 layouts (named a..z)");
        }
        this.config = config;
    }

    public GenConfig config() {
        return config;
    }

    /** The program the choices give. */
    public Program generate(Choices choices) {
        return new Run(choices).program();
    }

    /** The program drawn at random from {@code seed}, with its choices. */
    public Generated draw(long seed) {
        Choices c = Choices.random(seed);
        Program p = generate(c);
        return new Generated(p, c.recorded());
    }

    /** The program the recorded values give, with the choices as consumed (trailing zeros dropped). */
    public Generated replay(long[] values) {
        Choices c = Choices.replay(values);
        Program p = generate(c);
        return new Generated(p, c.recorded());
    }

    /** One generation: the specification, the stack model, and the statements written so far. */
    private final class Run {
        private final Choices c;
        private final Spec spec = new Spec();
        /** one stack model per set of engine parameters aimed at */
        private final List<StackModel> models = new ArrayList<>();
        private final List<EngineParams> targets;
        private final List<Layout> layouts = new ArrayList<>();
        private final List<Op> body = new ArrayList<>();
        /** depths before each dive whose frames are still live, innermost last */
        private final List<Integer> diveMarks = new ArrayList<>();
        private int length;
        private long steps;
        private boolean nomapAllowed;

        Run(Choices c) {
            this.c = c;
            this.targets = config.targets();
            for (EngineParams p : targets) {
                models.add(new StackModel(p));
            }
        }

        Program program() {
            layouts();
            c.startSpan(SPAN_STATEMENT);
            emit(body, new Op.Call(layouts.get(c.draw(layouts.size()))));
            c.endSpan();
            double more = 1 - 1 / Math.max(1.5, 0.7 * config.maxLength());
            while (length + 3 < config.maxLength() && stepRoom() > 0) {
                c.startSpan(SPAN_STATEMENT);
                boolean go = c.bool(more);
                if (go) {
                    move();
                }
                c.endSpan();
                if (!go) {
                    break;
                }
            }
            c.startSpan(SPAN_END);
            end();
            c.endSpan();
            return new Program(layouts, body);
        }

        // ---- layouts

        private void layouts() {
            c.startSpan(SPAN_LAYOUTS);
            // few programs declare nomap layouts: an engine that cannot move such frames skips the whole program
            nomapAllowed = config.allowNomap() && c.bool(0.4);
            for (int i = 0; i < config.layouts(); i++) {
                c.startSpan(SPAN_LAYOUT);
                boolean go = i == 0 || c.bool(0.6);
                if (go) {
                    layouts.add(layout(i));
                }
                c.endSpan();
                if (!go) {
                    break;
                }
            }
            c.endSpan();
        }

        private Layout layout(int index) {
            String name = String.valueOf((char) ('a' + index));
            int kind = c.weighted(new int[] {6, 5, 1});
            long words;
            if (kind == 0) {
                words = 1 + c.draw(8);
            } else if (kind == 1) {
                words = edgeWords(index);
            } else {
                // bigger than a whole segment: gets a segment of its own, or several doublings at once
                long segWords = targets.get(target()).segmentSize() / 8;
                words = segWords + c.draw(Math.max(1, segWords));
            }
            words = Math.max(1, Math.min(words, 1 << 20));
            // frame 0 without a map pins the base segment: a hybrid must then split rather than copy it
            boolean nomap = nomapAllowed && c.bool(index == 0 ? 0.85 : 0.4);
            List<Integer> ptrs = new ArrayList<>();
            if (!nomap) {
                for (int s : interestingSlots((int) words)) {
                    if (c.bool(0.35)) {
                        ptrs.add(s);
                    }
                }
            }
            return new Layout(name, (int) words, ptrs.stream().mapToInt(Integer::intValue).toArray(), nomap);
        }

        /**
         * Words of a layout sized at an edge: {@code k} such frames (after frame 0's, when relative) fill a
         * fresh segment, the initial stack or twice it exactly, give or take a word or two.
         */
        private long edgeWords(int index) {
            EngineParams params = targets.get(target());
            int target = c.weighted(new int[] {3, 3, 1});
            long capacity = target == 0 ? params.segmentSize() - StackSegment.RECORD_BYTES
                    : target == 1 ? params.initialStack() : 2 * params.initialStack();
            capacity -= params.stackGuard();
            long k = EDGE_SHARES[c.weighted(new int[] {2, 2, 3, 3, 2})];
            boolean relative = index > 0 && c.bool(0.5);
            long base = relative ? layouts.get(0).frameBytes() : 0;
            long[] deltas = {0, 8, -8, 16};
            long delta = deltas[c.draw(deltas.length)];
            long bytes = ((capacity - base) / k) / 8 * 8 + delta;
            return bytes / 8 - 1;
        }

        // ---- statements

        private void move() {
            int[] w = new int[MOVES.length];
            boolean any = false;
            for (Move m : MOVES) {
                int weight = allowed(m) ? config.weight(m) : 0;
                w[m.ordinal()] = weight;
                any |= weight > 0;
            }
            if (!any) {
                return;
            }
            Move m = MOVES[c.weighted(w)];
            switch (m) {
                case CALL:
                    if (!exactFit()) {
                        emit(body, new Op.Call(layouts.get(chooseLayout(c.weighted(new int[] {4, 2, 2, 2, 1})))));
                    }
                    break;
                case GC:
                    if (!quarterGc()) {
                        emit(body, Op.Gc.INSTANCE);
                    }
                    break;
                case RET:
                    emit(body, Op.Ret.INSTANCE);
                    break;
                case HOT_SPLIT:
                    hotSplit();
                    break;
                case DIVE:
                    dive();
                    break;
                case UNWIND:
                    unwind();
                    break;
                default:
                    Op op = simple(m, 0);
                    if (op != null) {
                        emit(body, op);
                    }
            }
        }

        private boolean allowed(Move m) {
            int depth = spec.depth();
            int room = config.maxLength() - 3 - length;
            long stepRoom = stepRoom();
            Layout top = spec.layout(depth - 1);
            switch (m) {
                case SET:
                case GC:
                    return true;
                case GET:
                    return hasScalarSlot(depth - 1);
                case CALL:
                    return depth < config.maxDepth() && stepRoom >= 2;
                case RET:
                    return depth >= 2;
                case ADDR:
                    return top.nomap() || top.pointerCount() > 0; // pointerSlots(top) is not empty
                case STORE:
                case LOAD:
                    return hasRefSlot(true);
                case DEFER:
                    return hasRefSlot(false);
                case HOT_SPLIT:
                    return depth < config.maxDepth() && room >= 3 && stepRoom >= 4;
                case DIVE:
                    return depth + 2 <= config.maxDepth() && room >= 2 && stepRoom >= 4;
                case UNWIND:
                    return depth >= 3 && room >= 3;
                default:
                    return false;
            }
        }

        /**
         * One plain statement of a move {@link #allowed} now (so a get, store, load or defer finds a slot), on
         * the top frame; null when an addr finds no target. {@code olderThan > 0} restricts pointers to frames
         * below that index (dive bodies).
         */
        private Op simple(Move m, int olderThan) {
            int top = spec.depth() - 1;
            Layout l = spec.layout(top);
            switch (m) {
                case SET: {
                    int s = pick(interestingSlots(l.words()));
                    return new Op.Set(s, l.isPointerSlot(s) ? 0 : value());
                }
                case GET:
                    return new Op.Get(pick(scalarSlots(top, -1)));
                case ADDR:
                    return addr(olderThan);
                case STORE:
                case LOAD: {
                    int s = pick(refSlots(true));
                    return m == Move.LOAD ? new Op.Load(s) : new Op.Store(s, value());
                }
                case DEFER:
                    return new Op.Defer(pick(refSlots(false)), value());
                case GC:
                    return Op.Gc.INSTANCE;
                default:
                    return null;
            }
        }

        private Op addr(int olderThan) {
            int top = spec.depth() - 1;
            List<Integer> slots = pointerSlots(spec.layout(top));
            if (slots.isEmpty()) {
                return null;
            }
            int s = pick(slots);
            int limit = olderThan > 0 ? olderThan - 1 : top;
            int mode = c.weighted(new int[] {4, 4, 2, 2});
            int frame;
            if (mode == 0) {
                frame = limit;
            } else if (mode == 1) {
                frame = 0;
            } else if (mode == 2) {
                frame = Math.max(0, limit - 1);
            } else {
                frame = c.draw(limit + 1);
            }
            int[] tries = {frame, 0, limit};
            for (int f : tries) {
                List<Integer> targets = scalarSlots(f, f == top ? s : -1);
                if (!targets.isEmpty()) {
                    return new Op.Addr(s, f, pick(targets));
                }
            }
            return null;
        }

        /** {@code repeat N { call L; body; ret }}: the same boundary crossed in a loop. */
        private void hotSplit() {
            int layout = chooseLayout(c.weighted(new int[] {1, 1, 4, 3, 1}));
            int bodyLen = c.draw(3);
            long n = c.bool(0.3) ? c.between(2, config.maxRepeat()) : c.between(2, 5);
            n = Math.min(n, stepRoom() / (bodyLen + 2));
            bodyLen = Math.min(bodyLen, config.maxLength() - 3 - length - 3); // >= 0: allowed() left room >= 3
            if (n < 2) {
                return;
            }
            List<Op> loop = new ArrayList<>();
            emit(loop, new Op.Call(layouts.get(layout)));
            bodyStatements(loop, bodyLen, 0);
            emit(loop, Op.Ret.INSTANCE);
            closeRepeat(n, loop);
        }

        /** {@code repeat N { call L; body }}: a dive sized to fill a segment, a stack, or reach the limit. */
        private void dive() {
            int d0 = spec.depth();
            int mode = c.weighted(new int[] {4, 3, 2, 2, 3});
            // toward the limit, the biggest frames get there in the fewest calls
            int layout = mode == 4 ? largestLayout() : chooseLayout(c.weighted(new int[] {4, 1, 1, 1, 1}));
            long fb = layouts.get(layout).frameBytes();
            int bodyLen = c.draw(3);
            boolean deferring = config.weight(Move.DEFER) > 0 && config.weight(Move.ADDR) > 0 && c.bool(0.3);
            if (deferring) {
                bodyLen = 2;
            }
            long n;
            if (mode == 0) {
                n = c.between(2, 5);
            } else if (mode == 4 && !hasNomap()) {
                // the smallest limit aimed at: the dive ends just below it, at it, or just past it
                int lt = limitAimedAt();
                n = (targets.get(lt).maxStack() - models.get(lt).used()) / fb + c.draw(3);
            } else if (mode == 4) {
                // frames without maps keep engines that must copy away; fill the biggest segment instead,
                // so that a hybrid meets a nomap frame when it must grow
                int st = biggestSegment();
                n = models.get(st).segmentRoom() / fb + c.draw(3);
            } else {
                StackModel model = models.get(target());
                if (mode == 1) {
                    n = model.segmentRoom() / fb + c.draw(3) - 1;
                } else if (mode == 2) {
                    n = model.stackRoom() / fb + c.draw(3) - 1;
                } else {
                    n = (1 + c.draw(3)) * model.segmentCapacity() / fb + c.draw(3) - 1;
                }
            }
            bodyLen = Math.min(bodyLen, config.maxLength() - 3 - length - 2); // >= 0: allowed() left room >= 2
            n = Math.min(n, config.maxDepth() - d0);
            n = Math.min(n, stepRoom() / (bodyLen + 2));
            if (n < 1) {
                return;
            }
            deferring &= bodyLen == 2;
            List<Op> loop = new ArrayList<>();
            emit(loop, new Op.Call(layouts.get(layout)));
            if (deferring) {
                // every frame of the dive defers a store into an older frame: records held across growth
                Op addr = addr(d0);
                if (addr != null) {
                    emit(loop, addr);
                    emit(loop, new Op.Defer(((Op.Addr) addr).slot(), value()));
                }
            } else {
                bodyStatements(loop, bodyLen, d0);
            }
            closeRepeat(n, loop);
            diveMarks.add(d0);
        }

        /**
         * Calls that end exactly at an edge: {@code n} frames of one layout, then one of another that fills
         * the room left in the current segment or in the copying stack exactly (the frame and the guard fit
         * with not a byte to spare), for one target's model. False, emitting nothing, when the choice says
         * no or no pair of layouts with at most {@value #EDGE_CALLS} calls reaches the edge.
         */
        private boolean exactFit() {
            if (!c.bool(0.3)) {
                return false;
            }
            StackModel m = models.get(target());
            long room = c.bool(0.5) ? m.segmentRoom() : m.stackRoom();
            int k = layouts.size();
            int start = c.draw(k * k);
            for (int i = 0; i < k * k; i++) {
                int pair = (start + i) % (k * k);
                long last = layouts.get(pair / k).frameBytes();
                long each = layouts.get(pair % k).frameBytes();
                long rest = room - last;
                if (rest < 0 || rest % each != 0) {
                    continue;
                }
                long n = rest / each;
                if (n > EDGE_CALLS || spec.depth() + n + 1 > config.maxDepth() || stepRoom() < n + 1
                        || length + n + 1 + 3 > config.maxLength()) {
                    continue;
                }
                for (long j = 0; j < n; j++) {
                    emit(body, new Op.Call(layouts.get(pair % k)));
                }
                emit(body, new Op.Call(layouts.get(pair / k)));
                return true;
            }
            return false;
        }

        /**
         * A gc with exactly a quarter of a grown copying stack in use ({@code used + shrinkSlack = size/4}),
         * the shrink rule's edge: returns to the deepest depth where that holds, or calls up to
         * {@value #EDGE_CALLS} frames of one layout to get there. False, emitting nothing, when the choice
         * says no or one target's model offers no such depth.
         */
        private boolean quarterGc() {
            if (!c.bool(0.5)) {
                return false;
            }
            int t = target();
            StackModel m = models.get(t);
            EngineParams p = targets.get(t);
            long want = m.size() / 4 - p.shrinkSlack();
            if (m.size() / 2 < p.initialStack() || want <= 0) {
                return false;
            }
            int depth = spec.depth();
            if (m.used() >= want) {
                for (int d = depth; d >= 1; d--) {
                    if (m.usedAt(d) == want) {
                        if (length + 2 + 1 + 3 > config.maxLength()) {
                            return false;
                        }
                        returns(depth - d);
                        emit(body, Op.Gc.INSTANCE);
                        return true;
                    }
                }
                return false;
            }
            int k = layouts.size();
            int start = c.draw(k);
            for (int i = 0; i < k; i++) {
                Layout l = layouts.get((start + i) % k);
                long n = (want - m.used()) / l.frameBytes();
                if ((want - m.used()) % l.frameBytes() != 0 || n > EDGE_CALLS || depth + n > config.maxDepth()
                        || stepRoom() < n + 1 || length + n + 1 + 3 > config.maxLength()) {
                    continue;
                }
                for (long j = 0; j < n; j++) {
                    emit(body, new Op.Call(l));
                }
                emit(body, Op.Gc.INSTANCE);
                return true;
            }
            return false;
        }

        /**
         * {@code repeat K { ret }} (or one ret), then often a gc: deep returns. K is in 1..depth - 1: a dive's
         * mark is at least 1 and below the depth (marks at or above it are dropped as frames return).
         */
        private void unwind() {
            int depth = spec.depth();
            int mode = c.weighted(new int[] {3, 2, 2});
            int k;
            if (mode == 0 && !diveMarks.isEmpty()) {
                k = depth - diveMarks.get(diveMarks.size() - 1);
            } else if (mode == 1) {
                k = depth - 1;
            } else {
                k = 1 + c.draw(depth - 1);
            }
            returns(k);
            if (c.bool(0.6)) {
                emit(body, Op.Gc.INSTANCE);
            }
        }

        private void returns(long k) {
            if (k == 1) {
                emit(body, Op.Ret.INSTANCE);
            } else if (k > 1) {
                List<Op> loop = new ArrayList<>();
                emit(loop, Op.Ret.INSTANCE);
                closeRepeat(k, loop);
            }
        }

        /**
         * The end: leave the frames live, return to frame 0 and gc, or return from frame 0 (which no move
         * before does: a ret is allowed from depth 2).
         */
        private void end() {
            int mode = c.weighted(new int[] {3, 2, 2});
            int rets = spec.depth() - 1;
            if (mode == 0 || length + Math.min(rets, 2) + 1 > config.maxLength()) {
                return;
            }
            returns(rets);
            if (mode == 1) {
                emit(body, Op.Gc.INSTANCE);
            } else {
                emit(body, Op.Ret.INSTANCE);
            }
        }

        /** Statements on a freshly called frame inside a repeat body. */
        private void bodyStatements(List<Op> out, int count, int olderThan) {
            Move[] kinds = olderThan > 0
                    ? new Move[] {Move.SET, Move.GET, Move.ADDR, Move.STORE, Move.LOAD, Move.DEFER}
                    : new Move[] {Move.SET, Move.GET, Move.ADDR, Move.STORE, Move.LOAD, Move.DEFER, Move.GC};
            for (int i = 0; i < count; i++) {
                c.startSpan(SPAN_BODY_STATEMENT);
                int[] w = new int[kinds.length];
                boolean any = false;
                for (int k = 0; k < kinds.length; k++) {
                    w[k] = allowed(kinds[k]) ? config.weight(kinds[k]) : 0;
                    any |= w[k] > 0;
                }
                if (any) {
                    Op op = simple(kinds[c.weighted(w)], olderThan);
                    if (op != null) {
                        emit(out, op);
                    }
                }
                c.endSpan();
            }
        }

        /**
         * Wraps a body already applied once into {@code repeat n}, and applies the other n-1 iterations to
         * the specification and the model.
         */
        private void closeRepeat(long n, List<Op> loop) {
            body.add(new Op.Repeat(n, loop));
            length++;
            for (long i = 1; i < n; i++) {
                for (Op op : loop) {
                    try {
                        apply(op); // the specification checks it first (Spec.apply runs whyIllegal)
                    } catch (RuleViolation why) {
                        throw new IllegalStateException("generator bug: iteration " + (i + 1)
                                + " of a repeat is illegal: " + why.getMessage() + "\n" + new Program(layouts, body));
                    }
                }
            }
        }

        /** Appends a statement after checking it against the specification, and applies it. */
        private void emit(List<Op> out, Op op) {
            try {
                apply(op); // the specification checks it first (Spec.apply runs whyIllegal)
            } catch (RuleViolation why) {
                throw new IllegalStateException("generator bug: " + op + " is illegal: " + why.getMessage());
            }
            out.add(op);
            length++;
        }

        private void apply(Op op) {
            spec.apply(op);
            steps++;
            if (op instanceof Op.Call call) {
                for (StackModel m : models) {
                    m.call(call.layout().frameBytes());
                }
            } else if (op instanceof Op.Ret) {
                for (StackModel m : models) {
                    m.ret();
                }
                while (!diveMarks.isEmpty() && diveMarks.get(diveMarks.size() - 1) >= spec.depth()) {
                    diveMarks.remove(diveMarks.size() - 1);
                }
            } else if (op instanceof Op.Gc) {
                for (StackModel m : models) {
                    m.gc();
                }
            }
        }

        // ---- choosing

        /**
         * A layout by mode: 0 any (drawn), 1 the largest that fits the current segment, 2 the smallest that
         * misses it, 3 the smallest that misses the copying stack, 4 the largest that fits the stack.
         */
        private int chooseLayout(int mode) {
            if (mode == 0) {
                return c.draw(layouts.size());
            }
            StackModel model = models.get(target());
            long room = mode == 1 || mode == 2 ? model.segmentRoom() : model.stackRoom();
            boolean fit = mode == 1 || mode == 4;
            int best = -1;
            for (int i = 0; i < layouts.size(); i++) {
                long fb = layouts.get(i).frameBytes();
                if (fit ? fb > room : fb <= room) {
                    continue;
                }
                if (best < 0 || (fit ? fb > layouts.get(best).frameBytes() : fb < layouts.get(best).frameBytes())) {
                    best = i;
                }
            }
            return Math.max(0, best); // none (-1): the first layout
        }

        private int largestLayout() {
            int best = 0;
            for (int i = 1; i < layouts.size(); i++) {
                if (layouts.get(i).frameBytes() > layouts.get(best).frameBytes()) {
                    best = i;
                }
            }
            return best;
        }

        private boolean hasNomap() {
            for (Layout l : layouts) {
                if (l.nomap()) {
                    return true;
                }
            }
            return false;
        }

        private int biggestSegment() {
            int best = 0;
            for (int i = 1; i < targets.size(); i++) {
                if (targets.get(i).segmentSize() > targets.get(best).segmentSize()) {
                    best = i;
                }
            }
            return best;
        }

        /** A target's small limit, drawn when several targets set one, else the smallest limit. */
        private int limitAimedAt() {
            List<Integer> small = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                if (targets.get(i).maxStack() < EngineParams.DEFAULT.maxStack()) {
                    small.add(i);
                }
            }
            return small.size() > 1 ? small.get(c.draw(small.size())) : smallestLimit();
        }

        private int smallestLimit() {
            int best = 0;
            for (int i = 1; i < targets.size(); i++) {
                if (targets.get(i).maxStack() < targets.get(best).maxStack()) {
                    best = i;
                }
            }
            return best;
        }

        /**
         * Statements the program may still run after returning every live frame and ending: each frame
         * pushed must leave room for its ret.
         */
        private long stepRoom() {
            return config.maxSteps() - steps - spec.depth() - 3;
        }

        /** Which set of engine parameters an edge aims at (no choice when there is one). */
        private int target() {
            return targets.size() == 1 ? 0 : c.draw(targets.size());
        }

        private int pick(int[] options) {
            return options.length == 1 ? options[0] : options[c.draw(options.length)];
        }

        private int pick(List<Integer> options) {
            return options.size() == 1 ? options.get(0) : options.get(c.draw(options.size()));
        }

        private long value() {
            c.startSpan(SPAN_VALUE);
            int mode = c.weighted(new int[] {8, 3, 2, 1});
            long v;
            if (mode == 0) {
                v = c.draw(16);
            } else if (mode == 1) {
                v = c.between(16, 1_000_000);
            } else if (mode == 2) {
                v = SPECIAL_VALUES[c.draw(SPECIAL_VALUES.length)];
            } else {
                // a scalar that equals an address inside the first stack region: must never be "adjusted"
                v = AddressSpace.FIRST_ADDRESS + 8 * c.draw(Math.max(1, targets.get(0).initialStack() / 8));
            }
            c.endSpan();
            return v;
        }

        // ---- what the specification allows

        /** Scalar slots (among the interesting ones) of frame f, except {@code except}. */
        private List<Integer> scalarSlots(int f, int except) {
            Layout l = spec.layout(f);
            List<Integer> out = new ArrayList<>();
            for (int s : interestingSlots(l.words())) {
                if (s != except && !l.isPointerSlot(s) && !spec.holdsRef(f, s)) {
                    out.add(s);
                }
            }
            return out;
        }

        /** Slots of the layout that may take {@code addr}. */
        /** Whether {@link #scalarSlots scalarSlots(f, -1)} is not empty, without building it (asked per move). */
        private boolean hasScalarSlot(int f) {
            Layout l = spec.layout(f);
            for (int s : interestingSlots(l.words())) {
                if (!l.isPointerSlot(s) && !spec.holdsRef(f, s)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether {@link #refSlots} is not empty, without building it. */
        private boolean hasRefSlot(boolean scalarTarget) {
            int top = spec.depth() - 1;
            for (int s : interestingSlots(spec.layout(top).words())) {
                if (refSlot(top, s, scalarTarget)) {
                    return true;
                }
            }
            return false;
        }

        /** Slot s of the top frame holds a reference (to a slot holding a scalar, when asked). */
        private boolean refSlot(int top, int s, boolean scalarTarget) {
            return spec.holdsRef(top, s)
                    && (!scalarTarget || !spec.holdsRef(spec.refFrame(top, s), spec.refSlot(top, s)));
        }

        private List<Integer> pointerSlots(Layout l) {
            List<Integer> out = new ArrayList<>();
            if (l.nomap()) {
                for (int s : interestingSlots(l.words())) {
                    out.add(s);
                }
            } else {
                for (int i = 0; i < l.pointerCount(); i++) {
                    out.add(l.pointer(i));
                }
            }
            return out;
        }

        /** Top frame slots holding a reference (whose target holds a scalar, when {@code scalarTarget}). */
        private List<Integer> refSlots(boolean scalarTarget) {
            int top = spec.depth() - 1;
            Layout l = spec.layout(top);
            List<Integer> out = new ArrayList<>();
            for (int s : interestingSlots(l.words())) {
                if (refSlot(top, s, scalarTarget)) {
                    out.add(s);
                }
            }
            return out;
        }
    }

    /** interestingSlots of a frame of at most 8 words (index: words), made once: read, never written */
    private static final int[][] ALL_SLOTS = new int[9][];

    static {
        for (int words = 0; words <= 8; words++) {
            ALL_SLOTS[words] = new int[words];
            for (int i = 0; i < words; i++) {
                ALL_SLOTS[words][i] = i;
            }
        }
    }

    /**
     * The slots the generator touches: all of a small frame; the first six and last two of a big one. The
     * array is shared for a small frame: callers only read it.
     */
    static int[] interestingSlots(int words) {
        if (words <= 8) {
            return ALL_SLOTS[words];
        }
        return new int[] {0, 1, 2, 3, 4, 5, words - 2, words - 1};
    }
}

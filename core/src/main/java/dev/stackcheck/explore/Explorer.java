package dev.stackcheck.explore;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.LockStep;
import dev.stackcheck.check.RunOptions;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.check.Violation;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Program;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Breadth-first exhaustive exploration of every program of the alphabet up to the depth bound, run in lock
 * step on the specification and the engines ({@link LockStep}). Every transition gets the runner's
 * per-statement checks and STAT-1; every state, when first met, the runner's end-of-run checks
 * ({@link LockStep#verify()}), so `run` finds the same violation in the counterexample.
 *
 * <p>Invariants of the search:
 * <ul>
 *   <li>level L holds the states first reached by a program of L statements, each stored as its parent
 *       in level L-1 and the statement number (6 bytes; plus its fingerprint while the level waits to be
 *       expanded), in the order (parent, statement): so a state's program is found by following parents,
 *       and the first violation met in that order is a shortest one;</li>
 *   <li>the fingerprint set holds every stored state's {@link Fingerprinter fingerprint}; a successor whose
 *       fingerprint is already there is not stored again;</li>
 *   <li>the result depends only on the configuration, never on the number of workers or on timing: workers
 *       expand disjoint, ordered chunks of a level and only look the set up (read-only phase); the new
 *       fingerprints are then added shard by shard, each shard scanning the candidates in the global
 *       (chunk, parent, statement) order, so the first candidate of each new state wins everywhere.</li>
 * </ul>
 *
 * <p>States are not kept in the frontier; a worker rebuilds them by replaying their programs, keeping the
 * states along the previous program on a stack so that consecutive states (which share most of their
 * program) cost about one statement each. A successor is made by restoring a recycled copy from the state
 * ({@link LockStep#restore}; a {@link LockStep#fork} when an engine cannot) and running one statement;
 * statements that leave the specification's state as it is come first, and while the fingerprint stays
 * unchanged (a get, a load, a gc that did not shrink) the same copy serves the next statement.
 *
 * <p>A lane that refuses a layout (a copying engine and a nomap frame) is skipped from the first call of
 * that layout on a path. A state with no lane left running is not expanded. The search stops at the bound,
 * at {@code maxStates}, when the next level would not fit in the heap, or once every engine has broken an
 * invariant.
 */
public final class Explorer {

    /** Told about the search's progress: after each level, and about once a second within one. */
    public interface Progress {
        /**
         * @param depth       the level being expanded (its successors have depth + 1 statements)
         * @param states      distinct states stored so far
         * @param transitions statements tried so far
         * @param elapsedNanos time since the start
         */
        void update(int depth, long states, long transitions, long elapsedNanos);
    }

    private final ExploreConfig config;
    private final Alphabet alphabet;
    /** refuses[layout][lane]: the lane's engine refuses programs that declare the layout */
    private final boolean[][] refuses;
    private final List<String> skippedEngines = new ArrayList<>();

    public Explorer(ExploreConfig config) {
        this.config = config;
        this.alphabet = config.alphabet();
        List<Layout> layouts = alphabet.layouts();
        this.refuses = new boolean[layouts.size()][config.engines().size()];
        for (int e = 0; e < config.engines().size(); e++) {
            EngineSetup source = config.engines().get(e);
            for (int l = 0; l < layouts.size(); l++) {
                try {
                    StackEngine engine = source.factory().get();
                    Optional<String> why = engine.refuse(new Program(List.of(layouts.get(l)), List.of()));
                    refuses[l][e] = why.isPresent();
                } catch (RuntimeException ex) {
                    refuses[l][e] = false; // construction failures show at start as ENG-1
                }
            }
            List<String> refused = new ArrayList<>();
            for (int l = 0; l < layouts.size(); l++) {
                if (refuses[l][e]) {
                    refused.add(layouts.get(l).name());
                }
            }
            if (!refused.isEmpty()) {
                skippedEngines.add(source.name() + ": skipped on paths that call " + String.join(", ", refused)
                        + " (it refuses programs declaring " + (refused.size() == 1 ? "it" : "them") + ")");
            }
        }
    }

    // ---- the frontier --------------------------------------------------------------------------------

    /** One level of the search: for each state, its parent's index in the level above and its statement. */
    private static final class Level {
        int[] parent = new int[16];
        short[] op = new short[16];
        /** each state's fingerprint, kept until the level has been expanded */
        long[] fp = new long[16];
        /** the states whose full check broke a lane: rebuilding them must check again, to break it again */
        final java.util.BitSet broke = new java.util.BitSet();
        int size;

        void add(int p, int o, long f) {
            if (size == parent.length) {
                int n = (int) Math.min(Integer.MAX_VALUE - 8, size * 2L);
                parent = Arrays.copyOf(parent, n);
                op = Arrays.copyOf(op, n);
                fp = Arrays.copyOf(fp, n);
            }
            parent[size] = p;
            op[size] = (short) o;
            fp[size] = f;
            size++;
        }

        /** Makes room for exactly {@code n} states (an empty level about to be filled). */
        void reserve(int n) {
            parent = new int[Math.max(1, n)];
            op = new short[Math.max(1, n)];
            fp = new long[Math.max(1, n)];
        }

        long bytes() {
            return 48 + 4L * parent.length + 2L * op.length + (fp == null ? 0 : 8L * fp.length)
                    + broke.size() / 8;
        }
    }

    /** A violation met while expanding: the parent, the statements run on the parent's copy, the failures. */
    private record Found(int parent, int[] chain, int op, List<LockStep.Failure> failures) {}

    /** What one worker produced for one chunk of a level. */
    private static final class Chunk {
        final int from;
        final int to;
        long[] fp = new long[64];
        int[] parent = new int[64];
        short[] op = new short[64];
        java.util.BitSet broke = new java.util.BitSet();
        boolean[] accepted;
        int n;
        final List<Found> found = new ArrayList<>();
        long transitions;
        long reused;
        long copies;

        Chunk(int from, int to) {
            this.from = from;
            this.to = to;
        }

        void candidate(long f, int p, int o) {
            if (n == fp.length) {
                fp = Arrays.copyOf(fp, n * 2);
                parent = Arrays.copyOf(parent, n * 2);
                op = Arrays.copyOf(op, n * 2);
            }
            fp[n] = f;
            parent[n] = p;
            op[n] = (short) o;
            n++;
        }
    }

    // ---- the search ----------------------------------------------------------------------------------

    private final List<Level> levels = new ArrayList<>();
    private final FingerprintSet seen = new FingerprintSet();
    private LockStep root;
    private final AtomicLong liveTransitions = new AtomicLong();
    /** time spent in the search's only sequential step (see {@link #collect}) */
    private long serialNanos;

    /** Runs the search. */
    public ExploreResult run() {
        return run(null);
    }

    /** Runs the search, telling {@code progress} (may be null) how it goes. */
    public ExploreResult run(Progress progress) {
        long t0 = System.nanoTime();
        int lanes = config.engines().size();
        root = LockStep.start(config.engines());
        Found[] first = new Found[lanes];
        int[] firstLevel = new int[lanes];
        List<Counterexample> violations = new ArrayList<>();
        for (LockStep.Failure f : root.startFailures()) {
            violations.add(Counterexample.atStart(config, f));
        }
        for (LockStep.Failure f : root.verify()) {
            violations.add(Counterexample.atStart(config, f));
        }
        boolean[] done = new boolean[lanes];
        for (int e = 0; e < lanes; e++) {
            done[e] = root.status(e) != LockStep.Status.ACTIVE;
        }
        long rootFp = new Fingerprinter(alphabet).of(root);
        seen.add(rootFp);
        Level level0 = new Level();
        level0.add(-1, -1, rootFp);
        levels.add(level0);
        List<ExploreResult.LevelStats> stats = new ArrayList<>();
        stats.add(new ExploreResult.LevelStats(0, 1, 0));
        long transitions = 0;
        long reused = 0;
        long copies = 0;
        boolean complete = true;
        String stopped = null;
        int reached = 0;
        ExecutorService pool = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread t = new Thread(r, "explore-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int depth = 0; depth < config.depth(); depth++) {
                Level cur = levels.get(depth);
                if (cur.size == 0) {
                    break;
                }
                if (allDone(done)) {
                    complete = false;
                    stopped = "every engine broke an invariant";
                    break;
                }
                String short_ = memoryShortage(depth);
                if (short_ != null) {
                    complete = false;
                    stopped = short_;
                    break;
                }
                List<Chunk> chunks;
                Level next = new Level();
                boolean cut;
                try {
                    chunks = expandLevel(pool, depth, cur, progress, t0, transitions);
                    cur.fp = null;
                    cut = merge(pool, chunks, next);
                } catch (OutOfMemoryError oom) {
                    complete = false;
                    stopped = "out of memory exploring programs of " + (depth + 1) + " statements (give the JVM"
                            + " more heap, e.g. STACKCHECK_JAVA_OPTS=-Xmx12g, or set --max-states)";
                    break;
                }
                long levelTransitions = 0;
                for (Chunk c : chunks) {
                    levelTransitions += c.transitions;
                    reused += c.reused;
                    copies += c.copies;
                }
                transitions += levelTransitions;
                liveTransitions.set(transitions);
                levels.add(next);
                reached = depth + 1;
                stats.add(new ExploreResult.LevelStats(depth + 1, next.size, levelTransitions));
                for (Chunk c : chunks) {
                    for (Found f : c.found) {
                        for (LockStep.Failure fail : f.failures) {
                            if (first[fail.lane()] == null) {
                                first[fail.lane()] = new Found(f.parent, f.chain, f.op, List.of(fail));
                                firstLevel[fail.lane()] = depth;
                                done[fail.lane()] = true;
                            }
                        }
                    }
                }
                if (progress != null) {
                    progress.update(depth + 1, seen.size(), transitions, System.nanoTime() - t0);
                }
                if (cut) {
                    complete = false;
                    stopped = "the state limit (" + config.maxStates() + ") was reached";
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        long elapsed = System.nanoTime() - t0;
        for (int e = 0; e < lanes; e++) {
            if (first[e] != null) {
                violations.add(counterexample(e, firstLevel[e], first[e]));
            }
        }
        long states = 0;
        long levelBytes = 0;
        for (Level l : levels) {
            states += l.size;
            levelBytes += l.bytes();
        }
        List<String> skipped = new ArrayList<>(skippedEngines);
        return new ExploreResult(config.depth(), reached, states, transitions, complete, stopped,
                elapsed / 1_000_000, states * 1e9 / Math.max(1, elapsed), stats, violations, skipped,
                seen.bytes(), levelBytes, reused, copies, config.workers(), serialNanos / 1_000_000);
    }

    /** Heap bytes a new state needs while its level is made: candidate buffers, level arrays, table. */
    static final long BYTES_PER_NEW_STATE = 48;

    /**
     * Why the next level would not fit in the heap (estimating its size from the growth of the last one),
     * or null when it should.
     */
    private String memoryShortage(int depth) {
        long cur = levels.get(depth).size;
        long prev = depth == 0 ? 1 : Math.max(1, levels.get(depth - 1).size);
        long estimate = cur * Math.max(1, cur / prev);
        long live = seen.bytes();
        for (Level l : levels) {
            live += l.bytes();
        }
        long max = Runtime.getRuntime().maxMemory();
        long need = estimate * BYTES_PER_NEW_STATE;
        if (max != Long.MAX_VALUE && live + need > max) {
            return String.format("not enough memory for programs of %d statements (about %,d new states, %,d MB"
                    + " needed, %,d MB of heap; give the JVM more, e.g. STACKCHECK_JAVA_OPTS=-Xmx12g)", depth + 1,
                    estimate, (live + need) >> 20, max >> 20);
        }
        return null;
    }

    private static boolean allDone(boolean[] done) {
        if (done.length == 0) {
            return false;
        }
        for (boolean d : done) {
            if (!d) {
                return false;
            }
        }
        return true;
    }

    /** Expands every state of level {@code depth} in chunks, on the pool, in parallel. */
    private List<Chunk> expandLevel(ExecutorService pool, int depth, Level cur, Progress progress, long t0,
                                    long transitionsBefore) {
        int n = cur.size;
        int target = Math.max(1, config.workers() * 32);
        int size = Math.max(64, (n + target - 1) / target);
        List<Future<Chunk>> futures = new ArrayList<>();
        for (int from = 0; from < n; from += size) {
            // each worker allocates its own chunk, so that chunks written at once share no cache line
            int a = from;
            int b = Math.min(n, from + size);
            futures.add(pool.submit(() -> expandChunk(depth, new Chunk(a, b))));
        }
        await(futures, () -> {
            if (progress != null) {
                progress.update(depth, seen.size(), liveTransitions.get(), System.nanoTime() - t0);
            }
        });
        List<Chunk> chunks = new ArrayList<>();
        for (Future<Chunk> f : futures) {
            try {
                chunks.add(f.get());
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e); // await has returned: every future is done and succeeded
            }
        }
        return chunks;
    }

    /** Waits for every future (calling {@code tick} about once a second), then rethrows the first failure. */
    private static void await(List<? extends Future<?>> futures, Runnable tick) {
        Throwable failure = null;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get(1, TimeUnit.SECONDS);
                    break;
                } catch (TimeoutException e) {
                    tick.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("exploration interrupted", e);
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    }
                    break;
                }
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /**
     * Adds the chunks' candidate fingerprints to the set, shard groups in parallel, each in the global
     * order; appends the accepted ones to {@code next} in that order.
     *
     * @return true when the state limit cut the level short
     */
    private boolean merge(ExecutorService pool, List<Chunk> chunks, Level next) {
        int w = config.workers();
        for (Chunk c : chunks) {
            c.accepted = new boolean[c.n];
        }
        long before = seen.size();
        List<Future<?>> futures = new ArrayList<>();
        for (int k = 0; k < w; k++) {
            int mine = k;
            futures.add(pool.submit(() -> {
                for (Chunk c : chunks) {
                    for (int j = 0; j < c.n; j++) {
                        long fp = c.fp[j];
                        if (FingerprintSet.shard(fp) % w == mine && seen.add(fp)) {
                            c.accepted[j] = true;
                        }
                    }
                }
            }));
        }
        await(futures, () -> { });
        long t = System.nanoTime();
        try {
            return collect(chunks, next, config.maxStates() - before);
        } finally {
            serialNanos += System.nanoTime() - t;
        }
    }

    /** The one sequential step of a level: the accepted candidates, in the global order, into {@code next}. */
    private static boolean collect(List<Chunk> chunks, Level next, long limit) {
        long room = limit;
        long accepted = 0;
        for (Chunk c : chunks) {
            for (int j = 0; j < c.n; j++) {
                if (c.accepted[j]) {
                    accepted++;
                }
            }
        }
        next.reserve((int) Math.min(accepted, Math.max(0, room)));
        for (Chunk c : chunks) {
            for (int j = 0; j < c.n; j++) {
                if (c.accepted[j]) {
                    if (room <= 0) {
                        return true;
                    }
                    if (c.broke.get(j)) {
                        next.broke.set(next.size);
                    }
                    next.add(c.parent[j], c.op[j], c.fp[j]);
                    room--;
                }
            }
            c.fp = null;
            c.parent = null;
            c.op = null;
            c.accepted = null;
        }
        return false;
    }

    /** The statement numbers of the program of state {@code index} of level {@code depth}. */
    private void path(int depth, int index, int[] out) {
        path(depth, index, out, null);
    }

    /**
     * The statement numbers of the program of state {@code index} of level {@code depth}, and in
     * {@code at} (when not null) the index of each state along it: {@code at[l]} in level l.
     */
    private void path(int depth, int index, int[] out, int[] at) {
        int i = index;
        for (int l = depth; l >= 1; l--) {
            Level lv = levels.get(l);
            if (at != null) {
                at[l] = i;
            }
            out[l - 1] = lv.op[i];
            i = lv.parent[i];
        }
    }

    /** Runs statement {@code id} on {@code s}, first skipping the lanes that refuse its layout. */
    private List<LockStep.Failure> apply(LockStep s, int id) {
        Op op = alphabet.op(id);
        if (op instanceof Op.Call c) {
            boolean[] r = refuses[alphabet.layoutIndex(c.layout())];
            for (int e = 0; e < r.length; e++) {
                if (r[e] && s.status(e) == LockStep.Status.ACTIVE) {
                    s.skip(e);
                }
            }
        }
        return s.step(op);
    }

    /** {@code from}'s state in {@code into} (recycled when the engines allow it), or a fork of it. */
    private static LockStep copy(LockStep into, LockStep from) {
        if (into == null || !from.restorable()) {
            return from.fork();
        }
        into.restore(from);
        return into;
    }

    private Chunk expandChunk(int depth, Chunk chunk) {
        Fingerprinter fingerprinter = new Fingerprinter(alphabet);
        int[] ops = new int[alphabet.maxLegal()];
        int[] chain = new int[alphabet.maxLegal()];
        LockStep[] stack = new LockStep[depth + 1];
        stack[0] = root;
        int[] path = new int[depth];
        int[] at = new int[depth + 1];
        int[] next = new int[depth];
        int[] nextAt = new int[depth + 1];
        int[] cur = new int[depth];
        int valid = 0;
        if (chunk.from < chunk.to) {
            path(depth, chunk.from, next, nextAt);
        }
        long pending = 0;
        long transitions = 0;
        long reused = 0;
        long copies = 0;
        LockStep scratch = null;
        for (int i = chunk.from; i < chunk.to; i++) {
            int[] t = path;
            path = next;
            next = t;
            t = at;
            at = nextAt;
            nextAt = t;
            // the next state shares the first `keep` statements: the states after more are not needed again
            int keep = 0;
            if (i + 1 < chunk.to) {
                path(depth, i + 1, next, nextAt);
                while (keep < depth && next[keep] == path[keep]) {
                    keep++;
                }
            }
            int c = 0;
            while (c < valid && path[c] == cur[c]) {
                c++;
            }
            for (int k = c; k < depth; k++) {
                LockStep s;
                if (k > keep) {
                    // stack[k] is not needed again: step it in place, keep the other object as a spare
                    s = stack[k];
                    stack[k] = stack[k + 1];
                } else {
                    s = copy(stack[k + 1], stack[k]);
                    copies++;
                }
                apply(s, path[k]);
                if (levels.get(k + 1).broke.get(at[k + 1])) {
                    s.verify();
                }
                stack[k + 1] = s;
                cur[k] = path[k];
            }
            LockStep state = stack[depth];
            // the state's own object may serve its last successor: the next state never shares it
            boolean consumable = depth > 0;
            valid = Math.min(keep, depth);
            if (state.activeCount() == 0) {
                continue;
            }
            int n = alphabet.legal(state.spec(), ops);
            if (n == 0) {
                continue;
            }
            long fpState = levels.get(depth).fp[i];
            LockStep w = null;
            int chained = 0;
            for (int j = 0; j < n; j++) {
                int id = ops[j];
                if (w == null) {
                    if (consumable && j == n - 1) {
                        w = state;
                    } else {
                        scratch = copy(scratch, state);
                        copies++;
                        w = scratch;
                    }
                    chained = 0;
                }
                List<LockStep.Failure> failures = apply(w, id);
                transitions++;
                if (++pending == 1024) {
                    liveTransitions.addAndGet(pending);
                    pending = 0;
                }
                long fp = fingerprinter.of(w);
                if (fp == fpState && failures.isEmpty()) {
                    chain[chained++] = id;
                    reused++;
                    continue;
                }
                if (!seen.contains(fp)) {
                    List<LockStep.Failure> more = w.verify();
                    boolean fresh = true;
                    if (!more.isEmpty()) {
                        List<LockStep.Failure> all = new ArrayList<>(failures);
                        all.addAll(more);
                        failures = all;
                        fp = fingerprinter.of(w);
                        fresh = !seen.contains(fp);
                    }
                    if (fresh) {
                        if (!more.isEmpty()) {
                            chunk.broke.set(chunk.n);
                        }
                        chunk.candidate(fp, i, id);
                    }
                }
                if (!failures.isEmpty()) {
                    chunk.found.add(new Found(i, chained == 0 ? null : Arrays.copyOf(chain, chained), id, failures));
                }
                w = null;
            }
        }
        liveTransitions.addAndGet(pending);
        chunk.transitions = transitions;
        chunk.reused = reused;
        chunk.copies = copies;
        return chunk;
    }

    // ---- counterexamples -----------------------------------------------------------------------------

    /**
     * The counterexample for lane {@code e}: the parent's program and the statement, replayed by the
     * ordinary runner (which draws the diagrams). When the parent's copy had run statements that left its
     * fingerprint unchanged and the short program does not reproduce the violation, those are kept.
     */
    private Counterexample counterexample(int e, int parentLevel, Found f) {
        int[] prefix = new int[parentLevel];
        path(parentLevel, f.parent, prefix);
        EngineSetup source = config.engines().get(e);
        LockStep.Failure failure = f.failures.get(0);
        List<Op> shortest = ops(prefix, null, f.op);
        Counterexample c = Counterexample.of(config, source, failure, shortest);
        if (c.reproduced() || f.chain == null) {
            return c;
        }
        Counterexample longer = Counterexample.of(config, source, failure, ops(prefix, f.chain, f.op));
        return longer.reproduced() ? longer : c;
    }

    private List<Op> ops(int[] prefix, int[] chain, int last) {
        List<Op> out = new ArrayList<>();
        for (int id : prefix) {
            out.add(alphabet.op(id));
        }
        if (chain != null) {
            for (int id : chain) {
                out.add(alphabet.op(id));
            }
        }
        out.add(alphabet.op(last));
        return out;
    }

    /** Replays a program on one engine with the ordinary runner (diagrams on). */
    static RunResult replay(Program program, EngineSetup source) {
        return Runner.run(program, List.of(source), RunOptions.DEFAULT);
    }

    /** The violation of {@code engine} in a run, or null. */
    static Violation violationOf(RunResult r, String engine) {
        for (Violation v : r.violations()) {
            if (v.engine().equals(engine)) {
                return v;
            }
        }
        return null;
    }
}

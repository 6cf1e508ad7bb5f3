package dev.stackcheck.explore;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.LockStep;
import dev.stackcheck.check.RunOptions;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.check.Violation;
import dev.stackcheck.engine.Forkable;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Program;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Breadth-first exhaustive exploration of every program of the alphabet up to the depth bound, run in lock
 * step on the specification and the engines ({@link LockStep}). Every transition gets the runner's
 * per-statement checks and STAT-1; every state, when first met, the runner's end-of-run checks
 * ({@link LockStep#verify()}), so `run` finds the same violation in the counterexample.
 *
 * <p>Invariants of the search:
 * <ul>
 *   <li>level L holds the states first reached by a program of L statements, in the order (parent in
 *       level L-1, statement), each stored as its statement number; each state of level L-1 keeps its
 *       number of children, so a state's parent, and by following parents its program, is found by
 *       counting ({@link Level}); the first violation met in that order is a shortest one;</li>
 *   <li>the fingerprint set holds every stored state's key: its {@link Fingerprinter fingerprint} when
 *       every engine exposes its whole state ({@link Forkable}, including its hidden state), otherwise a
 *       key of its own program, so that nothing is merged; a successor whose key is already there is not
 *       stored again. Once the heap runs short the keys spill to a {@link DiskFingerprints file}, and the
 *       set holds only those added since the last spill: a state added then whose key the file turns out to
 *       hold is dropped at the spill (from a count-only level's count, or marked and removed when its level
 *       is made), and every level ends with a spill, so a level is expanded only once its states are
 *       known new, and the search is the one the heap alone would make;</li>
 *   <li>the result depends only on the configuration, never on the number of workers or on timing:
 *       workers expand chunks of a level in parallel, but the chunks are committed (their candidates
 *       added to the set and to the next level) strictly in chunk order ({@link Committer}), so the first
 *       candidate of each new state in the global (chunk, parent, statement) order wins; a lookup during
 *       expansion that misses a fingerprint being committed only makes a candidate the commit drops;</li>
 *   <li>with {@code --shard I/N}, the first level with at least {@link #SPLIT_STATES_PER_SHARD} states per
 *       shard keeps only its states of rank I-1 modulo N; the shards together cover the bound.</li>
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
 * at {@code maxStates}, when the next level would not fit in the heap (without a spill directory, or when
 * even the levels alone would not), when the disk cannot take the spilled keys, or once every engine has
 * broken an invariant.
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
    /** engines that do not expose their whole state: while there is one, states are not merged */
    private final List<String> unmerged = new ArrayList<>();
    private final boolean merging;
    /** the heap the search must fit in ({@link #memoryShortage}) */
    private final long maxHeap;

    public Explorer(ExploreConfig config) {
        this(config, heapForStates());
    }

    /**
     * The heap the stored states can take: the old generation's limit when the collector has one (the
     * parallel and serial collectors keep about a third of the heap for new objects, and the levels and
     * fingerprint tables live long), else the whole heap.
     */
    static long heapForStates() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            long max = pool.getUsage() == null ? -1 : pool.getUsage().getMax();
            if (pool.getType() == MemoryType.HEAP && max > 0
                    && (name.endsWith("Old Gen") || name.endsWith("Tenured Gen"))) {
                return Math.min(max, Runtime.getRuntime().maxMemory());
            }
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** An explorer that stops before a level would not fit in {@code maxHeap} bytes. */
    Explorer(ExploreConfig config, long maxHeap) {
        this.config = config;
        this.maxHeap = maxHeap;
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
            try {
                if (!(source.factory().get() instanceof Forkable)) {
                    unmerged.add(source.name() + ": does not expose its whole state (it does not implement the"
                            + " forking contract), so no two programs' states were merged");
                }
            } catch (RuntimeException ex) {
                // shows at start as ENG-1
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
        this.merging = unmerged.isEmpty();
    }

    /**
     * The key under which a new state is stored: its fingerprint when states are merged, otherwise a value
     * of its own (the hash of its parent's level, its parent and its statement), so no two programs share one
     * but by a collision of the hash (the same odds as two fingerprints').
     */
    private long key(long fingerprint, int depth, int parent, int op) {
        return merging ? fingerprint : Fingerprinter.hash(depth, parent, op);
    }

    // ---- the frontier --------------------------------------------------------------------------------

    /**
     * One level of the search, about 2.3 bytes per state: each state's statement, and (once the next level
     * is made) how many states of the next level it is the parent of. Since a level is in (parent,
     * statement) order, a state's parent is found by counting: {@link #firstKid} keeps, for every 64th
     * state, the index of its first child, so a lookup reads at most 64 counts.
     */
    private static final class Level {
        /** statement number of each state ({@link #NO_OP} for the root); null for a {@link #countOnly} level */
        char[] op;
        /** kids[p]: the states of the next level whose parent is p; null until the next level is made */
        char[] kids;
        /** firstKid[k]: index in the next level of the first child of state 64k */
        int[] firstKid;
        /** states of this level whose children have been counted into {@link #firstKid} */
        private int marked;
        /** each state's fingerprint, kept while the level waits to be expanded (null for the last level) */
        long[] fp;
        /** the states whose full check broke a lane: rebuilding them must check again, to break it again */
        final java.util.BitSet broke = new java.util.BitSet();
        /** states whose fingerprint the disk turned out to hold: removed once the level is made ({@link #keep}) */
        final java.util.BitSet dropped = new java.util.BitSet();
        /** states stored in the arrays */
        int size;
        /** a count-only level's states */
        long count;

        static final char NO_OP = Character.MAX_VALUE;

        Level(boolean keepFp) {
            this(keepFp, false, 16);
        }

        /**
         * A level with room for {@code room} states before its arrays grow; a count-only one (the last level,
         * which is never expanded) keeps no statements, only how many states it has, and its parents keep no
         * child counts.
         */
        Level(boolean keepFp, boolean countOnly, int room) {
            op = countOnly ? null : new char[room];
            fp = keepFp && !countOnly ? new long[room] : null;
        }

        boolean countOnly() {
            return op == null;
        }

        /** The level's distinct states. */
        long states() {
            return op == null ? count : size;
        }

        void add(int o, long f) {
            if (op == null) {
                count++;
                return;
            }
            if (size == op.length) {
                int n = (int) Math.min(Integer.MAX_VALUE - 8, size + (size >> 1) + 16L);
                op = Arrays.copyOf(op, n);
                if (fp != null) {
                    fp = Arrays.copyOf(fp, n);
                }
            }
            op[size] = (char) o;
            if (fp != null) {
                fp[size] = f;
            }
            size++;
        }

        /**
         * Frees the spare room at the end of the statements, once the level is complete. The fingerprints
         * are kept only until the level is expanded: copying them would need twice their bytes at once.
         */
        void trim() {
            if (op != null && op.length != Math.max(1, size)) {
                op = Arrays.copyOf(op, Math.max(1, size));
            }
        }

        /** Prepares to count the children of every state: the next level is about to be made. */
        void startKids() {
            kids = new char[Math.max(1, size)];
            firstKid = new int[(size + 63) / 64 + 1];
            marked = 0;
        }

        /** The next level has {@code nextSize} states and is about to get a child of state {@code p}. */
        void kid(int p, int nextSize) {
            mark(p + 1, nextSize);
            if (kids[p] == Character.MAX_VALUE) {
                throw new IllegalStateException("more than 65,535 successors of one state");
            }
            kids[p]++;
        }

        /** Records {@code nextSize} as the first child of every 64th state in [marked, upTo). */
        void mark(int upTo, int nextSize) {
            for (; marked < upTo; marked++) {
                if ((marked & 63) == 0) {
                    firstKid[marked >>> 6] = nextSize;
                }
            }
        }

        /** The parent in this level of state {@code i} of the next level, and (in {@code off[0]}) its rank. */
        int parentOf(int i, int[] off) {
            int lo = 0;
            int hi = (size - 1) >>> 6;
            while (lo < hi) { // the last 64-block whose first child is at or before i
                int mid = (lo + hi + 1) >>> 1;
                if (firstKid[mid] <= i) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            int p = lo << 6;
            int end = p + 64;
            int base = firstKid[lo];
            while (base + kids[p] <= i) {
                base += kids[p];
                if (++p == end) { // the index names the block holding the parent: a wrong index shows here
                    throw new IllegalStateException("state " + i + " has no parent in block " + lo);
                }
            }
            off[0] = i - base;
            return p;
        }

        /**
         * Keeps only the states {@code keep} accepts (a shard's part of the split level, or the states the
         * disk did not hold), renumbering them in order and recounting their parents' children in
         * {@code parents}.
         */
        void keep(Level parents, java.util.function.IntPredicate keep) {
            int kept = 0;
            java.util.BitSet keptBroke = new java.util.BitSet();
            char[] kids = new char[parents.kids.length];
            int p = 0;
            int left = parents.kids[0]; // kids has room for one even when parents is empty
            for (int i = 0; i < size; i++) {
                while (left == 0) {
                    p++;
                    left = parents.kids[p];
                }
                left--;
                if (keep.test(i)) {
                    op[kept] = op[i]; // in place: kept <= i
                    if (fp != null) {
                        fp[kept] = fp[i];
                    }
                    if (broke.get(i)) {
                        keptBroke.set(kept);
                    }
                    kids[p]++;
                    kept++;
                }
            }
            broke.clear();
            broke.or(keptBroke);
            size = kept;
            trim();
            parents.kids = kids;
            parents.marked = 0;
            int first = 0;
            for (int q = 0; q < parents.size; q++) {
                if ((q & 63) == 0) {
                    parents.firstKid[q >>> 6] = first;
                }
                first += kids[q];
            }
            parents.marked = parents.size;
        }

        long bytes() {
            return 64 + (op == null ? 0 : 2L * op.length) + (kids == null ? 0 : 2L * kids.length)
                    + (firstKid == null ? 0 : 4L * firstKid.length) + (fp == null ? 0 : 8L * fp.length)
                    + broke.size() / 8;
        }
    }

    /**
     * Where a walk through one level stands: for each level l from 1 to depth, the index of the state along
     * the path ({@code at[l]}), its rank among its parent's children ({@code off[l]}) and its statement
     * ({@code path[l - 1]}). {@link #advance} moves to the next state of the deepest level in amortised
     * constant time per level, since every level is in (parent, statement) order.
     */
    private final class Cursor {
        final int depth;
        final int[] at;
        final int[] off;
        final int[] path;

        Cursor(int depth, int index) {
            this.depth = depth;
            at = new int[depth + 1];
            off = new int[depth + 1];
            path = new int[depth];
            int[] o = new int[1];
            int i = index;
            for (int l = depth; l >= 1; l--) {
                at[l] = i;
                path[l - 1] = levels.get(l).op[i];
                i = levels.get(l - 1).parentOf(i, o);
                off[l] = o[0];
            }
        }

        void copyFrom(Cursor c) {
            System.arraycopy(c.at, 0, at, 0, at.length);
            System.arraycopy(c.off, 0, off, 0, off.length);
            System.arraycopy(c.path, 0, path, 0, path.length);
        }

        /** The next state of level {@code l} (which must exist). */
        void advance(int l) {
            at[l]++;
            off[l]++;
            char[] kids = levels.get(l - 1).kids;
            while (off[l] >= kids[at[l - 1]]) {
                off[l] = 0;
                advance(l - 1);
            }
            path[l - 1] = levels.get(l).op[at[l]];
        }
    }

    /** A violation met while expanding: the parent, the statements run on the parent's copy, the failures. */
    private record Found(int parent, int[] chain, int op, List<LockStep.Failure> failures) {}

    /** What one worker produced for one chunk of a level: the candidates for the next, in order. */
    private static final class Chunk {
        final int from;
        final int to;
        long[] fp = new long[64];
        int[] parent = new int[64];
        char[] op = new char[64];
        java.util.BitSet broke = new java.util.BitSet();
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
            op[n] = (char) o;
            n++;
        }
    }

    /**
     * Adds the chunks' candidates to the fingerprint set and the next level strictly in chunk order, so the
     * first candidate of each new state in the global (chunk, parent, statement) order wins, whichever
     * worker finished first. Whoever finishes a chunk commits every finished chunk that is next in order.
     */
    private final class Committer {
        final Level cur;
        final Level next;
        final AtomicReferenceArray<Chunk> finished;
        final List<Chunk> committedChunks = new ArrayList<>();
        final ReentrantLock lock = new ReentrantLock();
        volatile int committed;
        /** a worker failed: the level is abandoned */
        volatile boolean aborted;
        long room;
        boolean cut;
        /** spilling, the room is used up by states confirmed new: further candidates are only probed */
        boolean probing;
        /** candidates probed since the last {@link #settle} (held in the heap's set, not stored) */
        long probes;

        Committer(Level cur, Level next, int chunks, long room) {
            this.cur = cur;
            this.next = next;
            this.finished = new AtomicReferenceArray<>(chunks);
            this.room = room;
        }

        /** Commits the finished chunks next in order, unless another thread is at it. */
        void tryCommit() {
            if (!lock.tryLock()) {
                return;
            }
            try {
                long t = System.nanoTime();
                int k = committed;
                Chunk c;
                while (k < finished.length() && (c = finished.get(k)) != null) {
                    commit(c);
                    finished.set(k, null);
                    k++;
                    committed = k;
                }
                serialNanos += System.nanoTime() - t;
            } finally {
                lock.unlock();
            }
        }

        private void commit(Chunk c) {
            for (int j = 0; j < c.n; j++) {
                long fp = c.fp[j];
                if (cut) {
                    continue;
                }
                if (room <= 0 && disk == null) {
                    cut = !seen.contains(fp);
                    continue;
                }
                // states taken for new since the last spill may be known: the disk gives their room back
                if (room <= 0 && !probing) {
                    room += spill(next);
                    probing = room <= 0;
                }
                if (probing) { // the room stays spent
                    probe(fp);
                    continue;
                }
                if (disk != null && seen.fullFor(fp)) {
                    room += spill(next);
                }
                if (!seen.add(fp)) { // one probe: the set says whether it is new
                    continue;
                }
                room--;
                if (!next.countOnly()) {
                    cur.kid(c.parent[j], next.size);
                    if (c.broke.get(j)) {
                        next.broke.set(next.size);
                    }
                }
                next.add(c.op[j], fp);
            }
            // what the level's totals and violations need; the candidates go
            c.fp = null;
            c.parent = null;
            c.op = null;
            c.broke = null;
            committedChunks.add(c);
        }

        /**
         * The state limit is reached and spilling: {@code fp}'s state is new (and the level cut) unless the
         * heap or the disk holds it. The heap holds only such candidates now; they are asked of the disk
         * when the set is full and once the level is committed ({@link #settle}), and never stored.
         */
        private void probe(long fp) {
            if (seen.fullFor(fp)) {
                settle();
            }
            if (seen.add(fp)) {
                probes++;
            }
        }

        /** Asks the disk about the candidates met beyond the state limit: the level is cut if one is new. */
        void settle() {
            if (probes > 0) {
                cut |= disk.known(seen).length < probes;
                probes = 0;
            }
        }
    }

    // ---- the search ----------------------------------------------------------------------------------

    private final List<Level> levels = new ArrayList<>();
    /** the fingerprints in the heap: every stored state's, or once they spill, those since the last spill */
    private final FingerprintSet seen = new FingerprintSet();
    /** the fingerprints spilled to disk; null until the heap runs short (and while no spill dir is set) */
    private DiskFingerprints disk;
    /** the first state of the level being made whose fingerprint has not been merged with the disk's */
    private int spillFrom;
    /** tests: when positive, spill from the first level on, with room for this many fingerprints in the heap */
    long forcedSpillCapacity;
    private LockStep root;
    private final AtomicLong liveTransitions = new AtomicLong();
    /** how often progress is told while a level is made (tests tell it more often) */
    long tickMillis = 1000;
    /** the level where the programs were split between shards, or -1 */
    private int splitLevel = -1;
    /** the split level is the first with at least this many states per shard (or the last level) */
    static final int SPLIT_STATES_PER_SHARD = 4;
    /** time spent committing chunks, the search's only sequential step (see {@link Committer}) */
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
        Level level0 = new Level(true);
        level0.add(Level.NO_OP, rootFp);
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
                long levelBytes = 0;
                for (Level l : levels) {
                    levelBytes += l.bytes();
                }
                boolean last = depth + 1 == config.depth();
                // the last level is never expanded: it needs its statements only to be split between shards
                boolean countOnly = last && !(config.shards() > 1 && splitLevel < 0);
                String short_ = disk != null ? null : memoryShortage(depth, cur.size, previousSize(depth),
                        levelBytes + seen.bytes(), maxHeap, countOnly ? BYTES_PER_COUNTED_STATE
                                : BYTES_PER_NEW_STATE + (last ? 0 : 8));
                if ((short_ != null || forcedSpillCapacity > 0) && config.spillDir() != null) {
                    disk = disk != null ? disk : new DiskFingerprints(config.spillDir());
                    short_ = null;
                }
                if (disk != null) {
                    short_ = startSpilledLevel(depth, cur, levelBytes, countOnly);
                }
                if (short_ != null) {
                    complete = false;
                    stopped = short_;
                    break;
                }
                // spilling, a level keeps its fingerprints until the disk has confirmed its states new; room for
                // a tenth more than the growth of the last level promises, so its arrays need not grow
                int room = (int) Math.max(16, Math.min(Integer.MAX_VALUE - 8, 1.1 * expectedNewStates(depth)));
                Level next;
                Committer committer;
                try {
                    if (disk == null) {
                        seen.reserve(Math.min(expectedNewStates(depth), config.maxStates() - seen.size()));
                    }
                    next = new Level(!last || disk != null, countOnly, room);
                    spillFrom = 0;
                    committer = expandLevel(pool, depth, cur, next, progress, t0);
                    cur.fp = null;
                    if (disk != null) {
                        spill(next);
                        java.util.BitSet dropped = next.dropped;
                        if (!dropped.isEmpty()) {
                            next.keep(cur, i -> !dropped.get(i));
                            dropped.clear();
                        }
                        if (last) {
                            next.fp = null;
                        }
                    }
                    next.trim();
                } catch (OutOfMemoryError oom) {
                    complete = false;
                    stopped = outOfMemory(depth);
                    break;
                } catch (DiskFingerprints.SpillFailure f) {
                    complete = false;
                    stopped = f.getMessage();
                    break;
                }
                if (config.shards() > 1 && splitLevel < 0
                        && (next.states() >= SPLIT_STATES_PER_SHARD * config.shards() || last)) {
                    splitLevel = depth + 1;
                    int n = config.shards();
                    int r = config.shard() - 1;
                    next.keep(cur, i -> i % n == r);
                }
                long levelTransitions = 0;
                for (Chunk c : committer.committedChunks) {
                    levelTransitions += c.transitions;
                    reused += c.reused;
                    copies += c.copies;
                }
                transitions += levelTransitions;
                levels.add(next);
                reached = depth + 1;
                stats.add(new ExploreResult.LevelStats(depth + 1, next.states(), levelTransitions));
                for (Chunk c : committer.committedChunks) {
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
                    progress.update(depth + 1, stored(), transitions, System.nanoTime() - t0);
                }
                if (committer.cut) {
                    complete = false;
                    stopped = "the state limit (" + config.maxStates() + ") was reached";
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
            if (disk != null) {
                disk.close();
            }
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
            states += l.states();
            levelBytes += l.bytes();
        }
        List<String> skipped = new ArrayList<>(skippedEngines);
        return new ExploreResult(config.depth(), reached, states, transitions, complete, stopped,
                elapsed / 1_000_000, states * 1e9 / Math.max(1, elapsed), stats, violations, skipped,
                unmerged, config.shard(), config.shards(), splitLevel, seen.bytes(), levelBytes, reused, copies,
                config.workers(), serialNanos / 1_000_000,
                disk == null ? null : new ExploreResult.Spill(disk.dir().toString(), disk.count(), disk.merges(),
                        disk.peakBytes(), disk.millis()));
    }

    /**
     * Before a level is made while spilling: every fingerprint so far goes to disk, and the set is capped at
     * what the heap holds beside the levels ({@link #spillCapacity}). Returns why the level cannot be made,
     * or null.
     */
    private String startSpilledLevel(int depth, Level cur, long levelBytes, boolean countOnly) {
        long capacity = forcedSpillCapacity > 0 ? forcedSpillCapacity
                : spillCapacity(cur.size, previousSize(depth), levelBytes, maxHeap, countOnly);
        if (capacity < MIN_SPILL_CAPACITY && forcedSpillCapacity == 0) {
            return String.format(Locale.ROOT, "not enough memory for programs of %d statements, even with the"
                    + " fingerprints on disk (%,d MB of heap; give the JVM more, e.g. STACKCHECK_JAVA_OPTS=-Xmx12g)",
                    depth + 1, maxHeap >> 20);
        }
        try {
            spill(null); // the heap is for the next level
            seen.cap(capacity);
            return null;
        } catch (DiskFingerprints.SpillFailure f) {
            return f.getMessage();
        } catch (OutOfMemoryError oom) {
            return outOfMemory(depth);
        }
    }

    private static String outOfMemory(int depth) {
        return "out of memory exploring programs of " + (depth + 1) + " statements (give the JVM more heap, e.g."
                + " STACKCHECK_JAVA_OPTS=-Xmx12g, or set --max-states)";
    }

    /**
     * Distinct states stored so far, in the heap and on disk (counting twice a state taken for new since the
     * last spill and found on disk at the next).
     */
    private long stored() {
        return seen.size() + (disk == null ? 0 : disk.count());
    }

    /**
     * Moves the heap's fingerprints to disk. The states of {@code next} (may be null) added since the last
     * spill whose fingerprint the disk already held were not new after all: a count-only level forgets
     * them, another marks them {@link Level#dropped} for removal once it is made. Returns how many.
     */
    private long spill(Level next) {
        long[] dups = disk.merge(seen);
        if (next != null) {
            if (next.countOnly()) {
                next.count -= dups.length;
            } else if (dups.length > 0) {
                Arrays.sort(dups); // from unsigned to signed order: two sorted runs, merged
                for (int i = spillFrom; i < next.size; i++) {
                    if (Arrays.binarySearch(dups, next.fp[i]) >= 0) {
                        next.dropped.set(i);
                    }
                }
            }
            spillFrom = next.size;
        }
        return dups.length;
    }

    /** The fewest fingerprints worth keeping in the heap between spills. */
    static final long MIN_SPILL_CAPACITY = 1 << 20;

    /**
     * How many fingerprints the heap ({@code maxHeap} bytes for stored states) can hold between spills while
     * the level after one of {@code cur} states (after {@code prev}) is made, beside the levels'
     * {@code levelBytes}: an eighth of it is left free, the next level takes its statement and fingerprint
     * (10 bytes a state of the room it is made with: a tenth more than the growth of the last level) unless
     * it is {@code countOnly}, and the current level its child counts (2 bytes a state).
     */
    static long spillCapacity(long cur, long prev, long levelBytes, long maxHeap, boolean countOnly) {
        long next = countOnly ? 0 : 10 * (long) (1.1 * cur * cur / prev) + 2 * cur;
        long free = maxHeap - maxHeap / 8 - levelBytes - next;
        return (long) (free / 8 * FingerprintSet.MAX_LOAD);
    }

    /**
     * Heap bytes a new state needs at the peak of making its level: its fingerprint in the set (13.3 at
     * the set's lowest load), its statement (2, and 3 more while the level's array grows by half), its
     * parent's child count, and a margin for the candidates waiting in chunks.
     */
    static final long BYTES_PER_NEW_STATE = 24;

    /** The same for a count-only level: its fingerprint, and a margin for the candidates in chunks. */
    static final long BYTES_PER_COUNTED_STATE = 16;

    /**
     * The new states level {@code depth + 1} should bring, by the growth from the level before (not
     * rounded up, so the fingerprint set is not made emptier than it will be): what
     * {@link FingerprintSet#reserve} makes room for.
     */
    private long expectedNewStates(int depth) {
        long cur = levels.get(depth).size;
        return (long) ((double) cur * cur / previousSize(depth));
    }

    /** The size of the level before {@code depth} (1 before the root), at least 1. */
    private long previousSize(int depth) {
        return depth == 0 ? 1 : Math.max(1, levels.get(depth - 1).size);
    }

    /**
     * Why the next level, {@code depth + 1}, would not fit in a heap of {@code maxHeap} bytes when
     * {@code live} bytes are taken: its size is estimated from the growth of the last level ({@code cur}
     * states, after {@code prev}), rounded up, at {@code bytesPerState} a state ({@link #BYTES_PER_NEW_STATE},
     * 8 more when its fingerprints are kept for the level after, {@link #BYTES_PER_COUNTED_STATE} for a
     * count-only level). Null when it should fit.
     */
    static String memoryShortage(int depth, long cur, long prev, long live, long maxHeap, long bytesPerState) {
        long estimate = cur * Math.max(1, (cur + prev - 1) / prev);
        long need = estimate * bytesPerState;
        if (live + need > maxHeap) {
            return String.format(Locale.ROOT, "not enough memory for programs of %d statements (about %,d new"
                    + " states, %,d MB needed, %,d MB of heap; give the JVM more, e.g."
                    + " STACKCHECK_JAVA_OPTS=-Xmx12g)", depth + 1, estimate, (live + need) >> 20, maxHeap >> 20);
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

    /** Chunks a worker may run ahead of the last committed one: bounds the candidates waiting in memory. */
    private static final int WINDOW_PER_WORKER = 8;

    /**
     * Expands every state of level {@code depth} in chunks taken in order by the workers, committing each
     * into {@code next} in order as soon as the chunks before it are (see {@link Committer}).
     */
    private Committer expandLevel(ExecutorService pool, int depth, Level cur, Level next, Progress progress,
                                  long t0) {
        int n = cur.size;
        int w = config.workers();
        int size = (int) Math.max(1, Math.min(4096, (n + 16L * w - 1) / (16L * w)));
        int count = (n + size - 1) / size;
        if (!next.countOnly()) {
            cur.startKids();
        }
        Committer committer = new Committer(cur, next, count, config.maxStates() - stored());
        AtomicInteger taken = new AtomicInteger();
        int window = WINDOW_PER_WORKER * w;
        List<Future<?>> futures = new ArrayList<>();
        for (int k = 0; k < w; k++) {
            futures.add(pool.submit(() -> {
                try {
                    while (!committer.aborted) {
                        int c = taken.getAndIncrement();
                        if (c >= count) {
                            return;
                        }
                        while (c - committer.committed > window && !committer.aborted) {
                            committer.tryCommit(); // the chunk awaited may still be expanding elsewhere
                            LockSupport.parkNanos(50_000);
                        }
                        int a = c * size;
                        Chunk chunk = expandChunk(depth, new Chunk(a, Math.min(n, a + size)));
                        committer.finished.set(c, chunk);
                        committer.tryCommit();
                    }
                } catch (RuntimeException | Error e) {
                    committer.aborted = true; // the others stop waiting for a chunk that will never come
                    throw e;
                }
            }));
        }
        await(futures, tickMillis, () -> {
            if (progress != null) {
                progress.update(depth, stored(), liveTransitions.get(), System.nanoTime() - t0);
            }
        });
        while (committer.committed < count) {
            committer.tryCommit();
        }
        committer.settle();
        if (!next.countOnly()) {
            cur.mark(n, next.size);
        }
        return committer;
    }

    /** Waits for every future (calling {@code tick} about every {@code tickMillis}), then rethrows the first failure. */
    static void await(List<? extends Future<?>> futures, long tickMillis, Runnable tick) {
        Throwable failure = null;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get(tickMillis, TimeUnit.MILLISECONDS);
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

    /** The statement numbers of the program of state {@code index} of level {@code depth}. */
    private void path(int depth, int index, int[] out) {
        System.arraycopy(new Cursor(depth, index).path, 0, out, 0, depth);
    }

    /** Runs statement {@code id} on {@code s}, first skipping the lanes that refuse its layout. */
    List<LockStep.Failure> apply(LockStep s, int id) {
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
        LockStep[] stack = new LockStep[depth + 1];
        stack[0] = root;
        int valid = 0;
        Cursor here = new Cursor(depth, chunk.from); // a chunk is never empty
        Cursor next = new Cursor(depth, chunk.from);
        long pending = 0;
        long transitions = 0;
        long reused = 0;
        long copies = 0;
        // the successors of one state, tried first and looked up together (see below)
        int maxLegal = alphabet.maxLegal();
        LockStep[] pool = new LockStep[maxLegal];
        LockStep[] succ = new LockStep[maxLegal];
        long[] succFp = new long[maxLegal];
        int[] succOp = new int[maxLegal];
        boolean[] known = new boolean[maxLegal];
        @SuppressWarnings("unchecked")
        List<LockStep.Failure>[] succFailures = new List[maxLegal];
        int[] chainFrom = new int[maxLegal];
        int[] chainTo = new int[maxLegal];
        int[] chains = new int[4 * maxLegal];
        for (int i = chunk.from; i < chunk.to; i++) {
            Cursor t = here;
            here = next;
            next = t;
            int[] path = here.path;
            int[] at = here.at;
            // the next state shares the first `keep` statements: the states after more are not needed again
            int keep = 0;
            if (i + 1 < chunk.to) { // so depth > 0: level 0 is the root alone
                next.copyFrom(here);
                next.advance(depth);
                while (next.path[keep] == path[keep]) { // two states of a level differ in some statement
                    keep++;
                }
            }
            // stack[0..valid] hold the states along the part of this program the last one shared
            for (int k = valid; k < depth; k++) {
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
            }
            LockStep state = stack[depth];
            // the state's own object may serve its last successor: the next state never shares it
            boolean consumable = depth > 0;
            valid = keep;
            if (state.activeCount() == 0) {
                continue;
            }
            int n = alphabet.legal(state.spec(), ops);
            long fpState = levels.get(depth).fp[i];
            // First every successor is made and fingerprinted, each on its own recycled copy; then their
            // fingerprints are looked up in one loop, so that the set's cache misses overlap instead of
            // coming one per transition; then each is settled in statement order, as one at a time would.
            LockStep w = null;
            int m = 0;
            int chained = 0;
            int chainStart = 0;
            for (int j = 0; j < n; j++) {
                int id = ops[j];
                if (w == null) {
                    if (consumable && j == n - 1) {
                        w = state;
                    } else {
                        pool[m] = copy(pool[m], state);
                        copies++;
                        w = pool[m];
                    }
                    chainStart = chained;
                }
                List<LockStep.Failure> failures = apply(w, id);
                transitions++;
                if (++pending == 1024) {
                    liveTransitions.addAndGet(pending);
                    pending = 0;
                }
                long fp = key(fingerprinter.of(w), depth, i, id);
                // unchanged: no lane broke (a broken lane's status is in the fingerprint), and unmerged keys never
                // equal their parent's
                if (fp == fpState) {
                    if (chained == chains.length) {
                        chains = Arrays.copyOf(chains, chained * 2);
                    }
                    chains[chained++] = id;
                    reused++;
                    continue;
                }
                succ[m] = w;
                succFp[m] = fp;
                succOp[m] = id;
                succFailures[m] = failures;
                chainFrom[m] = chainStart;
                chainTo[m] = chained;
                m++;
                w = null;
            }
            for (int k = 0; k < m; k++) {
                known[k] = seen.contains(succFp[k]);
            }
            for (int k = 0; k < m; k++) {
                LockStep v = succ[k];
                succ[k] = null;
                long fp = succFp[k];
                int id = succOp[k];
                List<LockStep.Failure> failures = succFailures[k];
                succFailures[k] = null;
                if (!known[k]) {
                    List<LockStep.Failure> more = v.verify();
                    boolean fresh = true;
                    if (!more.isEmpty()) {
                        List<LockStep.Failure> all = new ArrayList<>(failures);
                        all.addAll(more);
                        failures = all;
                        fp = key(fingerprinter.of(v), depth, i, id);
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
                    int from = chainFrom[k];
                    int to = chainTo[k];
                    chunk.found.add(new Found(i, from == to ? null : Arrays.copyOfRange(chains, from, to), id,
                            failures));
                }
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

    /** The violation of a replay's one engine, or null. */
    static Violation violationOf(RunResult r) {
        return r.violations().isEmpty() ? null : r.violations().get(0);
    }
}

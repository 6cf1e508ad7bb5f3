package dev.stackcheck.explore;

import dev.stackcheck.check.LockStep;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Printer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The check behind explore's merging: {@link Explorer} stores one state per {@link Fingerprinter
 * fingerprint}, so two states with one fingerprint must behave the same on every continuation. The audit
 * runs every program of the alphabet up to a length (one program at a time, nothing merged), keeps the
 * first state met with each fingerprint, and for each later state met with the same fingerprint runs
 * random continuations on both, statement by statement: after each, the two must again have one
 * fingerprint and must have broken the same invariants on the same lanes (per-statement and full checks).
 * A difference means the fingerprint, a fork or a restore leaves out state that influences a later step:
 * an engine keeping state outside its memory and view that it does not report in
 * {@link dev.stackcheck.engine.Forkable#hiddenState}.
 *
 * <p>Continuations draw the statement's kind first (call, ret, gc, or any other statement), then a
 * statement of that kind, so that the structural statements behind growth, shrinking and splits come
 * often. Deterministic for a given seed.
 */
public final class MergeAudit {

    /**
     * Two programs whose states had one fingerprint, a continuation after which they differ, and how.
     *
     * @param first        the program that reached the fingerprint first
     * @param second       another program reaching the same fingerprint
     * @param continuation the statements run after both
     * @param difference   what differed after the last of them
     */
    public record Finding(List<Op> first, List<Op> second, List<Op> continuation, String difference) {
        @Override
        public String toString() {
            return "states of `" + text(first) + "` and `" + text(second) + "` have one fingerprint, but after `"
                    + text(continuation) + "`: " + difference;
        }

        private static String text(List<Op> ops) {
            List<String> s = new ArrayList<>();
            for (Op op : ops) {
                s.add(Printer.statement(op));
            }
            return String.join("; ", s);
        }
    }

    /** What was audited. */
    public record Result(long programs, long pairs, long continuations, Optional<Finding> finding) {}

    private final ExploreConfig config;
    private final Explorer explorer;
    private final Alphabet alphabet;
    private final Fingerprinter fingerprinter;
    private final Random random;
    private final int continuations;
    private final int length;
    private final long maxPairs;
    private final Map<Long, Seen> first = new HashMap<>();
    private long programs;
    private long pairs;
    private long runs;
    private Finding finding;

    private record Seen(List<Op> program, LockStep state) {}

    /**
     * @param config        the engines and the alphabet; {@code config.depth()} bounds the programs whose
     *                      states are compared
     * @param continuations random continuations per pair of states
     * @param length        statements per continuation (at most)
     * @param maxPairs      stop after auditing this many pairs
     * @param seed          the continuations' seed
     */
    public MergeAudit(ExploreConfig config, int continuations, int length, long maxPairs, long seed) {
        this.config = config.withDepth(config.depth() + length);
        this.explorer = new Explorer(this.config);
        this.alphabet = this.config.alphabet();
        this.fingerprinter = new Fingerprinter(alphabet);
        this.random = new Random(seed);
        this.continuations = continuations;
        this.length = length;
        this.maxPairs = maxPairs;
    }

    /** Runs the audit up to the first difference. */
    public Result run() {
        LockStep root = LockStep.start(config.engines());
        walk(root, new ArrayList<>(), config.depth() - length);
        return new Result(programs, pairs, runs, Optional.ofNullable(finding));
    }

    private void walk(LockStep state, List<Op> program, int left) {
        programs++;
        long fp = fingerprinter.of(state);
        Seen seen = first.get(fp);
        if (seen == null) {
            first.put(fp, new Seen(List.copyOf(program), state.fork()));
        } else if (pairs < maxPairs) {
            pairs++;
            compare(seen, state, program);
        }
        if (left == 0 || finding != null || pairs >= maxPairs || state.activeCount() == 0) {
            return;
        }
        int[] ops = new int[alphabet.maxLegal()];
        int n = alphabet.legal(state.spec(), ops);
        for (int j = 0; j < n && finding == null; j++) {
            LockStep child = state.fork();
            explorer.apply(child, ops[j]);
            child.verify();
            program.add(alphabet.op(ops[j]));
            walk(child, program, left - 1);
            program.remove(program.size() - 1);
        }
    }

    private void compare(Seen seen, LockStep state, List<Op> program) {
        int[] ops = new int[alphabet.maxLegal()];
        for (int c = 0; c < continuations && finding == null; c++) {
            runs++;
            LockStep a = seen.state().fork();
            LockStep b = state.fork();
            List<Op> cont = new ArrayList<>();
            for (int k = 0; k < length; k++) {
                int n = alphabet.legal(a.spec(), ops);
                if (n == 0 || a.activeCount() == 0) {
                    break;
                }
                int id = draw(ops, n);
                cont.add(alphabet.op(id));
                Set<String> fa = broken(explorer.apply(a, id), a.verify());
                Set<String> fb = broken(explorer.apply(b, id), b.verify());
                String why = null;
                if (!fa.equals(fb)) {
                    why = "the first breaks " + fa + ", the second " + fb;
                } else if (fingerprinter.of(a) != fingerprinter.of(b)) {
                    why = "their fingerprints differ";
                }
                if (why != null) {
                    finding = new Finding(seen.program(), List.copyOf(program), cont, why);
                    return;
                }
            }
        }
    }

    /**
     * A legal statement: its kind first (call, ret, gc, other: each kind that has a statement alike), then
     * one of that kind.
     */
    private int draw(int[] ops, int n) {
        int[] count = new int[4];
        for (int j = 0; j < n; j++) {
            count[kind(alphabet.op(ops[j]))]++;
        }
        int kind = random.nextInt(4);
        while (count[kind] == 0) { // n > 0: some kind has a statement
            kind = random.nextInt(4);
        }
        int pick = random.nextInt(count[kind]);
        int j = 0;
        while (kind(alphabet.op(ops[j])) != kind || pick-- > 0) {
            j++;
        }
        return ops[j];
    }

    private static int kind(Op op) {
        if (op instanceof Op.Call) {
            return 0;
        }
        if (op instanceof Op.Ret) {
            return 1;
        }
        return op instanceof Op.Gc ? 2 : 3;
    }

    private static Set<String> broken(List<LockStep.Failure> step, List<LockStep.Failure> full) {
        Set<String> out = new HashSet<>();
        for (LockStep.Failure f : step) {
            out.add(f.engine() + " " + f.invariant().id());
        }
        for (LockStep.Failure f : full) {
            out.add(f.engine() + " " + f.invariant().id());
        }
        return out;
    }
}

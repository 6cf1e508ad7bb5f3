package dev.stackcheck.program;

import java.util.Arrays;

/**
 * Walks a program's statements in execution order, running each repeat body its count of times without
 * expanding it: the cursor holds one counter per open repeat, whatever the counts.
 *
 * <p>{@link #next()} returns the next statement to run (never a {@link Op.Repeat}) and sets
 * {@link #index()} to its preorder number.
 */
public final class Cursor {

    private final Op[] statements;
    /** for each preorder number of a repeat, the preorder number just past its body */
    private final int[] end;
    /** for each preorder number of a repeat, true when its subtree holds no plain statement (runs nothing) */
    private final boolean[] hollow;
    private int pc;
    private int[] openRepeat = new int[8];
    private long[] remaining = new long[8];
    private int open;
    private int index = -1;
    private long step = -1;

    Cursor(Program program) {
        this.statements = program.statements();
        this.end = new int[statements.length];
        this.hollow = new boolean[statements.length];
        computeEnds();
    }

    private void computeEnds() {
        // a repeat's body occupies the preorder numbers after it; its size is the size of its subtree
        for (int i = statements.length - 1; i >= 0; i--) {
            end[i] = i + 1;
            if (statements[i] instanceof Op.Repeat r) {
                int j = i + 1;
                boolean runsNothing = true;
                for (int k = 0; k < r.body().size(); k++) {
                    runsNothing &= statements[j] instanceof Op.Repeat && hollow[j];
                    j = end[j];
                }
                end[i] = j;
                hollow[i] = runsNothing;
            }
        }
    }

    /** True when another statement remains to run. */
    public boolean hasNext() {
        settle();
        return pc < statements.length;
    }

    /** The next statement to run. */
    public Op next() {
        settle();
        if (pc >= statements.length) {
            throw new java.util.NoSuchElementException();
        }
        index = pc;
        step++;
        return statements[pc++];
    }

    /** Preorder number of the statement last returned by {@link #next()}. */
    public int index() {
        return index;
    }

    /** How many statements ran before the one last returned (0 for the first). */
    public long step() {
        return step;
    }

    /** Number of repeats open now: the cursor's whole state beyond the program is O(this). */
    int openRepeats() {
        return open;
    }

    /** Enters repeats and closes finished iterations until pc stands on a plain statement or the end. */
    private void settle() {
        while (true) {
            if (open > 0 && pc == end[openRepeat[open - 1]]) {
                int r = openRepeat[open - 1];
                if (--remaining[open - 1] > 0) {
                    pc = r + 1;
                } else {
                    open--;
                    pc = end[r];
                }
                continue;
            }
            if (pc < statements.length && statements[pc] instanceof Op.Repeat rep) {
                if (hollow[pc]) {
                    // an empty body, or only repeats of empty bodies: skip it whole, however large the counts
                    pc = end[pc];
                    continue;
                }
                if (open == openRepeat.length) {
                    openRepeat = Arrays.copyOf(openRepeat, open * 2);
                    remaining = Arrays.copyOf(remaining, open * 2);
                }
                openRepeat[open] = pc;
                remaining[open] = rep.count();
                open++;
                pc++;
                continue;
            }
            return;
        }
    }
}

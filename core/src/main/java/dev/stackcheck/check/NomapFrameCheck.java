package dev.stackcheck.check;

/**
 * HYB-1: a frame without a pointer map never moves, since no engine can find the pointers in it to
 * adjust them. The check remembers the address of every live nomap frame when it is pushed and compares
 * it after every copy and in every full check; a hybrid may copy its top segment only when no nomap frame
 * is in it.
 */
final class NomapFrameCheck {

    private final Lane lane;
    private int[] frames = new int[8];
    private long[] addrs = new long[8];
    private int n;

    NomapFrameCheck(Lane lane) {
        this.lane = lane;
    }

    /** Makes this shadow equal to {@code o}'s (another lane's), reusing its arrays when big enough. */
    void copyFrom(NomapFrameCheck o) {
        if (frames.length < o.n) {
            frames = new int[o.frames.length];
            addrs = new long[o.frames.length];
        }
        System.arraycopy(o.frames, 0, frames, 0, o.n);
        System.arraycopy(o.addrs, 0, addrs, 0, o.n);
        n = o.n;
    }

    /** A nomap frame was pushed at {@code address}. */
    void afterCall(int frame, long address) {
        if (n == frames.length) {
            frames = java.util.Arrays.copyOf(frames, n * 2);
            addrs = java.util.Arrays.copyOf(addrs, n * 2);
        }
        frames[n] = frame;
        addrs[n] = address;
        n++;
    }

    /** Frames at or above {@code depth} are gone. */
    void afterRet(int depth) {
        while (n > 0 && frames[n - 1] >= depth) {
            n--;
        }
    }

    /** The youngest live frame without a pointer map, or -1. */
    int youngest() {
        return n > 0 ? frames[n - 1] : -1;
    }

    /** Every live nomap frame is where it was pushed. */
    void checkAll() {
        for (int i = 0; i < n; i++) {
            long a = lane.view().frameAddress(frames[i]);
            if (a != addrs[i]) {
                throw new Broken(Invariant.HYB_1, frames[i], "frame " + frames[i] + " ("
                        + lane.spec().layout(frames[i]).name() + ", no pointer map) moved from " + Hex.of(addrs[i])
                        + " to " + Hex.of(a) + ": its pointers cannot be adjusted");
            }
        }
    }

    /** A hybrid copied the segment whose first frame is {@code firstFrame}: no nomap frame may be in it. */
    void hybridCopy(int firstFrame) {
        if (n > 0 && frames[n - 1] >= firstFrame) {
            throw new Broken(Invariant.HYB_1, frames[n - 1], "copied the top segment (frames " + firstFrame + "..)"
                    + " although frame " + frames[n - 1] + " in it has no pointer map: it must split instead");
        }
    }
}

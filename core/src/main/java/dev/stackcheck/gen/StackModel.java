package dev.stackcheck.gen;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackView.StackSegment;
import java.util.Arrays;

/**
 * A rough model of where the reference engines would put the frames, kept by the generator only to aim
 * at edges: the room left in the current segment of a segmented stack, and in a copying stack. It never
 * decides legality and need not match any engine exactly.
 */
final class StackModel {

    private final EngineParams params;
    private long[] frameBytes = new long[64];
    /** for each frame, 1 when it is the first frame of a segment */
    private boolean[] firstInSegment = new boolean[64];
    private int depth;
    /** copying stack: bytes used by frames and the current size */
    private long used;
    private long size;
    /** segmented stack: capacity and bytes used in the current segment */
    private long[] segCapacity = new long[16];
    private long[] segUsed = new long[16];
    private int segments;

    StackModel(EngineParams params) {
        this.params = params;
        this.size = Math.max(8, params.initialStack()); // room to double from
    }

    int depth() {
        return depth;
    }

    long used() {
        return used;
    }

    /** The copying stack's size. */
    long size() {
        return size;
    }

    /** Bytes the frames below {@code d} (frames {@code [0, d)}) use. */
    long usedAt(int d) {
        long u = 0;
        for (int f = 0; f < d; f++) {
            u += frameBytes[f];
        }
        return u;
    }

    /** Bytes a frame may take and still fit in the current segment. */
    long segmentRoom() {
        if (segments == 0) {
            return params.segmentSize() - StackSegment.RECORD_BYTES - params.stackGuard();
        }
        return segCapacity[segments - 1] - segUsed[segments - 1] - params.stackGuard();
    }

    /** Bytes a frame may take and still fit in the copying stack without growing it. */
    long stackRoom() {
        return size - used - params.stackGuard();
    }

    /** Bytes a segment holds for frames (below its stack-info record). */
    long segmentCapacity() {
        return params.segmentSize() - StackSegment.RECORD_BYTES;
    }

    void call(long bytes) {
        if (depth == frameBytes.length) {
            frameBytes = Arrays.copyOf(frameBytes, depth * 2);
            firstInSegment = Arrays.copyOf(firstInSegment, depth * 2);
        }
        boolean newSegment = segments == 0 || bytes > segmentRoom();
        if (newSegment) {
            if (segments == segCapacity.length) {
                segCapacity = Arrays.copyOf(segCapacity, segments * 2);
                segUsed = Arrays.copyOf(segUsed, segments * 2);
            }
            segCapacity[segments] = Math.max(segmentCapacity(), bytes + params.stackGuard());
            segUsed[segments] = 0;
            segments++;
        }
        segUsed[segments - 1] += bytes;
        firstInSegment[depth] = newSegment;
        frameBytes[depth++] = bytes;
        while (size - used < bytes + params.stackGuard()) { // an exact fit does not grow
            size *= 2;
        }
        used += bytes;
    }

    void ret() {
        depth--;
        used -= frameBytes[depth];
        segUsed[segments - 1] -= frameBytes[depth];
        if (firstInSegment[depth]) {
            segments--;
        }
    }

    void gc() {
        if (used + params.shrinkSlack() < size / 4 && size / 2 >= params.initialStack()) {
            size /= 2;
        }
    }
}

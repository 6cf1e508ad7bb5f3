package dev.stackcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Layout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The youngest frame without a pointer map, kept by the frame table at each push instead of found by a
 * scan: after random pushes, pops, copies and restores it agrees with a scan, in the table and in a hybrid
 * engine's top segment (the frame that decides between copying and splitting).
 */
class NomapIndexTest {

    static final Layout MAP = new Layout("map", 2, new int[] {0}, false);
    static final Layout NOMAP = new Layout("nomap", 1, new int[0], true);

    static int scan(FrameTable t, int frame) {
        for (int f = frame; f >= 0; f--) {
            if (t.layout(f).nomap()) {
                return f;
            }
        }
        return -1;
    }

    static void agrees(FrameTable t) {
        for (int f = 0; f < t.depth(); f++) {
            assertEquals(scan(t, f), t.youngestNomapAtOrBelow(f), "frame " + f + " of " + t.depth());
        }
    }

    @Test
    void theFrameTableAgreesWithAScanAfterRandomPushPopCopyAndRestore() {
        Random rnd = new Random(7);
        List<FrameTable> tables = new ArrayList<>(List.of(new FrameTable()));
        int nomaps = 0;
        for (int i = 0; i < 20_000; i++) {
            FrameTable t = tables.get(rnd.nextInt(tables.size()));
            int r = rnd.nextInt(10);
            if (r < 5 || t.depth() == 0) {
                boolean nomap = rnd.nextInt(4) == 0;
                nomaps += nomap ? 1 : 0;
                t.push(0x10000 + 8L * i, nomap ? NOMAP : MAP);
            } else if (r < 8) {
                t.pop();
            } else if (r == 8 && tables.size() < 6) {
                tables.add(t.copy());
            } else {
                t.copyFrom(tables.get(rnd.nextInt(tables.size())));
            }
            agrees(t);
        }
        assertTrue(nomaps > 1000, "the walk pushed frames without maps: " + nomaps);
        for (FrameTable t : tables) {
            agrees(t);
        }
    }

    /** A hybrid engine that shows the youngest nomap frame of its top segment, and the scan it replaced. */
    static final class Probe extends HybridEngine {
        Probe(EngineParams p) {
            super(p);
        }

        int youngest() {
            return youngestNomapInTopSegment();
        }

        int scanned() {
            for (int f = depth() - 1; f >= topSegmentFirstFrame(); f--) {
                if (view().layout(f).nomap()) {
                    return f;
                }
            }
            return -1;
        }
    }

    @Test
    void aHybridTopSegmentAgreesWithAScanThroughSplitsCopiesForksAndRestores() {
        EngineParams p = new EngineParams(64, true, 32, 8, 1 << 20, 0);
        Random rnd = new Random(11);
        List<Probe> engines = new ArrayList<>();
        List<AddressSpace> memories = new ArrayList<>();
        Probe first = new Probe(p);
        AddressSpace m0 = new AddressSpace();
        first.start(m0, null);
        first.call(MAP);
        engines.add(first);
        memories.add(m0);
        int found = 0;
        int none = 0;
        for (int i = 0; i < 5_000; i++) {
            int k = rnd.nextInt(engines.size());
            Probe e = engines.get(k);
            int r = rnd.nextInt(10);
            if (r < 5 && e.depth() < 40) {
                e.call(rnd.nextInt(3) == 0 ? NOMAP : MAP);
            } else if (r < 8 && e.depth() > 1) {
                e.ret();
            } else if (r == 8) {
                e.gc();
            } else if (engines.size() < 5) {
                AddressSpace m = memories.get(k).copy();
                engines.add((Probe) e.fork(m, null));
                memories.add(m);
            } else {
                int from = rnd.nextInt(engines.size());
                memories.get(k).copyFrom(memories.get(from));
                assertTrue(e.restore(engines.get(from)));
            }
            assertEquals(e.scanned(), e.youngest(), "step " + i);
            if (e.youngest() >= 0) {
                found++;
            } else {
                none++;
            }
        }
        assertTrue(found > 500 && none > 500, "both answers were met: " + found + " / " + none);
    }
}

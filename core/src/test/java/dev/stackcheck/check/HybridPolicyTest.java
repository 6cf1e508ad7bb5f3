package dev.stackcheck.check;

import static dev.stackcheck.check.Tampered.check;
import static dev.stackcheck.check.Tampered.passes;
import static dev.stackcheck.check.Tampered.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stackcheck.engine.EngineEvent;
import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.HybridEngine;
import dev.stackcheck.memory.Region;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * CPY-2 and CPY-3 for a hybrid (Go 1.3), whose top segment is copied: when it may copy, when it must split
 * instead, how far it grows and shrinks; one broken report at a time, caught at its statement.
 */
class HybridPolicyTest {

    static final EngineParams SMALL = FaultyEnginesTest.SMALL;

    static HybridEngine hyb() {
        return new HybridEngine(SMALL);
    }

    /** SegmentCheckTest.SPLIT on a hybrid: the call of frame 7 (statement 15) copies the base to 512 bytes */
    static final String SPLIT = SegmentCheckTest.SPLIT;

    static Tampered at(int at, Consumer<Tampered> what) {
        return new Tampered(hyb()) {
            @Override
            void after(int n) {
                if (n == at) {
                    what.accept(this);
                }
            }
        };
    }

    static Region top(Tampered t) {
        var segs = t.inner.view().segments();
        return segs.get(segs.size() - 1).region();
    }

    interface CopyEdit {
        void report(EngineEvent.Copy c, EngineEvents out);
    }

    static Tampered copies(CopyEdit edit) {
        return new Tampered(hyb()) {
            @Override
            void event(EngineEvent e, int n, EngineEvents out) {
                if (e instanceof EngineEvent.Copy c) {
                    edit.report(c, out);
                } else {
                    out.event(e);
                }
            }
        };
    }

    @Test
    void referencePasses() {
        passes(SPLIT, hyb());
        passes(FaultyEnginesTest.NOMAP, hyb());
    }

    @Test
    void aFallbackWithoutANomapFrame() {
        check("CPY-2 @14 the hybrid fell back to a split, but every frame in its top segment (frames 0..) has a pointer map: it must copy", violation(SPLIT, at(15, t -> t.emit(new EngineEvent.HybridFallback(0)))));
    }

    @Test
    void aCopyAlthoughTheFrameFit() {
        check("CPY-2 @2 the hybrid copied its 256-byte top segment although frame 1 (32 bytes + guard 0) fit: 56 bytes used", violation(SPLIT, at(3, t -> {
            Region r = top(t);
            t.emit(new EngineEvent.Copy(r, r, 0, 0, true));
        })));
    }

    @Test
    void aCopyThatMovedTheWrongSpan() {
        check("CPY-2 @14 the top-segment copy moved 256 bytes, but 248 bytes were in use", violation(SPLIT, copies((c, out) -> out.event(c.grow()
                ? new EngineEvent.Copy(c.from(), c.to(), c.used() + 8, c.adjusted(), true) : c))));
    }

    @Test
    void aGrowthDuringAGc() {
        check("CPY-2 @20 the top segment grew during `gc`: only a call grows it", violation(SPLIT, at(21, t -> {
            Region r = top(t);
            t.emit(new EngineEvent.Copy(r, r, 0, 0, true));
        })));
    }

    @Test
    void aShrinkDuringASet() {
        check("CPY-3 @1 the top segment shrank during `set 0 41`: only gc shrinks it", violation(SPLIT, at(2, t -> {
            Region r = top(t);
            t.emit(new EngineEvent.Copy(r, r, 0, 0, false));
        })));
    }

    @Test
    void twoShrinksInOneGc() {
        check("CPY-3 @34 the top segment shrank twice in one gc", violation(SPLIT, copies((c, out) -> {
            out.event(c);
            if (!c.grow()) {
                out.event(c);
            }
        })));
    }

    @Test
    void aShrinkToAQuarter() {
        check("CPY-3 @34 the top segment shrank 512 -> 128 bytes, want exactly 256", violation(SPLIT, copies((c, out) -> out.event(c.grow() ? c : new EngineEvent.Copy(c.from(),
                new Region(c.to().id(), c.to().lo(), c.to().lo() + c.from().size() / 4, "segment"), c.used(),
                c.adjusted(), false)))));
    }

    @Test
    void aGcThatKeepsABigTopSegment() {
        check("CPY-3 @34 gc kept the 512-byte top segment with 120 bytes used (slack 0, segment size 256): it shrinks iff used + slack < size/4 = 128, size/2 >= segmentSize and every frame in it has a pointer map", violation(SPLIT, new HybridEngine(SMALL) {
            @Override
            protected void shrinkstack() {
            }
        }));
    }

    @Test
    void aShrinkOfASegmentWithANomapFrame() {
        String p = "frame c words=2 nomap\nframe f words=3 ptrs=1\ncall f\nrepeat 12 {\n  call f\n}\ncall c\n"
                + "gc\nret\nrepeat 12 {\n  ret\n}\nret\n";
        passes(p, hyb());
        check("CPY-3 @14 gc shrank the 512-byte top segment with 464 bytes used (slack 0, segment size 256, a frame without a pointer map in it): it shrinks iff used + slack < size/4 = 128, size/2 >= segmentSize and every frame in it has a pointer map", violation(p, at(15, t -> {
            Region r = top(t);
            t.emit(new EngineEvent.Copy(r, r, 0, 0, false));
        })));
    }

    @Test
    void aSplitWithoutAFallback() {
        check("CPY-2 @14 the hybrid split for frame 7 without a HybridFallback: a hybrid splits only when its top segment holds a frame without a pointer map, else it copies", violation(SPLIT, new HybridEngine(SMALL) {
            @Override
            protected long grow(dev.stackcheck.program.Layout layout, long spTop) {
                return depth() == 0 ? super.grow(layout, spTop) : morestack(layout);
            }
        }));
    }

    /** a frame without a pointer map that is the first frame of its segment still keeps the segment from moving */
    @Test
    void aNomapFrameFirstInItsSegment() {
        String p = "frame c words=3 nomap\nframe f words=3 ptrs=1\ncall c\nrepeat 6 {\n  call f\n}\ncall c\n"
                + "repeat 8 {\n  call f\n}\ngc\nrepeat 15 {\n  ret\n}\nret\n";
        passes(p, hyb());
        RunResult r = Runner.run(Fixtures.parse(p), java.util.List.of(Fixtures.hybrid(SMALL)),
                RunOptions.DEFAULT.withDiagrams(false));
        assertEquals(2, r.engines().get(0).coverage().hybridFallback());
    }

    /** a gc keeps a big top segment with little used when a frame in it has no pointer map, or for the slack */
    @Test
    void aGcKeepsASegmentForANomapFrameOrForTheSlack() {
        String nomap = "frame main words=3\nframe f words=3 ptrs=1\nframe c words=3 nomap\ncall main\n"
                + "repeat 9 {\n  call f\n}\nrepeat 8 {\n  ret\n}\ncall c\ngc\nret\nret\nret\n";
        passes(nomap, hyb());
        String slack = "frame main words=3\nframe f words=3 ptrs=1\ncall main\n"
                + "repeat 9 {\n  call f\n}\nrepeat 7 {\n  ret\n}\ngc\nrepeat 2 {\n  ret\n}\nret\n";
        passes(slack, new HybridEngine(SMALL.withShrinkSlack(64)));
    }
}

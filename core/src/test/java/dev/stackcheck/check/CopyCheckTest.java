package dev.stackcheck.check;

import static dev.stackcheck.check.Tampered.check;
import static dev.stackcheck.check.Tampered.passes;
import static dev.stackcheck.check.Tampered.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineEvent;
import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.HybridEngine;
import dev.stackcheck.engine.StackOverflow;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CPY-1..CPY-4 one check at a time: a copying engine whose report is broken in exactly one way, at one
 * statement, is caught at that statement by the check meant for it, with its message.
 */
class CopyCheckTest {

    static final EngineParams SMALL = FaultyEnginesTest.SMALL;

    /**
     * 32-byte frames on a 256-byte stack: frames 0..7 fill it, the ninth call (step 16) grows it to 512; the
     * gc at step 20 keeps it (320 bytes used); after the rets the gcs shrink it back to 256 (step 30).
     */
    static final String GROW = String.join("\n",
            "frame main words=3",
            "frame f words=3 ptrs=1",
            "call main",
            "set 0 41",
            "repeat 9 {",
            "  call f",
            "  addr 1 0.0",
            "}",
            "gc",
            "repeat 9 {",
            "  ret",
            "  gc",
            "}",
            "get 0",
            "ret",
            "");

    /** a frame bigger than eight times the stack: one growth to 4096 bytes */
    static final String BIG = String.join("\n",
            "frame main words=3",
            "frame big words=300",
            "call main",
            "call big",
            "set 299 1",
            "ret",
            "gc",
            "gc",
            "gc",
            "gc",
            "ret",
            "");

    static CopyingEngine copy() {
        return new CopyingEngine(SMALL);
    }

    static Region stackOf(Tampered t) {
        return t.inner.view().segments().get(0).region();
    }

    /** a tampered copying engine that claims other parameters than it runs with */
    static Tampered claiming(EngineParams claimed) {
        return new Tampered(copy()) {
            @Override
            public EngineParams params() {
                return claimed;
            }
        };
    }

    static void assertStartMessage(String message, Violation v) {
        assertEquals(-1, v.statement(), v::summary);
        assertEquals(message, v.message(), v::summary);
    }

    @Test
    void referencePasses() {
        passes(GROW, copy());
        passes(BIG, copy());
    }

    /** a tampered engine whose view, from statement {@code at} on, reports other frame addresses */
    static Tampered moving(int at, int frame, long by) {
        return new Tampered(copy()) {
            @Override
            StackView view(StackView real, int n) {
                return n < at ? real : new Edit(real) {
                    @Override
                    public long frameAddress(int f) {
                        return real.frameAddress(f) + (f == frame ? by : 0);
                    }
                };
            }
        };
    }

    /** a tampered engine whose view, at statement {@code at}, reports this segment list */
    interface Segs {
        List<StackView.StackSegment> of(StackView.StackSegment real);
    }

    static Tampered segments(int at, Segs segs) {
        return new Tampered(copy()) {
            @Override
            StackView view(StackView real, int n) {
                return n != at ? real : new Edit(real) {
                    @Override
                    public List<StackSegment> segments() {
                        return segs.of(real.segments().get(0));
                    }
                };
            }
        };
    }

    /** a tampered engine that rewrites the Copy events it reports */
    interface CopyEdit {
        void report(EngineEvent.Copy c, EngineEvents out);
    }

    static Tampered copies(CopyEdit edit) {
        return new Tampered(copy()) {
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
    void startedWithTwoRegions() {
        Violation v = violation(GROW, segments(0, s -> List.of(s, s)));
        assertStartMessage("a copying stack is one region, but after start the view lists 2", v);
    }

    @Test
    void startedWithAnotherSize() {
        assertStartMessage("the new stack is 256 bytes, want initialStack = 512",
                violation(GROW, claiming(SMALL.withInitialStack(512))));
    }

    @Test
    void callNotAdjacent() {
        check("CPY-1 @2 frame 1 (32 bytes) at 0x100b8 is not adjacent to frame 0 at 0x100e0: want 0x100c0", violation(GROW, moving(3, 1, -8)));
    }

    @Test
    void callBelowTheGuard() {
        check("CPY-2 @12 frame 6 at 0x10020 lies below lo + guard = 0x10040 of the 256-byte stack stack #0 [0x10000, 0x10100): the stack should have grown", violation(GROW, claiming(SMALL.withStackGuard(64))));
    }

    @Test
    void frameZeroBelowTheGuard() {
        check("CPY-2 @0 frame 0 at 0x100e0 lies below lo + guard = 0x100f0 of the 256-byte stack", violation(GROW, claiming(SMALL.withStackGuard(240))));
    }

    /**
     * The largest guard the engines accept, initialStack/2 (segmentSize/2 for a hybrid) with no slack: the
     * stack grows past it and every gc that must halve it (CPY-3) leaves the top frame above lo + guard (CPY-2).
     * (A 200-byte guard on the 256-byte stack broke CPY-2 right after a shrink; the engines now reject it.)
     */
    @Test
    void theLargestGuardSurvivesEveryShrink() {
        RunResult r = Runner.run(Fixtures.parse(GROW), List.of(Fixtures.copying(SMALL.withStackGuard(128)),
                Fixtures.hybrid(SMALL.withStackGuard(128))), RunOptions.DEFAULT);
        assertEquals("ok", r.verdict(), () -> r.violations().toString());
        CopyingEngine e = new CopyingEngine(SMALL.withStackGuard(128));
        Tampered.passes(GROW, new Tampered(e));
        assertTrue(e.stats().shrinks() > 0, "the run shrinks");
        HybridEngine h = new HybridEngine(SMALL.withStackGuard(128));
        Tampered.passes(GROW, h);
        assertTrue(h.stats().shrinks() > 0, "the hybrid run shrinks");
    }

    @Test
    void growDuringGc() {
        check("CPY-2 @20 the stack grew during `gc`: only a call grows it", violation(GROW, new Tampered(copy()) {
            @Override
            void after(int n) {
                if (n == 21) {
                    Region s = stackOf(this);
                    emit(new EngineEvent.Copy(s, s, 0, 0, true));
                }
            }
        }));
    }

    @Test
    void shrinkDuringSet() {
        check("CPY-3 @1 the stack shrank during `set 0 41`: only gc shrinks it", violation(GROW, new Tampered(copy()) {
            @Override
            void after(int n) {
                if (n == 2) {
                    Region s = stackOf(this);
                    emit(new EngineEvent.Copy(s, s, 0, 0, false));
                }
            }
        }));
    }

    @Test
    void growTwice() {
        check("CPY-2 @16 the stack grew twice in one call: newstack doubles until the frame fits, then copies once", violation(GROW, copies((c, out) -> {
            out.event(c);
            if (c.grow()) {
                out.event(c);
            }
        })));
    }

    @Test
    void shrinkTwice() {
        check("CPY-3 @34 the stack shrank twice in one gc", violation(GROW, copies((c, out) -> {
            out.event(c);
            if (!c.grow()) {
                out.event(c);
            }
        })));
    }

    @Test
    void growFromAnotherRegion() {
        check("CPY-1 @16 grew by copying stack #1 [0x12000, 0x12200), but the stack was stack #0 [0x10000, 0x10100)", violation(GROW, copies((c, out) -> out.event(
                c.grow() ? new EngineEvent.Copy(c.to(), c.to(), c.used(), c.adjusted(), true) : c))));
    }

    @Test
    void growAlthoughItFit() {
        check("CPY-2 @2 grew the 256-byte stack although frame 1 (32 bytes + guard 0) fit: 32 bytes used", violation(GROW, new Tampered(copy()) {
            @Override
            void after(int n) {
                if (n == 3) {
                    Region s = stackOf(this);
                    emit(new EngineEvent.Copy(s, s, 0, 0, true));
                }
            }
        }));
    }

    @Test
    void growPastTheLimit() {
        check("CPY-4 @16 grew the stack to 512 bytes, past the 256-byte limit: that is a stack overflow", violation(GROW, claiming(SMALL.withMaxStack(256))));
    }

    @Test
    void growTooLittleForAFrameThatNeedsMoreThanTheLimit() {
        check("CPY-4 @1 frame 1 needs a 4096-byte stack, past the 1000-byte limit, but the engine grew to 512 instead of overflowing", violation(BIG, new Tampered(copy()) {
            @Override
            public EngineParams params() {
                return SMALL.withMaxStack(1000);
            }

            @Override
            void event(EngineEvent e, int n, EngineEvents out) {
                if (e instanceof EngineEvent.Copy c) {
                    Region small = new Region(c.to().id(), c.to().hi() - 512, c.to().hi(), "stack");
                    out.event(new EngineEvent.Copy(c.from(), small, c.used(), c.adjusted(), true));
                } else {
                    out.event(e);
                }
            }
        }));
    }

    @Test
    void growToAnotherSize() {
        check("CPY-2 @16 grew 256 -> 1024 bytes with 256 used for a 32-byte frame (guard 0), want 512: the smallest power-of-two multiple with newsize - used >= frame + guard", violation(GROW, copies((c, out) -> out.event(c.grow() ? new EngineEvent.Copy(c.from(),
                new Region(c.to().id(), c.to().lo() - 512, c.to().hi(), "stack"), c.used(), c.adjusted(), true) : c))));
    }

    @Test
    void growCopiesTheWrongSpan() {
        check("CPY-2 @16 the growth copy moved 264 bytes, but 256 bytes were in use", violation(GROW, copies((c, out) -> out.event(c.grow()
                ? new EngineEvent.Copy(c.from(), c.to(), c.used() + 8, c.adjusted(), true) : c))));
    }

    @Test
    void growKeepsTheOldStack() {
        check("LEAK-1 @16 the copy left the old stack stack #0 [0x10000, 0x10100) live", violation(GROW, new CopyingEngine(SMALL) {
            @Override
            protected void stackfree(Region old) {
            }
        }));
    }

    @Test
    void shrinkFromAnotherRegion() {
        check("CPY-1 @34 shrank by copying stack #2 [0x14000, 0x14100), but the stack was stack #1 [0x12000, 0x12200)", violation(GROW, copies((c, out) -> out.event(
                !c.grow() ? new EngineEvent.Copy(c.to(), c.to(), c.used(), c.adjusted(), false) : c))));
    }

    @Test
    void growthMiscountsItsPointers() {
        check("PTR-3 @16 the growth copy stack #0 [0x10000, 0x10100) -> stack #1 [0x12000, 0x12200) reports 8 pointers"
                + " adjusted, but the specification places 7 in the moved frames [0, 9) (reference slots pointing into them,"
                + " and defer records)", violation(GROW, copies((c, out) -> out.event(c.grow()
                ? new EngineEvent.Copy(c.from(), c.to(), c.used(), c.adjusted() + 1, true) : c))));
    }

    @Test
    void shrinkMiscountsItsPointers() {
        check("PTR-3 @34 the shrink stack #1 [0x12000, 0x12200) -> stack #2 [0x14000, 0x14100) reports 3 pointers"
                + " adjusted, but the specification places 2 in the moved frames [0, 3) (reference slots pointing into them,"
                + " and defer records)", violation(GROW, copies((c, out) -> out.event(!c.grow()
                ? new EngineEvent.Copy(c.from(), c.to(), c.used(), c.adjusted() + 1, false) : c))));
    }

    @Test
    void shrinkToAQuarter() {
        check("CPY-3 @34 shrank 512 -> 128 bytes, want exactly 256: a shrink halves", violation(GROW, copies((c, out) -> out.event(!c.grow() ? new EngineEvent.Copy(c.from(),
                new Region(c.to().id(), c.to().hi() - 128, c.to().hi(), "stack"), c.used(), c.adjusted(), false)
                : c))));
    }

    @Test
    void shrinkCopiesTheWrongSpan() {
        check("CPY-3 @34 the shrinking copy moved 88 bytes, but 96 bytes were in use", violation(GROW, copies((c, out) -> out.event(!c.grow()
                ? new EngineEvent.Copy(c.from(), c.to(), c.used() - 8, c.adjusted(), false) : c))));
    }

    @Test
    void shrinkKeepsTheOldStack() {
        check("LEAK-1 @34 the copy left the old stack stack #1 [0x12000, 0x12200) live", violation(GROW, new CopyingEngine(SMALL) {
            boolean grown;

            @Override
            protected void stackfree(Region old) {
                if (grown) {
                    return;
                }
                grown = true;
                super.stackfree(old);
            }
        }));
    }

    @Test
    void shrinkWithAQuarterUsed() {
        check("CPY-3 @32 shrank the 512-byte stack with 128 bytes used (slack 0, initial 256): it shrinks only when used + slack < size/4 = 128 and size/2 >= initial", violation(GROW, new CopyingEngine(SMALL) {
            @Override
            protected boolean shouldShrink(long size, long used) {
                return size / 2 >= SMALL.initialStack() && used <= size / 4;
            }
        }));
    }

    @Test
    void overflowAtGc() {
        check("CPY-4 @20 stack overflow during `gc`: only a call can overflow", violation(GROW, new Tampered(copy()) {
            @Override
            public void gc() {
                throw new StackOverflow(SMALL.maxStack(), 0);
            }
        }));
    }

    @Test
    void overflowAtACallThatFits() {
        check("CPY-4 @2 stack overflow at a call whose frame (32 bytes + guard 0) fits in the 256-byte stack with 32 bytes used", violation(GROW, new Tampered(copy()) {
            @Override
            public void call(Layout layout) {
                if (n == 2) {
                    throw new StackOverflow(SMALL.maxStack(), 0);
                }
                super.call(layout);
            }
        }));
    }

    @Test
    void overflowWithinTheLimit() {
        check("CPY-4 @16 stack overflow at a call that needs a 512-byte stack, within the 1000000000-byte limit", violation(GROW, new CopyingEngine(SMALL) {
            @Override
            protected boolean exceedsMaxStack(long size) {
                return size > 256;
            }
        }));
    }

    @Test
    void overflowWithAnotherMessage() {
        check("CPY-4 @16 the overflow says \"stack overflow: goroutine stack exceeds 1000-byte limit\", Go says \"stack overflow: goroutine stack exceeds 256-byte limit\"", violation(GROW, new Tampered(new CopyingEngine(SMALL.withMaxStack(256))) {
            @Override
            public void call(Layout layout) {
                try {
                    super.call(layout);
                } catch (StackOverflow so) {
                    throw new StackOverflow(1000, 0);
                }
            }
        }));
    }

    @Test
    void fullWithTwoRegions() {
        check("CPY-1 @0 a copying stack is one region, but the view lists 2", violation(GROW, segments(1, s -> List.of(s, s))));
    }

    @Test
    void fullWithARecord() {
        check("CPY-1 @0 a copying stack keeps no record, but the view has one at 0x100e8", violation(GROW, segments(1, s -> List.of(new StackView.StackSegment(s.region(), 0, 1,
                s.region().hi() - 24)))));
    }

    @Test
    void fullWithTooFewFrames() {
        check("CPY-1 @0 the stack holds frames [0, 0), want [0, 1)", violation(GROW, segments(1, s -> List.of(new StackView.StackSegment(s.region(), 0, 0, -1)))));
    }

    @Test
    void fullWithFramesFromOne() {
        check("CPY-1 @0 the stack holds frames [1, 1), want [0, 1)", violation(GROW, segments(1, s -> List.of(new StackView.StackSegment(s.region(), 1, 1, -1)))));
    }

    @Test
    void fullWithAFreedStack() {
        check("CPY-1 @16 the stack stack #0 [0x10000, 0x10100) is freed memory", violation(GROW, new Tampered(copy()) {
            Region old;

            @Override
            void event(EngineEvent e, int n, EngineEvents out) {
                if (e instanceof EngineEvent.Copy c) {
                    old = c.from();
                }
                out.event(e);
            }

            @Override
            StackView view(StackView real, int n) {
                return old == null ? real : new Edit(real) {
                    @Override
                    public List<StackSegment> segments() {
                        return List.of(new StackSegment(old, 0, real.depth(), -1));
                    }
                };
            }
        }));
    }

    @Test
    void fullWithAnotherStackAndNoCopy() {
        check("CPY-1 @2 the stack is stack #1 [0x12000, 0x12100), but it was stack #0 [0x10000, 0x10100) and no copy was reported", violation("frame main words=1\ncall main\nset 0 1\n", new Tampered(copy()) {
            Region other;

            @Override
            void after(int n) {
                if (n == 2) {
                    other = memory.allocate(256, "stack");
                }
            }

            @Override
            StackView view(StackView real, int n) {
                return other == null ? real : new Edit(real) {
                    @Override
                    public List<StackSegment> segments() {
                        return List.of(new StackSegment(other, 0, real.depth(), -1));
                    }
                };
            }
        }));
    }

    @Test
    void fullPastTheLimit() {
        check("CPY-4 @0 the stack is 256 bytes, past the 128-byte limit", violation(GROW, claiming(SMALL.withMaxStack(128))));
    }

    @Test
    void fullFrameZeroNotAtTheTop() {
        check("CPY-1 @0 frame 0 sits at 0x100d8, want the very top of the stack: hi - 32 = 0x100e0", violation(GROW, moving(1, 0, -8)));
    }

    @Test
    void fullFrameNotAdjacentAfterAGrowth() {
        check("CPY-1 @16 frame 3 (32 bytes) at 0x12188 is not adjacent to frame 2 at 0x121a0: want 0x12180", violation(GROW, new Tampered(copy()) {
            @Override
            StackView view(StackView real, int n) {
                return n != 17 ? real : new Edit(real) {
                    @Override
                    public long frameAddress(int f) {
                        return real.frameAddress(f) + (f == 3 ? 8 : 0);
                    }
                };
            }
        }));
    }

    @Test
    void fullReturnWord() {
        check("SEG-3 @16 frame 2 (f) at 0x121a0 returns into 0x1234, want RETURN_PC", violation(GROW, new Tampered(copy()) {
            @Override
            void after(int n) {
                if (n == 17) {
                    memory.write(inner.view().frameAddress(2) + 24, 0x1234);
                }
            }
        }));
    }

    @Test
    void fullReturnWordOfFrameZero() {
        check("SEG-3 @0 frame 0 (main) at 0x100e0 returns into 0x1234, want GOEXIT_PC", violation(GROW, new Tampered(copy()) {
            @Override
            void after(int n) {
                if (n == 1) {
                    memory.write(inner.view().frameAddress(0) + 24, 0x1234);
                }
            }
        }));
    }

    /** a copying engine that runs with {@code real} and claims {@code claimed} */
    static Tampered runningClaiming(EngineParams real, EngineParams claimed) {
        return new Tampered(new CopyingEngine(real)) {
            @Override
            public EngineParams params() {
                return claimed;
            }
        };
    }

    /** the engine never shrinks (a huge real slack); the first gc with used < 512/4 must have halved it */
    @Test
    void gcKeepsAStackItMustShrink() {
        check("CPY-3 @34 gc kept the 512-byte stack with 96 bytes used (slack 0): used + slack < size/4 = 128 and size/2 >= initial 256, so it must shrink to 256", violation(GROW, runningClaiming(SMALL.withShrinkSlack(1000), SMALL)));
    }

    /** an engine with an 8-byte guard claiming none grows for frame 7, which fits exactly without the guard */
    @Test
    void growForAFrameThatFitsExactly() {
        check("CPY-2 @14 grew the 256-byte stack although frame 7 (32 bytes + guard 0) fit: 224 bytes used", violation(GROW, runningClaiming(SMALL.withStackGuard(8), SMALL)));
    }

    /** the same engine limited to 256 bytes overflows for that frame instead */
    @Test
    void overflowForAFrameThatFitsExactly() {
        check("CPY-4 @14 stack overflow at a call whose frame (32 bytes + guard 0) fits in the 256-byte stack with 224 bytes used", violation(GROW, runningClaiming(SMALL.withStackGuard(8).withMaxStack(256), SMALL.withMaxStack(256))));
    }

    /** an overflow where the frame fits without the guard, but not with it, is right */
    @Test
    void overflowForAFrameOnlyTheGuardPushesOut() {
        RunResult r = Runner.run(Fixtures.parse(GROW), List.of(Fixtures.copying(SMALL.withStackGuard(8).withMaxStack(256))),
                RunOptions.DEFAULT);
        assertEquals("ok", r.verdict(), () -> r.violations().toString());
        assertEquals("stack overflow: goroutine stack exceeds 256-byte limit", r.engines().get(0).overflow());
    }

    /** the frames the checks blame (the diagrams' focus): the top frame */
    @Test
    void theBlamedFrames() {
        Tampered.checkFrame("CPY-4 frame 9: stack overflow during `gc`: only a call can overflow", GROW, new Tampered(copy()) {
            @Override
            public void gc() {
                throw new StackOverflow(SMALL.maxStack(), 0);
            }
        });
    }

    /** the sizes of the growth copies a reference copying engine makes running {@code program} (it passes) */
    static List<Long> growths(String program) {
        List<Long> sizes = new java.util.ArrayList<>();
        passes(program, new Tampered(copy()) {
            @Override
            void event(EngineEvent ev, int n, EngineEvents out) {
                if (ev instanceof EngineEvent.Copy c && c.grow()) {
                    sizes.add(c.to().size());
                }
                out.event(ev);
            }
        });
        return sizes;
    }

    /** 224 bytes used; a 288-byte frame fits exactly after one doubling, a 400-byte one needs two */
    @Test
    void growthToTheSmallestSizeThatFits() {
        String exact = "frame main words=3\nframe f words=3\nframe big words=35\ncall main\nrepeat 6 {\n  call f\n}\n"
                + "call big\nret\nret\n";
        assertEquals(List.of(512L), growths(exact));
        assertEquals(List.of(1024L), growths(exact.replace("words=35", "words=49")));
    }

    /** a hybrid with an 8-byte guard claiming none copies for frame 6, which fits exactly without the guard */
    @Test
    void hybridCopyForAFrameThatFitsExactly() {
        String p = "frame main words=4\nframe f words=3 ptrs=1\ncall main\nrepeat 7 {\n  call f\n}\n";
        check("CPY-2 @6 the hybrid copied its 256-byte top segment although frame 6 (32 bytes + guard 0) fit: 224 bytes"
                + " used", violation(p, new Tampered(new HybridEngine(SMALL.withStackGuard(8))) {
            @Override
            public EngineParams params() {
                return SMALL;
            }
        }));
    }

    /** a hybrid's 512-byte top segment with exactly 128 bytes used (record included) is kept; at 96 it halves */
    @Test
    void hybridGcAtExactlyAQuarter() {
        String p = "frame main words=4\nframe f words=3 ptrs=1\ncall main\nrepeat 7 {\n  call f\n}\n"
                + "repeat 5 {\n  ret\n}\ngc\nret\ngc\nret\nret\n";
        HybridEngine h = new HybridEngine(SMALL);
        passes(p, h);
        assertEquals(1, h.stats().shrinks());
        assertEquals(1, h.stats().copies());
    }
}

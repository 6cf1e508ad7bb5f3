package dev.stackcheck.check;

import static dev.stackcheck.check.Tampered.check;
import static dev.stackcheck.check.Tampered.passes;
import static dev.stackcheck.check.Tampered.violation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stackcheck.engine.Code;
import dev.stackcheck.engine.EngineEvent;
import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.memory.Region;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * SEG-1..SEG-4 one check at a time: a segmented engine whose report is broken in exactly one way, at one
 * statement, is caught at that statement by the check meant for it, with its message.
 */
class SegmentCheckTest {

    static final EngineParams SMALL = FaultyEnginesTest.SMALL;

    /**
     * 32-byte frames in 256-byte segments (24 of them the record): frames 0..6 fill the base segment, the
     * call of frame 7 (step 14, the 15th statement) splits; frame 7 returns through lessstack at step 25 (the
     * 26th statement). The same program as {@link CopyCheckTest#GROW}, which grows a copying stack.
     */
    static final String SPLIT = CopyCheckTest.GROW;

    /** SPLIT without its returns: the run ends with ten frames live in two segments, so a full check ends it */
    static final String OPEN = String.join("\n",
            "frame main words=3",
            "frame f words=3 ptrs=1",
            "call main",
            "set 0 41",
            "repeat 9 {",
            "  call f",
            "  addr 1 0.0",
            "}",
            "gc",
            "");

    static SegmentedEngine seg() {
        return new SegmentedEngine(SMALL);
    }

    /** from statement {@code at} on, frame {@code frame} is reported {@code by} bytes off */
    static Tampered moving(int at, int frame, long by) {
        return new Tampered(seg()) {
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

    /** at statement {@code at}, the segment list is edited */
    static Tampered segments(StackEngine inner, int at, UnaryOperator<List<StackSegment>> edit) {
        return new Tampered(inner) {
            @Override
            StackView view(StackView real, int n) {
                return n != at ? real : new Edit(real) {
                    @Override
                    public List<StackSegment> segments() {
                        return edit.apply(new ArrayList<>(real.segments()));
                    }
                };
            }
        };
    }

    static Tampered segments(int at, UnaryOperator<List<StackSegment>> edit) {
        return segments(seg(), at, edit);
    }

    interface EventEdit {
        void report(EngineEvent e, int n, EngineEvents out);
    }

    static Tampered events(StackEngine inner, EventEdit edit) {
        return new Tampered(inner) {
            @Override
            void event(EngineEvent e, int n, EngineEvents out) {
                edit.report(e, n, out);
            }
        };
    }

    /** after statement {@code at}, the word at {@code address(view)} is overwritten */
    interface Where {
        long address(StackView real);
    }

    static Tampered writing(int at, Where where, long value) {
        return new Tampered(seg()) {
            @Override
            void after(int n) {
                if (n == at) {
                    memory.write(where.address(inner.view()), value);
                }
            }
        };
    }

    static long record(StackView v, int k) {
        return v.segments().get(k).record();
    }

    @Test
    void referencePasses() {
        passes(SPLIT, seg());
        passes(OPEN, seg());
    }

    @Test
    void callNotAdjacent() {
        check("SEG-4 @2 frame 1 (32 bytes) at 0x100a0 is not adjacent to frame 0 at 0x100c8: want 0x100a8 (no split was reported)", violation(SPLIT, moving(3, 1, -8)));
    }

    @Test
    void callBelowTheGuard() {
        check("SEG-4 @10 frame 5 at 0x10028 lies below lo + guard = 0x10040 of segment 0 segment #0 [0x10000, 0x10100): the frame did not fit, morestack should have split", violation(SPLIT, new Tampered(seg()) {
            @Override
            public EngineParams params() {
                return SMALL.withStackGuard(64);
            }
        }));
    }

    @Test
    void retWithoutLessstack() {
        check("SEG-3 @25 frame 7, the first frame of split segment 1 segment #1 [0x12000, 0x12100), returned without going through lessstack", violation(SPLIT, events(seg(), (e, n, out) -> {
            if (!(e instanceof EngineEvent.Lessstack)) {
                out.event(e);
            }
        })));
    }

    @Test
    void splitForAnotherFrame() {
        check("SEG-4 @14 the split was for frame 8, but frame 7 is the new frame", violation(SPLIT, events(seg(), (e, n, out) -> out.event(e instanceof EngineEvent.Split s
                ? new EngineEvent.Split(s.segment(), s.frame() + 1, s.reused(), s.bigFrame()) : e))));
    }

    @Test
    void splitButTheChainDidNotGrow() {
        check("SEG-1 @14 after a split the chain has 1 segments, it had 1", violation(SPLIT, segments(15, l -> l.subList(0, 1))));
    }

    @Test
    void splitReportsAnotherSegment() {
        check("SEG-1 @14 the split reported segment #0 [0x10000, 0x10100), but the chain's top segment is segment #1 [0x12000, 0x12100)", violation(SPLIT, new Tampered(seg()) {
            @Override
            void event(EngineEvent e, int n, EngineEvents out) {
                out.event(e instanceof EngineEvent.Split s ? new EngineEvent.Split(
                        inner.view().segments().get(0).region(), s.frame(), s.reused(), s.bigFrame()) : e);
            }
        }));
    }

    @Test
    void splitOnTopOfAnotherSegment() {
        check("SEG-1 @14 the segment below the new one is segment #1 [0x12000, 0x12100), but the chain's top segment was segment #0 [0x10000, 0x10100)", violation(SPLIT, segments(15, l -> {
            l.set(0, new StackSegment(l.get(1).region(), 0, 7, l.get(0).record()));
            return l;
        })));
    }

    @Test
    void splitLeavesTheCallerInTheNewSegment() {
        check("SEG-4 @14 after the split for frame 7 the last two segments hold frames [0, 6) and [7, 8), want [.., 7) and [7, 8)", violation(SPLIT, segments(15, l -> {
            l.set(0, new StackSegment(l.get(0).region(), 0, 6, l.get(0).record()));
            return l;
        })));
    }

    @Test
    void splitStartsTheNewSegmentAtAnotherFrame() {
        check("SEG-4 @14 after the split for frame 7 the last two segments hold frames [0, 7) and [6, 8), want [.., 7) and [7, 8)", violation(SPLIT, segments(15, l -> {
            l.set(1, new StackSegment(l.get(1).region(), 6, 8, l.get(1).record()));
            return l;
        })));
    }

    @Test
    void splitEndsTheNewSegmentAtAnotherFrame() {
        check("SEG-4 @14 after the split for frame 7 the last two segments hold frames [0, 7) and [7, 9), want [.., 7) and [7, 8)", violation(SPLIT, segments(15, l -> {
            l.set(1, new StackSegment(l.get(1).region(), 7, 9, l.get(1).record()));
            return l;
        })));
    }

    @Test
    void splitIntoTheBaseSegment() {
        Tampered t = new Tampered(seg()) {
            @Override
            void event(EngineEvent e, int n, EngineEvents out) {
                out.event(e instanceof EngineEvent.Split s ? new EngineEvent.Split(
                        inner.view().segments().get(0).region(), s.frame(), s.reused(), s.bigFrame()) : e);
            }

            @Override
            StackView view(StackView real, int n) {
                return n != 15 ? real : new Edit(real) {
                    @Override
                    public List<StackSegment> segments() {
                        StackSegment base = real.segments().get(0);
                        return List.of(base, new StackSegment(base.region(), 7, 8, base.record()));
                    }
                };
            }
        };
        check("SEG-1 @14 the new segment segment #0 [0x10000, 0x10100) is already in the chain: a cycle", violation(SPLIT, t));
    }

    @Test
    void splitIntoFreedMemory() {
        Tampered t = new Tampered(seg()) {
            Region gone;

            @Override
            void event(EngineEvent e, int n, EngineEvents out) {
                if (e instanceof EngineEvent.Split s) {
                    gone = memory.allocate(256, "segment");
                    memory.free(gone);
                    out.event(new EngineEvent.Split(gone, s.frame(), s.reused(), s.bigFrame()));
                } else {
                    out.event(e);
                }
            }

            @Override
            StackView view(StackView real, int n) {
                return n != 15 ? real : new Edit(real) {
                    @Override
                    public List<StackSegment> segments() {
                        StackSegment base = real.segments().get(0);
                        return List.of(base, new StackSegment(gone, 7, 8, gone.hi() - 24));
                    }
                };
            }
        };
        check("MEM-1 @14 the new segment segment #2 [0x14000, 0x14100) is not live memory", violation(SPLIT, t));
    }

    @Test
    void splitPlacesTheFirstFrameBelowAGap() {
        check("SEG-4 @14 the first frame 7 of segment 1 sits at 0x120c0, want just below the record at 0x120e8: 0x120c8", violation(SPLIT, moving(15, 7, -8)));
    }

    @Test
    void splitFirstFrameReturnsElsewhere() {
        check("SEG-3 @14 frame 7 (f) at 0x120c8 returns into RETURN_PC, want LESSSTACK_PC (the first frame of split segment 1)", violation(SPLIT, writing(15, v -> v.frameAddress(7) + 24, Code.RETURN_PC)));
    }

    @Test
    void firstSplitWalksTheChain() {
        check("SEG-1 @14 the base segment's record at 0x100e8 holds (0x5, 0x0, 0x0), want all zero: the end of the chain", violation(SPLIT, writing(15, v -> record(v, 0), 5)));
    }

    @Test
    void baseRecordSavedSp() {
        check("SEG-1 @0 the base segment's record at 0x100e8 holds (0x0, 0x5, 0x0), want all zero: the end of the chain", violation(SPLIT, writing(1, v -> record(v, 0) + 8, 5)));
    }

    @Test
    void baseRecordReturnAddress() {
        check("SEG-1 @0 the base segment's record at 0x100e8 holds (0x0, 0x0, 0x5), want all zero: the end of the chain", violation(SPLIT, writing(1, v -> record(v, 0) + 16, 5)));
    }

    @Test
    void lessstackLeavesAnotherSegment() {
        check("SEG-1 @25 lessstack left segment #0 [0x10000, 0x10100), but the top segment was segment #1 [0x12000, 0x12100)", violation(SPLIT, new Tampered(seg()) {
            @Override
            void event(EngineEvent e, int n, EngineEvents out) {
                out.event(e instanceof EngineEvent.Lessstack ls
                        ? new EngineEvent.Lessstack(inner.view().segments().get(0).region(), ls.cached()) : e);
            }
        }));
    }

    /** a frame returns while only the base segment is live (the third statement) */
    static final String SHORT = "frame main words=3\nframe f words=3 ptrs=1\ncall main\ncall f\nret\nset 0 1\nret\n";

    static Region base(Tampered t) {
        return t.inner.view().segments().get(0).region();
    }

    @Test
    void lessstackFromTheBase() {
        check("SEG-1 @2 lessstack left segment #0 [0x10000, 0x10100), but the top segment was segment #0 [0x10000, 0x10100), the base", violation(SHORT, new Tampered(seg()) {
            @Override
            void after(int n) {
                if (n == 3) {
                    emit(new EngineEvent.Lessstack(base(this), false));
                }
            }
        }));
    }

    @Test
    void lessstackForAFrameThatIsNotFirst() {
        check("SEG-3 @21 lessstack ran when frame 9 returned, but the first frame of the top segment is 7", violation(SPLIT, new Tampered(seg()) {
            @Override
            void after(int n) {
                if (n == 22) {
                    emit(new EngineEvent.Lessstack(inner.view().segments().get(1).region(), false));
                }
            }
        }));
    }

    @Test
    void lessstackKeepsTheChain() {
        check("SEG-1 @25 after lessstack the chain has 2 segments, it had 2", violation(SPLIT, segments(26, l -> {
            l.add(l.get(0));
            return l;
        })));
    }

    @Test
    void lessstackReturnsIntoAnotherSegment() {
        Tampered t = new Tampered(seg()) {
            Region split;

            @Override
            void event(EngineEvent e, int n, EngineEvents out) {
                if (e instanceof EngineEvent.Split s) {
                    split = s.segment();
                }
                out.event(e);
            }

            @Override
            StackView view(StackView real, int n) {
                return n != 26 ? real : new Edit(real) {
                    @Override
                    public List<StackSegment> segments() {
                        StackSegment b = real.segments().get(0);
                        return List.of(new StackSegment(split, b.firstFrame(), b.endFrame(), b.record()));
                    }
                };
            }
        };
        check("SEG-1 @25 lessstack returned into segment #1 [0x12000, 0x12100), but the previous segment in the chain is segment #0 [0x10000, 0x10100)", violation(SPLIT, t));
    }

    @Test
    void lessstackLeavesTheWrongTopFrame() {
        check("SEG-4 @25 after lessstack the top segment holds frames [0, 6), want frame 6 on top", violation(SPLIT, segments(26, l -> {
            l.set(0, new StackSegment(l.get(0).region(), 0, 6, l.get(0).record()));
            return l;
        })));
    }

    @Test
    void lessstackResumesAtAnotherSp() {
        check("SEG-2 @25 lessstack resumed frame 6 at 0x10000, but the record of the segment it left saved sp 0x10008", violation(SPLIT, moving(26, 6, -8)));
    }

    @Test
    void lessstackNeitherFreesNorCaches() {
        check("LEAK-1 @25 lessstack left segment segment #1 [0x12000, 0x12100) live but neither freed nor cached", violation(SPLIT, new SegmentedEngine(SMALL) {
            @Override
            protected void stackfree(Region seg) {
            }
        }));
    }

    @Test
    void noSegment() {
        check("SEG-4 @0 the stack has no segment", violation(SPLIT, segments(1, l -> List.of())));
    }

    @Test
    void theBaseTwice() {
        check("SEG-1 @0 segment 1 segment #0 [0x10000, 0x10100) appears twice in the chain: a cycle", violation(SPLIT, segments(1, l -> List.of(l.get(0), l.get(0)))));
    }

    @Test
    void aFreedSegmentInTheChain() {
        Tampered t = new Tampered(seg()) {
            Region gone;

            @Override
            StackView view(StackView real, int n) {
                if (n != 1) {
                    return real;
                }
                if (gone == null) {
                    gone = memory.allocate(256, "segment");
                    memory.free(gone);
                }
                return new Edit(real) {
                    @Override
                    public List<StackSegment> segments() {
                        return List.of(new StackSegment(gone, 0, 1, gone.hi() - 24));
                    }
                };
            }
        };
        check("SEG-1 @0 segment 0 of the chain is segment #1 [0x12000, 0x12100), which is freed", violation(SPLIT, t));
    }

    @Test
    void aSegmentStartingAtFrameOne() {
        check("SEG-4 @0 segment 0 holds frames [1, 2), want a non-empty range starting at 0", violation(SPLIT, segments(1, l -> List.of(new StackSegment(l.get(0).region(), 1, 2,
                l.get(0).record())))));
    }

    @Test
    void anEmptySegment() {
        check("SEG-4 @0 segment 0 holds frames [0, 0), want a non-empty range starting at 0", violation(SPLIT, segments(1, l -> List.of(new StackSegment(l.get(0).region(), 0, 0,
                l.get(0).record())))));
    }

    @Test
    void segmentsHoldTooManyFrames() {
        check("SEG-4 @0 the segments hold frames [0, 2), want [0, 1)", violation(SPLIT, segments(1, l -> List.of(new StackSegment(l.get(0).region(), 0, 2,
                l.get(0).record())))));
    }

    @Test
    void theCachedSegmentIsInTheChain() {
        check("SEG-1 @0 the cached segment segment #0 [0x10000, 0x10100) is also in the chain", violation(SPLIT, new Tampered(seg()) {
            @Override
            StackView view(StackView real, int n) {
                return n != 1 ? real : new Edit(real) {
                    @Override
                    public Region cachedSegment() {
                        return real.segments().get(0).region();
                    }
                };
            }
        }));
    }

    @Test
    void theCachedSegmentIsFreed() {
        check("SEG-1 @0 the cached segment segment #1 [0x12000, 0x12100) is not live", violation(SPLIT, new Tampered(seg()) {
            Region gone;

            @Override
            StackView view(StackView real, int n) {
                if (n != 1) {
                    return real;
                }
                if (gone == null) {
                    gone = memory.allocate(256, "segment");
                    memory.free(gone);
                }
                return new Edit(real) {
                    @Override
                    public Region cachedSegment() {
                        return gone;
                    }
                };
            }
        }));
    }

    @Test
    void recordAtAnotherAddress() {
        check("SEG-2 @0 segment 0 segment #0 [0x10000, 0x10100) keeps its record at 0x100e0, want the top 24 bytes at 0x100e8", violation(SPLIT, segments(1, l -> List.of(new StackSegment(l.get(0).region(), 0, 1,
                l.get(0).record() - 8)))));
    }

    @Test
    void baseRecordLink() {
        check("SEG-1 @0 the base segment's record at 0x100e8 holds (0x5, 0x0, 0x0), want all zero: the end of the chain", violation(SPLIT, writing(1, v -> record(v, 0), 5)));
    }

    @Test
    void frameZeroBelowTheRecordGap() {
        check("SEG-4 @0 the first frame 0 of segment 0 sits at 0x100c0, want just below the record at 0x100e8: 0x100c8", violation(SPLIT, moving(1, 0, -8)));
    }

    @Test
    void aMiddleFrameOffAtTheEnd() {
        check("SEG-4 @21 frame 3 (32 bytes) at 0x10060 is not adjacent to frame 2 at 0x10088: want 0x10068", violation(OPEN, moving(21, 3, -8)));
    }

    @Test
    void frameZeroBelowTheGuard() {
        check("SEG-4 @0 frame 0 at 0x100c8 lies below lo + guard = 0x100f0 of segment 0 segment #0 [0x10000, 0x10100)", violation(SPLIT, new Tampered(seg()) {
            @Override
            public EngineParams params() {
                return SMALL.withStackGuard(240);
            }
        }));
    }

    @Test
    void frameZeroReturnsElsewhere() {
        check("SEG-3 @0 frame 0 (main) at 0x100c8 returns into RETURN_PC, want GOEXIT_PC", violation(SPLIT, writing(1, v -> v.frameAddress(0) + 24, Code.RETURN_PC)));
    }

    @Test
    void aMiddleFrameReturnsElsewhereAtTheEnd() {
        check("SEG-3 @21 frame 3 (f) at 0x10068 returns into LESSSTACK_PC, want RETURN_PC", violation(OPEN, writing(21, v -> v.frameAddress(3) + 24, Code.LESSSTACK_PC)));
    }

    // ---- a hybrid copies its top segment: frame 7 (the 15th statement) grows the base segment to 512 bytes

    static dev.stackcheck.engine.HybridEngine hyb() {
        return new dev.stackcheck.engine.HybridEngine(SMALL);
    }

    @Test
    void hybridReferencePasses() {
        passes(SPLIT, hyb());
        passes(OPEN, hyb());
    }

    @Test
    void hybridCopyMovesFramesUnreported() {
        check("SEG-4 @21 frame 0 moved from 0x100c8 to 0x121c8 with no copy: frames of a segmented stack never move", violation(OPEN, events(hyb(), (e, n, out) -> {
            if (!(e instanceof EngineEvent.Copy)) {
                out.event(e);
            }
        })));
    }

    @Test
    void hybridCopyAddsASegment() {
        check("SEG-1 @14 a copy changed the chain from 1 to 2 segments", violation(OPEN, segments(hyb(), 15, l -> List.of(l.get(0), l.get(0)))));
    }

    @Test
    void hybridCopyFromAnotherSegment() {
        check("SEG-1 @14 copied segment #1 [0x12000, 0x12200), but the top segment was segment #0 [0x10000, 0x10100)", violation(OPEN, events(hyb(), (e, n, out) -> out.event(e instanceof EngineEvent.Copy c
                ? new EngineEvent.Copy(c.to(), c.to(), c.used(), c.adjusted(), c.grow()) : e))));
    }

    @Test
    void hybridCopyToAnotherSegment() {
        check("CPY-2 @14 the hybrid grew its top segment 256 -> 256 bytes with 248 used for a 32-byte frame (guard 0), want 512", violation(OPEN, events(hyb(), (e, n, out) -> out.event(e instanceof EngineEvent.Copy c
                ? new EngineEvent.Copy(c.from(), c.from(), c.used(), c.adjusted(), c.grow()) : e))));
    }

    @Test
    void hybridCopyToAnUnlistedSegment() {
        check("SEG-1 @14 copied the top segment to segment #2 [0x14000, 0x14200), but the chain's top segment is segment #1 [0x12000, 0x12200)", violation(OPEN, new Tampered(hyb()) {
            @Override
            void event(EngineEvent e, int n, EngineEvents out) {
                out.event(e instanceof EngineEvent.Copy c ? new EngineEvent.Copy(c.from(),
                        memory.allocate(c.to().size(), "segment"), c.used(), c.adjusted(), c.grow()) : e);
            }
        }));
    }

    @Test
    void hybridCopyLosesTheTopFrame() {
        check("SEG-4 @14 the copied top segment holds frames [0, 7), want [0, 8)", violation(OPEN, segments(hyb(), 15, l -> List.of(new StackSegment(l.get(0).region(), 0, 7,
                l.get(0).record())))));
    }

    @Test
    void hybridCopyStartsAtFrameOne() {
        check("SEG-4 @14 the copied top segment holds frames [1, 8), want [0, 8)", violation(OPEN, segments(hyb(), 15, l -> List.of(new StackSegment(l.get(0).region(), 1, 8,
                l.get(0).record())))));
    }

    @Test
    void hybridCopyKeepsTheOldSegment() {
        check("LEAK-1 @14 the copy left the old segment segment #0 [0x10000, 0x10100) live", violation(OPEN, new dev.stackcheck.engine.HybridEngine(SMALL) {
            @Override
            protected Region moveTopSegment(long newsize, long used, boolean grow) {
                Region old = topSegment();
                Region neu = allocate(newsize, "segment");
                long adjusted = copystack(old, neu, used, topSegmentFirstFrame());
                replaceTopSegment(neu);
                emit(new EngineEvent.Copy(old, neu, used, adjusted, grow));
                return neu;
            }
        }));
    }

    @Test
    void hybridCopyLosesASlot() {
        check("REF-2 @14 frame 0 (main) slot 0 at 0x121c8 holds 0 (0x0), want 41", violation(OPEN, new dev.stackcheck.engine.HybridEngine(SMALL) {
            @Override
            protected long copystack(Region old, Region neu, long used, int firstFrame) {
                long adjusted = super.copystack(old, neu, used, firstFrame);
                memory().write(neu.hi() - 24 - 32, 0);
                return adjusted;
            }
        }));
    }

    @Test
    void hybridCopyForgetsTheDeferRecords() {
        check("PTR-2 @38 defer record 5 of frame 6 points at 0x100c8 (in freed segment #0), want 0x121c8 = &frame 0 slot 0", violation(FaultyEnginesTest.GENERAL, new dev.stackcheck.engine.HybridEngine(SMALL) {
            @Override
            protected long adjustdefers(Region old, long delta) {
                return 0;
            }
        }, RunOptions.DEFAULT.withSweepCredit(0).withDiagrams(false)));
    }

    @Test
    void hybridCopyReportsAnotherLayout() {
        check("REF-2 @14 frame 2 has layout main, the specification f", violation(OPEN, new Tampered(hyb()) {
            @Override
            StackView view(StackView real, int n) {
                return n != 15 ? real : new Edit(real) {
                    @Override
                    public dev.stackcheck.program.Layout layout(int frame) {
                        return frame == 2 ? real.layout(0) : real.layout(frame);
                    }
                };
            }
        }));
    }

    /** the frame retWithoutLessstack blames: the new top frame, 6 */
    @Test
    void retWithoutLessstackBlamesTheNewTopFrame() {
        Tampered.checkFrame("SEG-3 frame 6: frame 7, the first frame of split segment 1 segment #1 [0x12000, 0x12100),"
                + " returned without going through lessstack", SPLIT, events(seg(), (e, n, out) -> {
                    if (!(e instanceof EngineEvent.Lessstack)) {
                        out.event(e);
                    }
                }));
    }

    /** 150 frames in 22 segments: the shadow chain outgrows its first 16 entries (and shrinks back) */
    static final String LONG = "frame main words=3\nframe f words=3 ptrs=1\ncall main\nrepeat 150 {\n  call f\n  addr 1 0.0\n}\n"
            + "gc\nrepeat 150 {\n  ret\n}\nget 0\nret\n";

    @Test
    void aLongChainPasses() {
        passes(LONG, seg());
        passes(LONG, new SegmentedEngine(SMALL.withSegmentCache(true)));
    }

    /** a split that reuses the segment the last lessstack cached: no cycle, the popped segment left the chain */
    @Test
    void aCachedSegmentComesBack() {
        SegmentedEngine e = new SegmentedEngine(SMALL.withSegmentCache(true));
        passes("frame main words=3\nframe f words=3\ncall main\nrepeat 7 {\n  call f\n}\nret\ncall f\ncall f\n", e);
        assertEquals(1, e.stats().cacheHits());
    }

    /** the third split (frame 21, statement 22) reports segment 2, pushed by the second split, again */
    @Test
    void aSplitReportsAPushedSegmentAgain() {
        String chain = "frame main words=3\nframe f words=3\ncall main\nrepeat 25 {\n  call f\n}\n";
        Tampered t = new Tampered(seg()) {
            @Override
            void event(EngineEvent e, int n, EngineEvents out) {
                out.event(n == 22 && e instanceof EngineEvent.Split s ? new EngineEvent.Split(
                        inner.view().segments().get(2).region(), s.frame(), s.reused(), s.bigFrame()) : e);
            }

            @Override
            StackView view(StackView real, int n) {
                return n != 22 ? real : new Edit(real) {
                    @Override
                    public List<StackSegment> segments() {
                        List<StackSegment> l = new ArrayList<>(real.segments());
                        StackSegment two = l.get(2);
                        l.set(3, new StackSegment(two.region(), 21, 22, two.record()));
                        return l;
                    }
                };
            }
        };
        check("SEG-1 @21 the new segment segment #2 [0x14000, 0x14100) is already in the chain: a cycle", violation(chain, t));
    }

    /**
     * A hybrid whose base holds a nomap frame: frame 7 splits (a fallback), the call of frame 14 (statement
     * 15) copies segment 1 to 512 bytes, frame 15 is a nomap frame in it, and the call of frame 22 (statement
     * 23) splits again.
     */
    static final String COPIED = "frame c words=3 nomap\nframe f words=3 ptrs=1\ncall c\nrepeat 14 {\n  call f\n}\n"
            + "call c\nrepeat 7 {\n  call f\n}\n";

    /** a hybrid on COPIED whose view at statement {@code at} lists other segments */
    static Tampered copied(int at, UnaryOperator<List<StackSegment>> edit) {
        return segments(hyb(), at, edit);
    }

    @Test
    void copiedPassesUntampered() {
        dev.stackcheck.engine.HybridEngine h = hyb();
        passes(COPIED, h);
        assertEquals(2, h.stats().splits());
        assertEquals(1, h.stats().copies());
    }

    @Test
    void hybridCopyAboveAnotherSegment() {
        check("SEG-1 @14 the segment below the copied one is segment #2 [0x14000, 0x14200), the chain had segment #0"
                + " [0x10000, 0x10100)", violation(COPIED, copied(15, l -> {
                    StackSegment t = l.get(1);
                    return List.of(new StackSegment(t.region(), 0, 7, t.record()), t);
                })));
    }

    @Test
    void hybridCopyAboveAnotherSegmentLosesAFrame() {
        check("SEG-4 @14 the copied top segment holds frames [8, 15), want [7, 15)", violation(COPIED, copied(15, l -> {
            StackSegment t = l.get(1);
            return List.of(l.get(0), new StackSegment(t.region(), 8, 15, t.record()));
        })));
    }

    /** the second split reports segment 1 (its copy, in the chain) again, or its freed original */
    static Tampered splitsInto(boolean original) {
        Region[] copy = new Region[2];
        return new Tampered(hyb()) {
            @Override
            void event(EngineEvent e, int n, EngineEvents out) {
                if (e instanceof EngineEvent.Copy c) {
                    copy[0] = c.from();
                    copy[1] = c.to();
                }
                out.event(n == 23 && e instanceof EngineEvent.Split sp ? new EngineEvent.Split(
                        copy[original ? 0 : 1], sp.frame(), sp.reused(), sp.bigFrame()) : e);
            }

            @Override
            StackView view(StackView real, int n) {
                return n != 23 ? real : new Edit(real) {
                    @Override
                    public List<StackSegment> segments() {
                        List<StackSegment> l = new ArrayList<>(real.segments());
                        Region r = copy[original ? 0 : 1];
                        l.set(2, new StackSegment(r, 22, 23, r.hi() - StackSegment.RECORD_BYTES));
                        return l;
                    }
                };
            }
        };
    }

    @Test
    void aSplitReportsTheCopiedSegmentAgain() {
        check("SEG-1 @22 the new segment segment #2 [0x14000, 0x14200) is already in the chain: a cycle",
                violation(COPIED, splitsInto(false)));
    }

    @Test
    void aSplitReportsTheSegmentACopyFreed() {
        check("MEM-1 @22 the new segment segment #1 [0x12000, 0x12100) is not live memory",
                violation(COPIED, splitsInto(true)));
    }

    /** 143 segments: the list is read only when the credit pays, else the split event drives the check */
    static final String VERY_LONG = "frame main words=3\nframe f words=3 ptrs=1\ncall main\nrepeat 1000 {\n  call f\n"
            + "  addr 1 0.0\n}\ngc\nrepeat 1000 {\n  ret\n}\nget 0\nret\n";

    @Test
    void aVeryLongChainPasses() {
        passes(VERY_LONG, seg());
        RunResult r = Runner.run(Fixtures.parse(VERY_LONG), List.of(new EngineSetup("s", SegmentCheckTest::seg)),
                RunOptions.DEFAULT);
        assertEquals("ok", r.verdict(), () -> r.violations().toString());
    }

    /** the 65th segment's first frame (448, called at statement 896) sits 8 bytes low: no list read, the event drives */
    @Test
    void aVeryLongChainsNewSegmentMisplacesItsFirstFrame() {
        check("SEG-4 @895 the first frame 448 of segment 64 sits at 0x900c0, want just below the record at 0x900e8:"
                + " 0x900c8", violation(VERY_LONG, moving(896, 448, -8)));
    }

    /** after the copy of segment 1 (statement 15) its first frame, 7, sits 8 bytes low */
    @Test
    void hybridCopyMisplacesTheFirstFrame() {
        check("SEG-4 @14 the first frame 7 of segment 1 sits at 0x141c0, want just below the record at 0x141e8: 0x141c8",
                violation(COPIED, new Tampered(hyb()) {
            @Override
            StackView view(StackView real, int n) {
                return n < 15 ? real : new Edit(real) {
                    @Override
                    public long frameAddress(int f) {
                        return real.frameAddress(f) - (f == 7 ? 8 : 0);
                    }
                };
            }
        }));
    }
}

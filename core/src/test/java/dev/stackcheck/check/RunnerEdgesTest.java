package dev.stackcheck.check;

import static dev.stackcheck.check.Tampered.check;
import static dev.stackcheck.check.Tampered.passes;
import static dev.stackcheck.check.Tampered.violation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.HybridEngine;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.program.Layout;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The runner and the slot checks at their edges: engines that fail at start or only at the end, several
 * engines that all break, what is recorded, the diagrams of a violation; large frames checked through their
 * rotating window; defer records and layouts as the view reports them; frames without a pointer map.
 */
class RunnerEdgesTest {

    static final EngineParams SMALL = FaultyEnginesTest.SMALL;
    static final RunOptions QUIET = RunOptions.DEFAULT.withSweepCredit(0).withDiagrams(false);

    static RunResult run(String program, RunOptions options, List<Supplier<StackEngine>> engines) {
        List<EngineSetup> specs = new java.util.ArrayList<>();
        for (int i = 0; i < engines.size(); i++) {
            specs.add(new EngineSetup("e" + i, engines.get(i)));
        }
        return Runner.run(Fixtures.parse(program), specs, options);
    }

    /** an engine that breaks frame 3's slot 0 after the last statement of OPEN: only the end's full check sees it */
    static Supplier<StackEngine> breaksAtTheEnd() {
        return () -> new Tampered(new SegmentedEngine(SMALL)) {
            @Override
            void after(int n) {
                if (n == 21) {
                    memory.write(inner.view().slotAddress(3, 0), 5);
                }
            }
        };
    }

    @Test
    void anEngineThatFailsToStart() {
        Supplier<StackEngine> bad = () -> new CopyingEngine(SMALL) {
            @Override
            protected void createStack() {
                throw new IllegalStateException("no memory today");
            }
        };
        RunResult r = run(LaneTest.LOCAL, RunOptions.DEFAULT, List.of(bad, () -> new CopyingEngine(SMALL)));
        assertEquals(1, r.violations().size());
        Violation v = r.violations().get(0);
        assertEquals("ENG-1 e0 step 0 at 0:0 `(start)`: engine crashed in start: java.lang.IllegalStateException:"
                + " no memory today", v.summary().replaceAll(" at dev\\.stackcheck.*", ""));
        assertEquals(-1, v.statement());
        assertEquals("", v.after(), "the replay cannot start the engine either");
        assertFalse(r.completed());
        assertEquals(0, r.steps(), "the run stopped at the start");
        RunResult on = run(LaneTest.LOCAL, RunOptions.DEFAULT.withStopAtFirstViolation(false),
                List.of(bad, () -> new CopyingEngine(SMALL)));
        assertEquals(18, on.steps());
        assertTrue(on.completed());
        assertEquals(18, on.engines().get(1).statements());
    }

    @Test
    void whenEveryEngineHasBrokenTheRunStops() {
        Supplier<StackEngine> a = () -> LaneTest.after(new CopyingEngine(SMALL), 4, t -> t.memory.write(
                LaneTest.slot(t, 1, 0), 8));
        Supplier<StackEngine> b = () -> LaneTest.after(new CopyingEngine(SMALL), 7, t -> t.memory.write(
                LaneTest.slot(t, 0, 0), 41));
        RunResult r = run(LaneTest.LOCAL, QUIET.withStopAtFirstViolation(false), List.of(a, b));
        assertEquals(2, r.violations().size());
        assertEquals(7, r.steps(), "no statement runs once every engine has broken");
        RunResult specOnly = run(LaneTest.LOCAL, QUIET, List.of());
        assertEquals(18, specOnly.steps());
        assertArrayEquals(new long[] {9, 7, 5}, specOnly.expected());
        assertArrayEquals(new long[0], run(LaneTest.LOCAL, QUIET.withRecordObservations(false), List.of()).expected());
    }

    @Test
    void aBrokenEngineIsNotCheckedAgainAtTheEnd() {
        Supplier<StackEngine> early = () -> LaneTest.after(new SegmentedEngine(SMALL), 3, t -> t.memory.write(
                t.inner.view().slotAddress(0, 2), 5));
        RunResult r = run(SegmentCheckTest.OPEN, QUIET.withStopAtFirstViolation(false), List.of(early));
        assertEquals(1, r.violations().size(), r.violations().toString());
        assertTrue(r.completed());
    }

    @Test
    void endViolationsStopAtTheFirstWhenAsked() {
        RunResult first = run(SegmentCheckTest.OPEN, QUIET, List.of(breaksAtTheEnd(), breaksAtTheEnd()));
        assertEquals(1, first.violations().size());
        assertEquals("(end of run)", first.violations().get(0).statementText());
        assertEquals("", first.violations().get(0).after());
        RunResult all = run(SegmentCheckTest.OPEN, QUIET.withStopAtFirstViolation(false),
                List.of(breaksAtTheEnd(), breaksAtTheEnd()));
        assertEquals(2, all.violations().size());
        RunResult drawn = run(SegmentCheckTest.OPEN, RunOptions.DEFAULT.withSweepCredit(0), List.of(breaksAtTheEnd()));
        assertTrue(drawn.violations().get(0).after().contains("| frame 3 f"), drawn.violations().get(0).after());
    }

    @Test
    void noDiagramsWhenNotAsked() {
        Violation v = violation(LaneTest.LOCAL, LaneTest.after(new CopyingEngine(SMALL), 4,
                t -> t.memory.write(LaneTest.slot(t, 1, 0), 8)));
        assertEquals("", v.before());
        assertEquals("", v.after());
    }

    @Test
    void aReplayThatCannotRunSaysSo() {
        // one engine instance for every request: the replay's second start fails
        Tampered once = LaneTest.after(new CopyingEngine(SMALL), 4, t -> t.memory.write(LaneTest.slot(t, 1, 0), 8));
        RunResult r = Runner.run(Fixtures.parse(LaneTest.LOCAL), List.of(new EngineSetup("t", () -> once)),
                RunOptions.DEFAULT);
        Violation v = r.violations().get(0);
        assertEquals("(the replay failed before the statement: java.lang.IllegalStateException: copying: start called"
                + " twice)\n", v.before());
        assertEquals("", v.after());
    }

    @Test
    void aStatementThatThrowsInTheReplayIsNoted() {
        Supplier<StackEngine> crash = () -> new CopyingEngine(SMALL) {
            @Override
            public void gc() {
                throw new IllegalStateException("boom");
            }
        };
        Violation v = Runner.run(Fixtures.parse(LaneTest.LOCAL), List.of(new EngineSetup("t", crash)),
                RunOptions.DEFAULT).violations().get(0);
        assertTrue(v.after().startsWith("(the statement threw java.lang.IllegalStateException: boom)\n"), v.after());
    }

    @Test
    void theDiagramOfAWrongAddrShowsItsTargetFrame() {
        String p = "frame main words=3\nframe f words=3 ptrs=1\ncall main\nrepeat 19 {\n  call f\n}\naddr 1 5.0\nret\n";
        Supplier<StackEngine> wrong = () -> new CopyingEngine(SMALL) {
            @Override
            public void addr(int slot, int frame, int target) {
                super.addr(slot, frame - 1, target);
            }
        };
        Violation v = Runner.run(Fixtures.parse(p), List.of(new EngineSetup("t", wrong)), RunOptions.DEFAULT)
                .violations().get(0);
        assertEquals(Invariant.PTR_1, v.invariant());
        assertTrue(v.after().contains("| frame 5 f"), v.after());
        assertTrue(v.after().contains("| frame 4 f"), v.after());
    }

    @Test
    void aStartViolationIsDrawnWithTheEmptyStack() {
        Supplier<StackEngine> claims = () -> new Tampered(new CopyingEngine(SMALL)) {
            @Override
            public EngineParams params() {
                return SMALL.withInitialStack(512);
            }
        };
        Violation v = Runner.run(Fixtures.parse(LaneTest.LOCAL), List.of(new EngineSetup("t", claims)),
                RunOptions.DEFAULT).violations().get(0);
        assertEquals("", v.before());
        assertTrue(v.after().startsWith("copying (copying): 0 frames, 1 segment, 0 defer records\n"), v.after());
    }

    @Test
    void theCopyingEngineSkipsANomapProgram() {
        RunResult r = Runner.run(Fixtures.parse(FaultyEnginesTest.NOMAP), List.of(Fixtures.copying(SMALL),
                Fixtures.hybrid(SMALL)), QUIET);
        assertEquals(List.of("copying"), r.skipped().stream().map(Skipped::name).toList());
        assertTrue(r.skipped().get(0).reason().contains("nomap layout(s): c"), r.skipped().get(0).reason());
        assertEquals(List.of("hybrid"), r.engines().stream().map(EngineResult::name).toList());
        assertTrue(r.ok());
    }

    // ---- frames without a pointer map

    /** twenty nomap frames come and go, then frames with pointer maps are copied where they were */
    static final String NOMAP_THEN_COPIES = String.join("\n",
            "frame c words=2 nomap",
            "frame f words=3 ptrs=1",
            "call c",
            "repeat 20 {",
            "  call c",
            "  set 0 1",
            "}",
            "repeat 20 {",
            "  ret",
            "}",
            "repeat 30 {",
            "  call f",
            "  addr 1 0.0",
            "}",
            "gc",
            "repeat 30 {",
            "  ret",
            "  gc",
            "}",
            "ret",
            "");

    @Test
    void nomapFramesThatReturnAreForgotten() {
        passes(NOMAP_THEN_COPIES, new HybridEngine(SMALL));
        passes(NOMAP_THEN_COPIES, new SegmentedEngine(SMALL));
        RunResult r = Runner.run(Fixtures.parse(NOMAP_THEN_COPIES), List.of(Fixtures.hybrid(SMALL)),
                RunOptions.DEFAULT.withDiagrams(false));
        assertTrue(r.ok(), () -> r.violations().toString());
        assertTrue(r.engines().get(0).coverage().grow() > 0);
    }

    @Test
    void aNomapFrameThatMovesIsCaughtAtTheMove() {
        check("HYB-1 @28 frame 0 (c, no pointer map) moved from 0x100d0 to 0x100c8: its pointers cannot be adjusted", violation(FaultyEnginesTest.NOMAP, new Tampered(new HybridEngine(SMALL)) {
            int copied = -1;

            @Override
            void event(dev.stackcheck.engine.EngineEvent e, int n, EngineEvents out) {
                if (e instanceof dev.stackcheck.engine.EngineEvent.Copy && copied < 0) {
                    copied = n;
                }
                out.event(e);
            }

            @Override
            StackView view(StackView real, int n) {
                return n != copied ? real : new Edit(real) {
                    @Override
                    public long frameAddress(int f) {
                        return real.frameAddress(f) - (f == 0 ? 8 : 0);
                    }
                };
            }
        }, RunOptions.DEFAULT.withDiagrams(false)));
    }

    // ---- slots and records as the view reports them

    /** a 40-word frame: after each statement its slot and a window of 8 slots that moves on are checked */
    static final String WIDE = "frame w words=40\ncall w\n" + "set 35 7\n" + "get 35\n".repeat(8) + "ret\n";

    @Test
    void aWideFrameIsCheckedThroughItsWindow() {
        check("REF-2 @3 frame 0 (w) slot 20 at 0x10158 holds 1 (0x1), want 0", violation(WIDE, LaneTest.after(new CopyingEngine(SMALL.withInitialStack(512)), 2,
                t -> t.memory.write(LaneTest.slot(t, 0, 20), 1))));
        check("REF-2 @1 frame 0 (w) slot 35 at 0x101d0 holds 8 (0x8), want 7", violation(WIDE, LaneTest.after(new CopyingEngine(SMALL.withInitialStack(512)), 2,
                t -> t.memory.write(LaneTest.slot(t, 0, 35), 8))));
    }

    @Test
    void aSixteenWordFrameIsCheckedWhole() {
        String p = "frame w words=16\ncall w\nset 0 7\nget 0\nret\n";
        check("REF-2 @2 frame 0 (w) slot 15 at 0x100f0 holds 1 (0x1), want 0", violation(p, LaneTest.after(new CopyingEngine(SMALL), 3,
                t -> t.memory.write(LaneTest.slot(t, 0, 15), 1))));
    }

    @Test
    void aGetThatReturnsAnotherValue() {
        check("REF-1 @8 `get 0` observed 8 (0x8), the specification observes 7", violation(LaneTest.LOCAL, new Tampered(new CopyingEngine(SMALL)) {
            @Override
            public long get(int slot) {
                return super.get(slot) + 1;
            }
        }));
        check("REF-1 @7 `load 1` observed 10 (0xa), the specification observes 9", violation(LaneTest.LOCAL, new Tampered(new CopyingEngine(SMALL)) {
            @Override
            public long load(int slot) {
                return super.load(slot) + 1;
            }
        }));
    }

    @Test
    void anEqualLayoutIsTheSameLayout() {
        passes(LaneTest.LOCAL, new Tampered(new CopyingEngine(SMALL)) {
            @Override
            StackView view(StackView real, int n) {
                return new Edit(real) {
                    @Override
                    public Layout layout(int frame) {
                        Layout l = real.layout(frame);
                        int[] ptrs = new int[l.pointerCount()];
                        for (int i = 0; i < ptrs.length; i++) {
                            ptrs[i] = l.pointer(i);
                        }
                        return new Layout(l.name(), l.words(), ptrs, l.nomap());
                    }
                };
            }
        });
        check("REF-2 @2 frame 1 has layout null, the specification f", violation(LaneTest.LOCAL, new Tampered(new CopyingEngine(SMALL)) {
            @Override
            StackView view(StackView real, int n) {
                return n != 3 ? real : new Edit(real) {
                    @Override
                    public Layout layout(int frame) {
                        return null;
                    }
                };
            }
        }));
    }

    @Test
    void deferRecordsAsTheViewReportsThem() {
        check("PTR-2 @5 defer record 0 is null", violation(LaneTest.LOCAL, defers(6, (real, i) -> null, 0)));
        check("PTR-2 @5 defer record 0 belongs to frame 0, want frame 1", violation(LaneTest.LOCAL, defers(6, (real, i) -> {
            StackView.DeferRecord d = real.defer(i);
            return new StackView.DeferRecord(d.frame() - 1, d.pointer(), d.value());
        }, 0)));
        check("PTR-2 @5 the engine keeps 2 defer records, the specification 1", violation(LaneTest.LOCAL, defers(6, StackView::defer, 1)));
    }

    interface DeferEdit {
        StackView.DeferRecord defer(StackView real, int i);
    }

    static Tampered defers(int at, DeferEdit edit, int extra) {
        return new Tampered(new CopyingEngine(SMALL)) {
            @Override
            StackView view(StackView real, int n) {
                return n != at ? real : new Edit(real) {
                    @Override
                    public int deferCount() {
                        return real.deferCount() + extra;
                    }

                    @Override
                    public DeferRecord defer(int i) {
                        return edit.defer(real, i);
                    }
                };
            }
        };
    }

    /** a hybrid copies the base segment, where frame 0 made a defer record: the copy must adjust it */
    @Test
    void aHybridCopyChecksTheDeferRecordsOfFrameZero() {
        String p = "frame main words=3 ptrs=1\nframe f words=3 ptrs=1\ncall main\naddr 1 0.0\ndefer 1 5\n"
                + "repeat 8 {\n  call f\n}\nrepeat 8 {\n  ret\n}\nret\n";
        check("PTR-2 @9 defer record 0 of frame 0 points at 0x100c8 (in freed segment #0), want 0x121c8 = &frame 0 slot 0", violation(p, new HybridEngine(SMALL) {
            @Override
            protected long adjustdefers(dev.stackcheck.memory.Region old, long delta) {
                return 0;
            }
        }));
    }

    @Test
    void anEngineThatCannotBeMade() {
        Supplier<StackEngine> unmade = () -> {
            throw new IllegalStateException("no engine");
        };
        RunResult stop = run(LaneTest.LOCAL, QUIET, List.of(unmade, () -> new CopyingEngine(SMALL)));
        assertEquals(1, stop.violations().size());
        assertTrue(stop.violations().get(0).message().startsWith("engine crashed in its construction:"
                + " java.lang.IllegalStateException: no engine"), stop.violations().get(0).message());
        assertEquals(0, stop.steps());
        assertEquals(List.of(), stop.engines());
        RunResult on = run(LaneTest.LOCAL, QUIET.withStopAtFirstViolation(false),
                List.of(unmade, () -> new CopyingEngine(SMALL)));
        assertEquals(18, on.steps());
        assertEquals(1, on.engines().size());
    }

    @Test
    void aStopMidRunLeavesTheOthersUnfinished() {
        Supplier<StackEngine> early = () -> LaneTest.after(new SegmentedEngine(SMALL), 4, t -> t.memory.write(
                t.inner.view().slotAddress(1, 0), 8));
        RunResult r = run(SegmentCheckTest.OPEN, QUIET, List.of(early, breaksAtTheEnd()));
        assertEquals(1, r.violations().size(), r.violations().toString());
        assertEquals(4, r.steps());
    }

    @Test
    void aStartViolationWithoutDiagrams() {
        Supplier<StackEngine> claims = () -> new Tampered(new CopyingEngine(SMALL)) {
            @Override
            public EngineParams params() {
                return SMALL.withInitialStack(512);
            }
        };
        Violation v = Runner.run(Fixtures.parse(LaneTest.LOCAL), List.of(new EngineSetup("t", claims)),
                QUIET).violations().get(0);
        assertEquals("", v.after());
    }

    @Test
    void resultsFollowTheOrderOfTheEnginesGiven() {
        BlackBoxCheckTest.Fake box = new BlackBoxCheckTest.Fake("box", dev.stackcheck.engine.StackKind.OTHER, SMALL,
                p -> BlackBoxCheckTest.completed(new long[0], List.of(), java.util.Map.of()));
        RunResult r = Runner.run(Fixtures.parse(FaultyEnginesTest.NOMAP), List.of(Fixtures.copying(SMALL),
                Fixtures.hybrid(SMALL), new EngineSetup("box", () -> box), Fixtures.segmented(SMALL)), QUIET);
        assertTrue(r.ok(), r.toString());
        assertEquals(List.of("hybrid", "box", "segmented"), r.engines().stream().map(EngineResult::name).toList());
    }
}

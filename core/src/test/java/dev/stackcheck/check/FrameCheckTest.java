package dev.stackcheck.check;

import static dev.stackcheck.check.Tampered.check;
import static dev.stackcheck.check.Tampered.passes;
import static dev.stackcheck.check.Tampered.violation;

import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.HybridEngine;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.program.Layout;
import org.junit.jupiter.api.Test;

/**
 * The frame checks ({@link FrameCheck}) against what an engine's view reports: observations, layouts, and
 * defer records as the view lists them.
 */
class FrameCheckTest {

    static final EngineParams SMALL = FaultyEnginesTest.SMALL;

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
}

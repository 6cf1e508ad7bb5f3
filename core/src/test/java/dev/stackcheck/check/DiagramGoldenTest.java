package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.HybridEngine;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Stack diagrams drawn whole and compared with reviewed drawings under
 * core/src/test/resources/dev/stackcheck/check/diagrams/: what a diagram keeps (newest segments, base, focus
 * segments; top and bottom frames; slots up to the limit, pointer slots past it), how it names every kind of
 * address, and what it says when the engine's view cannot be read. The drawing is deterministic, since the
 * address space is. After a deliberate change of the drawing, regenerate with
 * {@code java -cp api/target/classes:core/target/classes:core/target/test-classes
 * dev.stackcheck.check.DiagramGoldenTest} and review the diff.
 */
class DiagramGoldenTest {

    static final Path DIR = Path.of("core", "src", "test", "resources", "dev", "stackcheck", "check", "diagrams");
    static final EngineParams SMALL = new EngineParams(256, false, 256, 0, 1_000_000_000L, 0);
    static final Layout MAIN = new Layout("main", 3, new int[0], false);
    static final Layout F = new Layout("f", 3, new int[] {1}, false);
    static final Layout BIG = new Layout("big", 40, new int[] {3, 9, 17, 18, 19, 20, 21, 22, 23, 24, 25, 30}, false);
    static final Layout C = new Layout("c", 4, new int[0], true);

    /** call main, set 0 41, then {@code n} times: call f, set 0 i, addr 1 0.0, and a defer every third frame */
    static AddressSpace drive(StackEngine e, int n) {
        AddressSpace m = new AddressSpace();
        e.start(m, EngineEvents.NONE);
        e.call(MAIN);
        e.set(0, 41);
        for (int i = 0; i < n; i++) {
            e.call(F);
            e.set(0, i);
            e.addr(1, 0, 0);
            if (i % 3 == 0) {
                e.defer(1, i);
            }
        }
        return m;
    }

    static String draw(StackEngine e, AddressSpace m, Integer... focus) {
        return StackDiagram.render(Snapshot.capture(e, m, java.util.Arrays.asList(focus)));
    }

    static Map<String, Supplier<String>> diagrams() {
        Map<String, Supplier<String>> d = new LinkedHashMap<>();
        d.put("segmented-deep", () -> {
            StackEngine e = new SegmentedEngine(SMALL.withSegmentCache(true));
            AddressSpace m = drive(e, 40);
            e.ret();
            e.ret();
            e.ret();
            e.ret();
            return draw(e, m, 9, null, -1, 99);
        });
        d.put("copying-tall", () -> {
            StackEngine e = new CopyingEngine(SMALL);
            return draw(e, drive(e, 30));
        });
        d.put("big-frames", () -> {
            StackEngine e = new CopyingEngine(SMALL);
            AddressSpace m = drive(e, 2);
            e.call(BIG);
            for (int s = 0; s < 40; s++) {
                if (!BIG.isPointerSlot(s)) {
                    e.set(s, s * 10);
                }
            }
            e.addr(3, 0, 1);
            e.addr(17, 3, 0);
            e.call(BIG);
            e.addr(9, 1, 0);
            return draw(e, m);
        });
        d.put("hybrid-nomap", () -> {
            StackEngine e = new HybridEngine(SMALL);
            AddressSpace m = new AddressSpace();
            e.start(m, EngineEvents.NONE);
            e.call(C);
            e.set(0, 5);
            for (int i = 0; i < 9; i++) {
                e.call(C);
                e.addr(1, 0, 0);
                e.addr(2, i, 3);
                e.set(3, 7);
            }
            return draw(e, m, 0);
        });
        d.put("addresses", () -> {
            SegmentedEngine e = new SegmentedEngine(SMALL.withSegmentCache(true));
            AddressSpace m = drive(e, 12);
            for (int i = 0; i < 6; i++) {
                e.ret();
            }
            Region cached = e.view().cachedSegment();
            Region junk = m.allocate(64, "junk");
            Region gone = m.allocate(64, "gone");
            m.free(gone);
            StackView v = e.view();
            long rec = v.segments().get(0).record();
            // pointer slots of frames 1..6 at every kind of address
            m.write(v.slotAddress(6, 1), rec + 8);
            m.write(v.slotAddress(5, 1), v.slotAddress(2, 0) + 4);
            m.write(v.slotAddress(4, 1), v.frameAddress(3) + 24);
            m.write(v.slotAddress(3, 1), cached.lo() + 16);
            m.write(v.slotAddress(2, 1), junk.lo());
            m.write(v.slotAddress(1, 1), gone.lo());
            return draw(e, m, 1, 2, 3);
        });
        d.put("addresses-more", () -> {
            SegmentedEngine e = new SegmentedEngine(SMALL);
            AddressSpace m = drive(e, 3);
            StackView v = e.view();
            m.write(v.slotAddress(3, 1), v.segments().get(0).region().lo() + 8);
            m.write(v.slotAddress(2, 1), 0x7777_0000L);
            m.write(v.slotAddress(1, 1), v.segments().get(0).record() + 16);
            return draw(e, m, 1);
        });
        d.put("tiny", () -> {
            StackEngine e = new SegmentedEngine(SMALL);
            AddressSpace m = new AddressSpace();
            e.start(m, EngineEvents.NONE);
            e.call(F);
            e.addr(1, 0, 0);
            e.defer(1, 3);
            return draw(e, m);
        });
        d.put("very-deep", () -> {
            StackEngine e = new SegmentedEngine(SMALL);
            return draw(e, drive(e, 60));
        });
        d.put("freed-and-empty", () -> {
            StackEngine real = new SegmentedEngine(SMALL);
            AddressSpace m = drive(real, 9);
            Region gone = m.allocate(256, "segment");
            m.free(gone);
            StackEngine e = new Tampered(real) {
                @Override
                StackView view(StackView r, int n) {
                    return new Edit(r) {
                        @Override
                        public List<StackSegment> segments() {
                            List<StackSegment> l = new java.util.ArrayList<>(r.segments());
                            StackSegment top = l.get(l.size() - 1);
                            l.set(l.size() - 1, new StackSegment(gone, top.firstFrame(), top.endFrame(),
                                    gone.hi() - 24));
                            l.add(new StackSegment(gone, top.endFrame(), top.endFrame(), gone.hi() - 24));
                            return l;
                        }
                    };
                }
            };
            return draw(e, m);
        });
        d.put("edges", () -> {
            SegmentedEngine real = new SegmentedEngine(SMALL);
            AddressSpace m = drive(real, 30);
            StackView v = real.view();
            m.write(v.segments().get(0).record() + 8, 5);
            long rec2 = v.segments().get(2).record();
            m.write(rec2, 0);
            m.write(rec2 + 8, 0);
            m.write(rec2 + 16, 0);
            m.write(v.slotAddress(30, 1), v.segments().get(1).record());
            StackEngine e = new Tampered(real) {
                @Override
                StackView view(StackView r, int n) {
                    return new Edit(r) {
                        @Override
                        public DeferRecord defer(int i) {
                            DeferRecord d = r.defer(i);
                            return i == r.deferCount() - 1 ? new DeferRecord(d.frame(), 0, d.value()) : d;
                        }
                    };
                }
            };
            return draw(e, m, 7);
        });
        d.put("nomap-edges", () -> {
            StackEngine e = new HybridEngine(SMALL);
            AddressSpace m = new AddressSpace();
            e.start(m, EngineEvents.NONE);
            e.call(C);
            for (int i = 0; i < 19; i++) {
                e.call(C);
                e.set(0, i);
            }
            e.addr(1, 10, 0);
            e.set(3, 0x9999_9999L);
            return draw(e, m);
        });
        d.put("broken-views", () -> {
            StringBuilder out = new StringBuilder();
            for (int k = 0; k < 3; k++) {
                int kind = k;
                SegmentedEngine real = new SegmentedEngine(SMALL);
                AddressSpace m = drive(real, 9);
                m.write(real.view().slotAddress(9, 1), real.view().slotAddress(6, 0));
                StackEngine e = new Tampered(real) {
                    @Override
                    StackView view(StackView r, int n) {
                        return new Edit(r) {
                            @Override
                            public List<StackSegment> segments() {
                                StackSegment b = r.segments().get(0);
                                if (kind == 0) {
                                    return List.of();
                                }
                                if (kind == 1) {
                                    return List.of(new StackSegment(b.region(), 0, 5, b.record()),
                                            r.segments().get(1));
                                }
                                return List.of(new StackSegment(b.region(), 0, 7, b.region().hi() - 16),
                                        r.segments().get(1));
                            }
                        };
                    }
                };
                out.append(draw(e, m)).append("----\n");
            }
            return out.toString();
        });
        d.put("unreadable", () -> {
            StackEngine real = new SegmentedEngine(SMALL);
            AddressSpace m = drive(real, 9);
            StackEngine e = new Tampered(real) {
                @Override
                StackView view(StackView r, int n) {
                    return new Edit(r) {
                        @Override
                        public long frameAddress(int frame) {
                            return frame == 8 ? 0x7000_0000L : frame == 2 ? r.frameAddress(frame) + 4
                                    : r.frameAddress(frame);
                        }

                        @Override
                        public List<StackSegment> segments() {
                            List<StackSegment> l = new java.util.ArrayList<>(r.segments());
                            StackSegment s = l.get(0);
                            l.set(0, new StackSegment(s.region(), s.firstFrame(), s.endFrame(), 0x6000_0000L));
                            return l;
                        }

                        @Override
                        public Region cachedSegment() {
                            throw new IllegalStateException("no cache");
                        }

                        @Override
                        public DeferRecord defer(int i) {
                            throw new IllegalStateException("no defers");
                        }
                    };
                }
            };
            return draw(e, m, 2);
        });
        return d;
    }

    @Test
    void diagramsAreTheReviewedDrawings() throws IOException {
        for (Map.Entry<String, Supplier<String>> d : diagrams().entrySet()) {
            String want = Files.readString(DIR.resolve(d.getKey() + ".txt"), StandardCharsets.UTF_8);
            assertEquals(want, d.getValue().get(), d.getKey());
        }
    }

    public static void main(String[] args) throws IOException {
        Files.createDirectories(DIR);
        for (Map.Entry<String, Supplier<String>> d : diagrams().entrySet()) {
            Files.writeString(DIR.resolve(d.getKey() + ".txt"), d.getValue().get(), StandardCharsets.UTF_8);
        }
    }
}

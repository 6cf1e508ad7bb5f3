package dev.stackcheck.report;

import dev.stackcheck.check.Snapshot;
import dev.stackcheck.check.StackDiagram;
import dev.stackcheck.engine.EngineEvent;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Cursor;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The stack pictures of SPEC.md, each drawn by {@link StackDiagram} (the renderer of counterexamples) from
 * the state of a real engine that ran a small program with a historical profile: a split segmented stack,
 * a copying stack just before and just after a growth copy, and a hybrid stack.
 *
 * <p>Invariant: a picture is a pure function of the program, the profile and the engine's code, so SPEC.md
 * changes only when one of those does (a test compares them).
 */
public final class Diagrams {

    private Diagrams() {
    }

    /** A picture: a name for the markers of SPEC.md, a caption, the program, and the drawing. */
    public record Picture(String name, String caption, String program, String drawing) {}

    /** Every picture of SPEC.md, in order. */
    public static List<Picture> all() {
        List<Picture> out = new ArrayList<>();
        out.add(split());
        out.addAll(copy());
        out.add(hybrid());
        return out;
    }

    /** A segmented stack (go1.2) right after a split: frame 2 in a new segment, returning into lessstack. */
    public static Picture split() {
        String program = String.join("\n",
                "# go1.2: 8 KiB segments, guard 256. Frame 0 leaves room for one more frame of 40 bytes.",
                "frame main words=981",
                "frame f words=4 ptrs=0",
                "call main",
                "set 1 5",
                "call f",
                "addr 0 0.1",
                "set 1 11",
                "call f          # does not fit: morestack",
                "addr 0 1.1      # points into the previous segment",
                "set 1 22", "");
        StackEngine e = Contender.of(Profile.GO1_2).factory().get();
        AddressSpace m = new AddressSpace();
        runAll(e, m, Parser.parse(program));
        return new Picture("split", "A segmented stack (go1.2) just after a split. Frame 2 did not fit in the base"
                + " segment, so morestack gave it a new segment, wrote the stack-info record at the segment's top"
                + " (its high addresses: the bottom of the drawing) and made frame 2 return into lessstack. The"
                + " record's saved SP points at frame 1, the caller in the previous segment; frame 2's slot 0"
                + " points across the boundary into frame 1.", program, StackDiagram.render(e, m));
    }

    /** A copying stack (go1.4) just before and just after the call that makes it grow. */
    public static List<Picture> copy() {
        String program = String.join("\n",
                "# go1.4: a 2 KiB stack, guard 512. Every rec frame points at frame 0.",
                "frame main words=2",
                "frame rec words=6 ptrs=1",
                "call main",
                "set 0 7",
                "repeat 30 {",
                "  call rec",
                "  addr 1 0.0",
                "}", "");
        StackEngine e = Contender.of(Profile.GO1_4).factory().get();
        AddressSpace m = new AddressSpace();
        String[] bothSides = around(e, m, Parser.parse(program), ev -> ev instanceof EngineEvent.Copy);
        return List.of(
                new Picture("copy-before", "A copying stack (go1.4) just before the call that does not fit: the"
                        + " 2 KiB stack holds frame 0 and 26 frames, each pointing at frame 0.", program,
                        bothSides[0]),
                new Picture("copy-after", "The same stack just after that call: newstack doubled it to 4 KiB,"
                        + " copystack moved the used bytes to the top of the new region (each frame keeps its"
                        + " distance from hi), adjusted every pointer into the old stack by new.hi - old.hi, and"
                        + " freed the old stack; the new frame went below.", program, bothSides[1]));
    }

    /** A hybrid stack (go1.3): a nomap frame forced a split; the new top segment was then copied to grow. */
    public static Picture hybrid() {
        String program = String.join("\n",
                "# go1.3: 8 KiB segments, guard 256. A nomap frame in the base segment forbids copying it.",
                "frame main words=2",
                "frame raw words=4 nomap",
                "frame big words=500 ptrs=0",
                "call main",
                "set 0 7",
                "call raw",
                "set 0 1",
                "addr 1 0.0      # raw holds a pointer nobody can find",
                "call big",
                "addr 0 1.0",
                "call big        # does not fit; the base holds raw: split",
                "addr 0 1.0",
                "call big        # does not fit; the top segment is all mapped: copy it",
                "addr 0 2.0", "");
        StackEngine e = Contender.of(Profile.GO1_3).factory().get();
        AddressSpace m = new AddressSpace();
        runAll(e, m, Parser.parse(program));
        return new Picture("hybrid", "A hybrid stack (go1.3). The base segment holds `raw`, a frame without a"
                + " pointer map, so when it filled up the engine could not copy it and split instead (HYB-1);"
                + " the new segment held only mapped frames, so when it filled up in turn the engine copied"
                + " that top segment, record and all, to one twice its size. Pointers into the base segment did"
                + " not move.", program, StackDiagram.render(e, m));
    }

    private static void runAll(StackEngine e, AddressSpace m, Program p) {
        e.start(m, ev -> { });
        Cursor c = p.cursor();
        while (c.hasNext()) {
            Runs.dispatch(e, c.next());
        }
    }

    /** Runs until the first statement that reports an event matching {@code when}; draws before and after it. */
    private static String[] around(StackEngine e, AddressSpace m, Program p, Predicate<EngineEvent> when) {
        boolean[] seen = {false};
        e.start(m, ev -> seen[0] |= when.test(ev));
        Cursor c = p.cursor();
        while (c.hasNext()) {
            Op op = c.next();
            Snapshot before = Snapshot.capture(e, m);
            String drawn = StackDiagram.render(before);
            Runs.dispatch(e, op);
            if (seen[0]) {
                return new String[] {drawn, StackDiagram.render(e, m)};
            }
        }
        throw new IllegalStateException("the program never reported the event");
    }
}

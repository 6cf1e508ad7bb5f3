package dev.stackcheck.scenarios;

import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The example programs of specs/programs/: each scenario is .stk text with a comment header saying what it
 * shows, and the observations it must produce, one a line, in the .out file beside it.
 *
 * <p>Invariant: the expected observations are derived here from what each program means (the Ackermann
 * values, the value each store or deferred store leaves behind), never by running the specification, so
 * the test that runs every committed program through the specification is a real cross-check; and the
 * committed files are exactly what {@link #all()} produces (a test compares them byte for byte).
 *
 * <p>Regenerate the committed files with {@code java -cp core/target/classes:api/target/classes
 * dev.stackcheck.scenarios.Scenarios specs/programs}.
 */
public final class Scenarios {

    private Scenarios() {
    }

    /** One example program: its file name without extension, its .stk text and its observations. */
    public record Scenario(String name, String text, List<Long> observations) {
        public Scenario {
            observations = List.copyOf(observations);
        }

        /** The .out file: one observation a line. */
        public String outText() {
            StringBuilder s = new StringBuilder();
            for (long v : observations) {
                s.append(v).append('\n');
            }
            return s.toString();
        }

        public Program program() {
            return Parser.parse(text);
        }
    }

    /** Every scenario committed under specs/programs/, in a fixed order. */
    public static List<Scenario> all() {
        return List.of(ack(2, 3), hotSplit(1000), growth(1024), deferPtrs(1000), nomap(), deep(1_000_000));
    }

    /** Writes NAME.stk and NAME.out of every scenario into {@code dir}. */
    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Scenario s : all()) {
            Files.writeString(dir.resolve(s.name() + ".stk"), s.text(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(s.name() + ".out"), s.outText(), StandardCharsets.UTF_8);
        }
    }

    /** Writes the files into the directory named by the one argument (the committed ones: specs/programs). */
    public static void main(String[] args) throws IOException {
        write(Path.of(directoryArgument(args, "Scenarios", "specs/programs")));
    }

    /** The one argument of a generator's main, or an error saying how to call it. */
    static String directoryArgument(String[] args, String generator, String committed) {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: " + generator + " DIR (the committed files are in " + committed
                    + ")");
        }
        return args[0];
    }

    // ---------------------------------------------------------------------------------------------------
    // ack: the seed article's Ackermann function, unrolled into its call tree

    /**
     * a(m, n) unrolled: one frame per activation, each storing its result through a pointer into its
     * caller's result slot. Small arguments only (the generator recurses as deep as the call tree).
     */
    public static Scenario ack(int m, int n) {
        if (m < 0 || n < 0 || m > 3 || n > 6) {
            throw new IllegalArgumentException("a(" + m + "," + n + ") is too large to unroll");
        }
        long[] stats = new long[2];
        long result = ackStats(m, n, 1, stats);
        Text t = new Text();
        t.header("ack.stk: the seed article's Ackermann function a(" + m + "," + n + ") = " + result
                        + ", unrolled into its call tree.",
                "",
                "    int a(int m, int n) {",
                "        if (m == 0) return n + 1;",
                "        if (n == 0) return a(m - 1, 1);",
                "        return a(m - 1, a(m, n - 1));",
                "    }",
                "",
                "Every activation is one frame of layout ack: slot 0 = m, slot 1 = n, slot 2 = the result of",
                "its latest callee, slot 3 = a pointer to its caller's result slot (the caller passes &result",
                "down). An activation stores its result through slot 3 into its caller's frame and returns;",
                "the caller observes it with get 2. Frame 0 (main) receives the final result in slot 0.",
                "The call tree has " + stats[0] + " activations and is " + stats[1] + " frames deep at most;",
                "indentation shows the depth. Every pointer targets an older frame, as escape analysis",
                "guarantees in Go, so the stack may split or move under any of them.",
                "Observations: the result of every call as its caller sees it, then " + result + " in frame 0.");
        t.decl("frame main words=1");
        t.decl("frame ack words=4 ptrs=3");
        t.blank();
        t.stmt("call main", "frame 0: slot 0 receives the result");
        ackFrame(t, m, n, 1);
        t.sees("get 0", result, "a(" + m + "," + n + ") = " + result);
        t.stmt("ret");
        return t.scenario("ack");
    }

    /** Counts activations (stats[0]) and the deepest frame (stats[1]) of a(m, n) run at {@code depth}. */
    private static long ackStats(long m, long n, int depth, long[] stats) {
        stats[0]++;
        stats[1] = Math.max(stats[1], depth);
        if (m == 0) {
            return n + 1;
        }
        if (n == 0) {
            return ackStats(m - 1, 1, depth + 1, stats);
        }
        return ackStats(m - 1, ackStats(m, n - 1, depth + 1, stats), depth + 1, stats);
    }

    /**
     * Emits the activation a(m, n) as frame {@code depth}, indented by its depth, and leaves the indentation
     * at its caller's ({@code depth - 1}); returns its value.
     */
    private static long ackFrame(Text t, long m, long n, int depth) {
        t.indent(depth);
        t.stmt("call ack", "a(" + m + "," + n + ")");
        t.stmt("set 0 " + m);
        t.stmt("set 1 " + n);
        t.stmt("addr 3 " + (depth - 1) + "." + (depth == 1 ? 0 : 2), "&result in the caller");
        long r;
        if (m == 0) {
            r = n + 1;
        } else if (n == 0) {
            r = ackFrame(t, m - 1, 1, depth + 1);
            t.sees("get 2", r, "a(" + (m - 1) + ",1) = " + r);
        } else {
            long inner = ackFrame(t, m, n - 1, depth + 1);
            t.sees("get 2", inner, "a(" + m + "," + (n - 1) + ") = " + inner);
            r = ackFrame(t, m - 1, inner, depth + 1);
            t.sees("get 2", r, "a(" + (m - 1) + "," + inner + ") = " + r);
        }
        t.stmt("store 3 " + r, "a(" + m + "," + n + ") = " + r + " into the caller");
        t.stmt("ret");
        t.indent(depth - 1);
        return r;
    }

    // ---------------------------------------------------------------------------------------------------
    // hotsplit: a call and return across a segment boundary inside a loop

    public static Scenario hotSplit(int iterations) {
        Text t = new Text();
        t.header("hotsplit.stk: the hot split. Frame 0 (big, 8008 bytes) fills an 8 KiB segment but for 160",
                "bytes: 8192 - 24 (the stack-info record) - 8008. A small frame takes 168 bytes, so every call of",
                "small inside the loop runs morestack (a new segment, or the cached one) and every return runs",
                "lessstack, " + iterations + " times. A copying stack grows once and then calls cheaply.",
                "Each small frame points back into frame 0 across the boundary, loads through the pointer,",
                "stores through it, and frame 0 reads the stored value after the return.",
                "Observations, per iteration: 7 (load in small), -1 (get in small), 8 (get in frame 0).");
        t.decl("frame big words=1000");
        t.decl("frame small words=20 ptrs=0");
        t.blank();
        t.stmt("call big", "frame 0: 1000 slots + return address = 8008 bytes");
        t.stmt("set 0 7");
        t.repeat(iterations);
        t.stmt("call small", "does not fit beside big: split");
        t.stmt("set 1 -1");
        t.stmt("addr 0 0.0", "a pointer from the new segment to frame 0");
        t.sees("load 0", 7);
        t.stmt("store 0 8");
        t.sees("get 1", -1);
        t.stmt("ret", "returns through lessstack");
        t.sees("get 0", 8, "the store through the pointer landed in frame 0");
        t.stmt("set 0 7");
        t.end();
        t.stmt("ret");
        return t.scenario("hotsplit");
    }

    // ---------------------------------------------------------------------------------------------------
    // growth: Go's TestStackGrowth

    public static Scenario growth(int depth) {
        Text t = new Text();
        t.header("growth.stk: Go's TestStackGrowth (runtime/stack_test.go). A recursion " + depth
                        + " frames deep in which",
                "every level gets &x of its caller (slot 1 points at slot 0 of the frame below), stores n + 1",
                "through it before recursing, as growStackIter does, and on return checks its own x (get 0,",
                "stored by its callee) and its caller's x through the pointer (load 1). The stores happen",
                "before the stack grows under them, so every pointer must follow its target as the stack is",
                "copied or split. Go's test runs a GC at the deepest point (here: gc, a shrink point).",
                "The whole descent runs twice (repeat 2), so the second pass grows the stack again after the",
                "gc in frame 0 may have shrunk it.",
                "Level d (1.." + depth + ") has n = " + depth + " - d. Observations, per pass: 1 (load 1 at the",
                "deepest level), then for d = " + (depth - 1) + " down to 1: get 0 = " + depth + " - d and load 1 = "
                        + (depth + 1) + " - d; then " + depth,
                "in frame 0. Only every 128th level carries comments.");
        t.decl("frame rec words=2 ptrs=1", "slot 0: x; slot 1: p, the caller's &x");
        t.blank();
        t.stmt("call rec", "frame 0: growStack's loop body, x := 0");
        t.repeat(2);
        t.stmt("set 0 0");
        for (int d = 1; d <= depth; d++) {
            int n = depth - d;
            t.stmt("call rec", d == 1 || d == depth || d % 128 == 0 ? "depth " + d + ", n = " + n : null);
            t.stmt("addr 1 " + (d - 1) + ".0");
            t.stmt("store 1 " + (n + 1));
        }
        t.stmt("gc", "the deepest point");
        for (int d = depth; d >= 1; d--) {
            int n = depth - d;
            boolean noted = d == depth || d % 128 == 0;
            if (d < depth) {
                t.sees("get 0", n, noted ? "depth " + d : null, noted);
            }
            t.sees("load 1", n + 1, null, noted);
            t.stmt("ret");
        }
        t.sees("get 0", depth, "frame 0: x = " + depth);
        t.stmt("gc");
        t.end();
        t.stmt("ret");
        return t.scenario("growth");
    }

    // ---------------------------------------------------------------------------------------------------
    // deferptrs: Go's TestDeferPtrs

    public static Scenario deferPtrs(int frames) {
        Text t = new Text();
        t.header("deferptrs.stk: Go's TestDeferPtrs (runtime/stack_test.go). Frame 1 defers two stores into",
                "x, a slot of frame 0, then drops its own pointer: from then on only the defer records (outside",
                "the stack) point at x. A recursion " + frames + " frames deep (128 bytes each) grows the "
                        + "stack past",
                "several copies or segments; it returns, gc runs several times (each may halve a copying",
                "stack: another copy), and frame 1 returns. Its deferred stores run last first through the",
                "pointers the engine kept valid: 7, then 42. Observations: 0 (x before), 42 (x after).");
        t.decl("frame main words=1", "slot 0: x");
        t.decl("frame deferer words=1 ptrs=0", "slot 0: &x");
        t.decl("frame grow words=15", "128 bytes with the return address");
        t.blank();
        t.stmt("call main", "frame 0");
        t.sees("get 0", 0);
        t.stmt("call deferer", "frame 1");
        t.stmt("addr 0 0.0", "p = &x");
        t.stmt("defer 0 42", "defer *p = 42 (runs last)");
        t.stmt("defer 0 7", "defer *p = 7 (runs first)");
        t.stmt("set 0 0", "p = nil: only the defer records hold &x now");
        t.repeat(frames);
        t.stmt("call grow");
        t.end();
        t.stmt("gc", "the deepest point");
        t.repeat(frames);
        t.stmt("ret");
        t.end();
        t.repeat(8);
        t.stmt("gc", "each gc may halve the stack once");
        t.end();
        t.stmt("ret", "runs *p = 7, then *p = 42");
        t.sees("get 0", 42);
        t.stmt("ret");
        return t.scenario("deferptrs");
    }

    // ---------------------------------------------------------------------------------------------------
    // nomap: a frame without a pointer map deep in the stack

    public static Scenario nomap() {
        Text t = new Text();
        t.header("nomap.stk: a frame without a pointer map (like a C or assembly frame in Go 1.3) deep in the",
                "first segment. Frames 0..20 and the nomap frame (21) use 5024 of the 8168 bytes an 8 KiB",
                "segment has below its record; 40 more 248-byte frames need 9920. A hybrid engine cannot copy a",
                "segment holding the nomap frame, so it must split; the new segment holds only mapped frames, so",
                "when it fills in turn the hybrid may copy it (the nomap frame stays put). The nomap frame holds",
                "pointers to frame 0, to frame 10 and to its own slot 2; the top frame points down at the nomap",
                "frame's slot 2 across the segment boundary. Loads through all of them are observed.",
                "Observations: 100 11 77 (loads in the nomap frame), 77 (load from the top), 78 78 100",
                "(back in the nomap frame), 12 (frame 10), 100 (frame 0).");
        t.decl("frame main words=2 ptrs=1", "24 bytes");
        t.decl("frame c words=30 ptrs=0", "248 bytes: slot 0 a pointer, the rest scalars");
        t.decl("frame raw words=4 nomap", "40 bytes, no pointer map: slots typed by what they hold");
        t.blank();
        t.stmt("call main", "frame 0");
        t.stmt("set 0 100");
        t.repeat(20);
        t.stmt("call c", "frames 1..20");
        t.stmt("set 1 11");
        t.end();
        t.stmt("call raw", "frame 21: no pointer map");
        t.stmt("addr 0 0.0", "raw.0 -> frame 0 slot 0");
        t.stmt("addr 1 10.1", "raw.1 -> frame 10 slot 1");
        t.stmt("set 2 77");
        t.stmt("addr 3 21.2", "raw.3 -> raw.2, its own frame");
        t.sees("load 0", 100);
        t.sees("load 1", 11);
        t.sees("load 3", 77);
        t.stmt("store 1 12", "frame 10 slot 1 := 12");
        t.repeat(40);
        t.stmt("call c", "frames 22..61: (no guard) the 13th no longer fits");
        t.end();
        t.stmt("addr 0 21.2", "frame 61 -> raw.2, across the segment boundary");
        t.sees("load 0", 77);
        t.stmt("store 0 78");
        t.stmt("gc");
        t.repeat(40);
        t.stmt("ret");
        t.end();
        t.sees("get 2", 78, "back in raw: the store from frame 61 landed");
        t.sees("load 3", 78);
        t.sees("load 0", 100);
        t.stmt("ret");
        t.repeat(10);
        t.stmt("ret");
        t.end();
        t.sees("get 1", 12, "frame 10: the store from raw landed");
        t.repeat(10);
        t.stmt("ret");
        t.end();
        t.stmt("gc");
        t.sees("get 0", 100, "frame 0");
        t.stmt("ret");
        return t.scenario("nomap");
    }

    // ---------------------------------------------------------------------------------------------------
    // deep: a million frames

    public static Scenario deep(int frames) {
        Text t = new Text();
        t.header("deep.stk: " + String.format(Locale.ROOT, "%,d", frames) + " frames above frame 0 (16 bytes each) "
                        + "with a pointer from the top frame to",
                "frame 0, used with a store and loads; then every frame returns, gc runs in frame 0 (a copying",
                "stack may shrink), and frame 0 returns. The text stays tiny: repeat runs the calls and",
                "returns without expanding them. Engines and checkers must not recurse per frame.",
                "Observations: 1 (load), 2 (load after the store), 2 (get in frame 0).");
        t.decl("frame main words=1");
        t.decl("frame f words=1 ptrs=0");
        t.blank();
        t.stmt("call main", "frame 0");
        t.stmt("set 0 1");
        t.repeat(frames);
        t.stmt("call f");
        t.end();
        t.stmt("addr 0 0.0", "frame " + frames + " -> frame 0 slot 0");
        t.sees("load 0", 1);
        t.stmt("store 0 2");
        t.sees("load 0", 2);
        t.stmt("gc");
        t.repeat(frames);
        t.stmt("ret");
        t.end();
        t.stmt("gc");
        t.sees("get 0", 2);
        t.stmt("ret", "the final ret: frame 0 returns");
        return t.scenario("deep");
    }

    // ---------------------------------------------------------------------------------------------------

    /**
     * Builds .stk text line by line, with comments aligned, and the observations the program must make:
     * each {@link #sees} adds one; a repeat's observations are multiplied by its count when it closes.
     */
    static final class Text {
        private static final int COMMENT_COLUMN = 40;

        private final StringBuilder out = new StringBuilder();
        private final List<List<Long>> seen = new ArrayList<>();
        private final List<Long> counts = new ArrayList<>();
        private final String generator;
        private int base;

        Text() {
            this("Scenarios");
        }

        /** A builder whose header names {@code generator}, a class of this package, as the file's source. */
        Text(String generator) {
            this.generator = generator;
            seen.add(new ArrayList<>());
        }

        void header(String... lines) {
            for (String l : lines) {
                out.append(l.isEmpty() ? "#" : "# " + l).append('\n');
            }
            out.append("#\n# Expected observations: the .out file beside this one. Generated by\n"
                    + "# dev.stackcheck.scenarios." + generator + "; edit that class, not this file.\n\n");
        }

        void blank() {
            out.append('\n');
        }

        void decl(String text) {
            decl(text, null);
        }

        void decl(String text, String comment) {
            line(text, comment, 0);
        }

        /** Sets the indentation (in levels) of the next statements, besides that of open repeats. */
        void indent(int levels) {
            base = levels;
        }

        void stmt(String text) {
            stmt(text, null);
        }

        void stmt(String text, String comment) {
            line(text, comment, base + counts.size());
        }

        void sees(String text, long value) {
            sees(text, value, null);
        }

        void sees(String text, long value, String comment) {
            sees(text, value, comment, true);
        }

        /** A statement that observes {@code value}; with {@code noted}, a comment says so. */
        void sees(String text, long value, String comment, boolean noted) {
            if (noted) {
                stmt(text, comment == null ? "sees " + value : "sees " + value + ": " + comment);
            } else {
                stmt(text, comment);
            }
            seen.get(seen.size() - 1).add(value);
        }

        void repeat(long count) {
            stmt("repeat " + count + " {");
            counts.add(count);
            seen.add(new ArrayList<>());
        }

        void end() {
            long count = counts.remove(counts.size() - 1);
            List<Long> body = seen.remove(seen.size() - 1);
            if (!body.isEmpty() && count * body.size() > 10_000_000L) {
                throw new IllegalStateException("too many observations to list");
            }
            List<Long> parent = seen.get(seen.size() - 1);
            for (long i = 0; i < count && !body.isEmpty(); i++) {
                parent.addAll(body);
            }
            stmt("}");
        }

        private void line(String text, String comment, int levels) {
            StringBuilder l = new StringBuilder("  ".repeat(levels)).append(text);
            if (comment != null) {
                l.append(" ".repeat(Math.max(1, COMMENT_COLUMN - l.length()))).append("# ").append(comment);
            }
            out.append(l).append('\n');
        }

        Scenario scenario(String name) {
            if (!counts.isEmpty()) {
                throw new IllegalStateException("unclosed repeat in " + name);
            }
            return new Scenario(name, out.toString(), Collections.unmodifiableList(seen.get(0)));
        }
    }
}

package dev.stackcheck.scenarios;

import dev.stackcheck.scenarios.Scenarios.Scenario;
import dev.stackcheck.scenarios.Scenarios.Text;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Go's runtime stack tests (golang/go src/runtime/stack_test.go) ported as example programs under
 * specs/programs/go/: each scenario is the Go test's situation, not its code, scaled where Go runs many
 * goroutines or thousands of iterations so that every program runs in well under a second on every engine.
 *
 * <p>Invariant: as in {@link Scenarios}, the expected observations are derived here from what each program
 * means (the value each store or deferred store leaves, the marker each saved frame pointer must reach),
 * never by running the specification; the committed files are exactly what {@link #all()} produces.
 *
 * <p>Regenerate with {@code java -cp core/target/classes:api/target/classes dev.stackcheck.scenarios.GoScenarios
 * specs/programs/go}.
 */
public final class GoScenarios {

    /** Iterations of growStack's loop here (Go: 1 << 10; -short: 1 << 8). */
    public static final int GROW_ITERATIONS = 64;

    private GoScenarios() {
    }

    /** Every Go scenario, in a fixed order. */
    public static List<Scenario> all() {
        return List.of(stackGrowth(GROW_ITERATIONS), deferPtrs(GROW_ITERATIONS), deferPtrsGoexit(100),
                stackMem(32), stackCache(4, 25), framePointerAdjust(10_000, 256, 512));
    }

    /** Writes NAME.stk and NAME.out of every scenario into {@code dir}. */
    public static void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Scenario s : all()) {
            Files.writeString(dir.resolve(s.name() + ".stk"), s.text(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(s.name() + ".out"), s.outText(), StandardCharsets.UTF_8);
        }
    }

    /** Writes the files into the directory named by the one argument (the committed ones: specs/programs/go). */
    public static void main(String[] args) throws IOException {
        write(Path.of(Scenarios.directoryArgument(args, "GoScenarios", "specs/programs/go")));
    }

    // ---------------------------------------------------------------------------------------------------
    // TestStackGrowth

    /**
     * TestStackGrowth: growStack's loop, {@code iterations} times: x := 0; growStackIter(&x, i); x must be
     * i + 1; a GC at the deepest point of each descent and one after the loop.
     */
    public static Scenario stackGrowth(int iterations) {
        Text t = new Text("GoScenarios");
        t.header("go/stackgrowth.stk: Go's TestStackGrowth (runtime/stack_test.go): growStack's loop. For i = 0..."
                        + (iterations - 1) + ": x := 0,",
                "growStackIter(&x, i), then x must be i + 1. growStackIter(p, n) stores n + 1 through p (a pointer",
                "into its caller's frame), and for n > 0 recurses with &x of its own and checks x == n on return;",
                "at n == 0 it runs a GC. Every level's pointer is made before the stack grows or splits under it.",
                "Go runs 1 << 10 iterations; here " + iterations + " (every position of the first copies and of",
                "the first segment boundary; growth.stk has a 1024-deep descent). A growStackIter frame is 128 bytes",
                "(x, p, n and spill space). Observations, per iteration i: x == n at each level n = 1..i on the way",
                "back up, then i + 1 in growStack's frame.");
        t.decl("frame growstack words=2", "slot 0: x");
        t.decl("frame iter words=15 ptrs=1", "slot 0: x; slot 1: p; the rest: n and spill slots");
        t.blank();
        t.stmt("call growstack", "frame 0: the goroutine running growStack");
        growStack(t, 0, iterations);
        t.stmt("ret");
        return t.scenario("stackgrowth");
    }

    /** growStack's loop from frame {@code caller}, a frame whose slot 0 is x; ends with growStack's GC. */
    private static void growStack(Text t, int caller, int iterations) {
        for (int i = 0; i < iterations; i++) {
            t.stmt("set 0 0", "i = " + i + ": x := 0");
            for (int n = i; n >= 0; n--) {
                int frame = caller + 1 + (i - n);
                t.stmt("call iter", n == i ? "growStackIter(&x, " + i + ")" : null);
                t.stmt("addr 1 " + (frame - 1) + ".0", n == i ? "p = &x of the caller" : null);
                t.stmt("store 1 " + (n + 1), n == i || n == 0 ? "*p = n + 1 (n = " + n + ")" : null);
            }
            t.stmt("gc", "n == 0: GC at the deepest point");
            for (int n = 0; n <= i; n++) {
                if (n > 0) {
                    t.sees("get 0", n, null, n == i);
                }
                t.stmt("ret");
            }
            t.sees("get 0", i + 1, "x == i + 1");
        }
        t.stmt("gc", "growStack's final GC");
    }

    // ---------------------------------------------------------------------------------------------------
    // TestDeferPtrs

    /** TestDeferPtrs: a deferred set(&y, 42) whose argument points into the stack while growStack runs. */
    public static Scenario deferPtrs(int iterations) {
        Text t = new Text("GoScenarios");
        t.header("go/deferptrs.stk: Go's TestDeferPtrs (runtime/stack_test.go): `defer set(&y, 42)` records a",
                "pointer to y, a stack variable, in a defer record outside the stack; then growStack(nil) grows",
                "the stack (" + iterations + " iterations of its loop here, as in go/stackgrowth.stk), and when the",
                "deferred call runs, its pointer must have followed y. Frame 1 is the test's body: it takes &y,",
                "defers the store and drops its own copy of the pointer, so only the record holds it. When frame 1",
                "returns the deferred store runs; the test's other deferred function checks y == 42 (here: get 0",
                "in frame 0). Observations: 0 (y before), the growStack observations, 42 (y after).");
        t.decl("frame test words=1", "slot 0: y");
        t.decl("frame body words=1 ptrs=0", "slot 0: &y, the deferred call's argument");
        t.decl("frame growstack words=2", "slot 0: x");
        t.decl("frame iter words=15 ptrs=1", "slot 0: x; slot 1: p; the rest: n and spill slots");
        t.blank();
        t.stmt("call test", "frame 0: TestDeferPtrs, var y int");
        t.sees("get 0", 0);
        t.stmt("call body", "frame 1");
        t.stmt("addr 0 0.0", "&y");
        t.stmt("defer 0 42", "defer set(&y, 42)");
        t.stmt("set 0 0", "only the defer record points at y now");
        t.stmt("call growstack", "frame 2: growStack(nil)");
        growStack(t, 2, iterations);
        t.stmt("ret");
        t.stmt("ret", "frame 1 returns: the deferred set(&y, 42) runs");
        t.sees("get 0", 42, "y == 42: the defer's stack reference was adjusted");
        t.stmt("ret");
        return t.scenario("deferptrs");
    }

    // ---------------------------------------------------------------------------------------------------
    // TestDeferPtrsGoexit

    /** TestDeferPtrsGoexit: a deferred call with 4 KB of arguments started at depths of 0..trials-1 KB. */
    public static Scenario deferPtrsGoexit(int trials) {
        Text t = new Text("GoScenarios");
        t.header("go/deferptrsgoexit.stk: Go's TestDeferPtrsGoexit (runtime/stack_test.go). Each trial i (0.."
                        + (trials - 1) + ") is a",
                "goroutine that defers setBig(&y, 42, bigBuf{}), a call with more than 4 KB of arguments, uses i KB",
                "of stack (useStackAndCall: 1 KB frames) and calls Goexit, which starts the deferred call at the",
                "bottom of the stack, so the stack grows while the defer record's pointer to y is pending. The",
                "test looks for a depth less than 4 KB from the end of the stack. Here: frame 1 is the trial (y),",
                "frame 2 makes the deferred store through &y, i frames of 1 KB follow, then the deferred call's",
                "4 KB frame; the frames unwind, the deferred store runs when frame 2 returns, and the trial sends y",
                "(get 0). Each trial ran in a fresh goroutine in Go; here several gcs after each trial let a moved",
                "stack shrink back to its initial size. Observations: 42 per trial.");
        t.decl("frame main words=1", "the test");
        t.decl("frame trial words=1", "testDeferPtrsGoexit: slot 0: y");
        t.decl("frame body words=1 ptrs=0", "slot 0: &y, the deferred call's argument");
        t.decl("frame kb words=127", "useStackAndCall: var b [1024]byte, 1 KB with the return address");
        t.decl("frame setbig words=513", "setBig(p, x, b bigBuf): 4 KB of bigBuf, p and x");
        t.blank();
        t.stmt("call main", "frame 0");
        for (int i = 0; i < trials; i++) {
            t.stmt("call trial", "trial " + i + ": var y int");
            t.stmt("call body");
            t.stmt("addr 0 1.0", "&y");
            t.stmt("defer 0 42", "defer setBig(&y, 42, bigBuf{})");
            t.stmt("set 0 0");
            if (i > 0) {
                t.repeat(i);
                t.stmt("call kb", "useStackAndCall(" + i + ", Goexit)");
                t.end();
            }
            t.stmt("call setbig", "Goexit starts the deferred call: 4 KB of arguments");
            t.stmt("ret");
            if (i > 0) {
                t.repeat(i);
                t.stmt("ret");
                t.end();
            }
            t.stmt("ret", "the deferred store *p = 42 runs");
            t.sees("get 0", 42, "c <- y");
            t.stmt("ret");
            t.repeat(7);
            t.stmt("gc", "a fresh goroutine for the next trial");
            t.end();
        }
        t.stmt("ret");
        return t.scenario("deferptrsgoexit");
    }

    // ---------------------------------------------------------------------------------------------------
    // TestStackMem

    /** TestStackMem: batches of 128-deep recursions with a 1 KB argument; stack memory must stay bounded. */
    public static Scenario stackMem(int batches) {
        int depth = 128;
        Text t = new Text("GoScenarios");
        t.header("go/stackmem.stk: Go's TestStackMem (runtime/stack_test.go): goroutines each run f(128, a) where",
                "f(k, a [1024]byte) recurses to k == 0 (1 KB argument per frame), in 256 batches of 32; the test",
                "bounds the stack memory in use afterwards. Here one goroutine runs " + batches + " such recursions",
                "one after another, with a gc after each; invariant LEAK-1 bounds the memory: whenever only frame",
                "0 is live the engine may hold only its base region (and its cached segment). Each frame keeps k",
                "and checks it after its callee returns. Observations, per batch: 0 at the deepest frame, then",
                "k = 1.." + depth + " on the way back up.");
        t.decl("frame main words=1");
        t.decl("frame f words=129", "slot 0: k; slots 1..128: a [1024]byte");
        t.blank();
        t.stmt("call main", "frame 0");
        t.repeat(batches);
        for (int k = depth; k >= 0; k--) {
            t.stmt("call f", k == depth || k == 0 ? "f(" + k + ", a)" : null);
            t.stmt("set 0 " + k);
        }
        for (int k = 0; k <= depth; k++) {
            t.sees("get 0", k, null, k == 0 || k == depth);
            t.stmt("ret");
        }
        t.stmt("gc");
        t.end();
        t.stmt("ret");
        return t.scenario("stackmem");
    }

    // ---------------------------------------------------------------------------------------------------
    // TestStackCache

    /** TestStackCache: goroutines growing to 1..16 KB repeatedly, rounds apart. */
    public static Scenario stackCache(int rounds, int goroutines) {
        Text t = new Text("GoScenarios");
        t.header("go/stackcache.stk: Go's TestStackCache (runtime/stack_test.go): in R = 4 rounds, G = 200",
                "goroutines each use 1, 2, 4, 8 and 16 KB of stack (useStack: 1 KB frames), so that stacks of every",
                "cached size are freed and taken again. Here one goroutine plays the " + goroutines
                        + " goroutines of each",
                "round one after another, " + rounds + " rounds with a gc between them: a segmented stack splits",
                "and returns across boundaries again and again (its cache is taken and refilled), a copying stack",
                "grows to 16 KB and shrinks at the gcs. The deepest frame of each use records how many KB it used.",
                "Observations: 1 2 4 8 16, per goroutine and round.");
        t.decl("frame main words=1");
        t.decl("frame kb words=127", "useStackAndCall: var b [1024]byte, 1 KB with the return address");
        t.blank();
        t.stmt("call main", "frame 0");
        t.repeat(rounds);
        t.repeat(goroutines);
        for (int s = 0; s < 5; s++) {
            int n = 1 << s;
            t.repeat(n);
            t.stmt("call kb", "useStack(" + n + ")");
            t.end();
            t.stmt("set 0 " + n);
            t.sees("get 0", n);
            t.repeat(n);
            t.stmt("ret");
            t.end();
        }
        t.end();
        t.stmt("gc", "between rounds");
        t.end();
        t.stmt("ret");
        return t.scenario("stackcache");
    }

    // ---------------------------------------------------------------------------------------------------
    // TestFramePointerAdjust

    /**
     * TestFramePointerAdjust and TestSystemstackFramePointerAdjust: saved frame pointers (a pointer from each
     * frame into its caller's frame) must be right after the stack grows and after it shrinks.
     */
    public static Scenario framePointerAdjust(int growDepth, int linked, int shrinkDepth) {
        Text t = new Text("GoScenarios");
        t.header("go/framepointer.stk: Go's TestFramePointerAdjust (testprog FramePointerAdjust) and",
                "TestSystemstackFramePointerAdjust (runtime/stack_test.go). Every frame's slot 0 is its saved frame",
                "pointer: a pointer to its caller's slot 1, where the caller keeps a marker (1000 + its index).",
                "Part 1: framePointerAdjust1 (frame 1) checks that its saved frame pointer reaches its caller, calls",
                "grow(" + growDepth + ") (here: the first " + linked
                        + " levels link their frame pointers, the rest are plain 24-byte",
                "frames), each linked level checks its link on the way back, and frame 1 checks again after the",
                "growth. Part 2: growAndShrinkStack(" + shrinkDepth + ", [1024]byte{}) recurses " + shrinkDepth
                        + " levels with 1 KB of ballast,",
                "and each level, after its callee returns, shrinks the stack (gc) and verifies its frame pointer.",
                "Observations: the marker each load reaches.");
        t.decl("frame main words=2", "slot 1: marker");
        t.decl("frame fp words=2 ptrs=0", "slot 0: saved frame pointer; slot 1: marker");
        t.decl("frame leaf words=2", "grow(n): n and spill");
        t.decl("frame ballast words=130 ptrs=0", "slot 0: saved frame pointer; slot 1: marker; 1 KB ballast");
        t.blank();
        t.stmt("call main", "frame 0");
        t.stmt("set 1 1000");
        t.stmt("call fp", "frame 1: framePointerAdjust1(0)");
        t.stmt("addr 0 0.1", "the saved frame pointer");
        t.stmt("set 1 1001");
        t.sees("load 0", 1000, "saved FP is near &x");
        for (int d = 2; d < 2 + linked; d++) {
            t.stmt("call fp", d == 2 ? "grow(" + growDepth + "): linked levels" : null);
            t.stmt("addr 0 " + (d - 1) + ".1");
            t.stmt("set 1 " + (1000 + d));
        }
        int plain = growDepth - linked;
        t.repeat(plain);
        t.stmt("call leaf", "the remaining " + plain + " levels of grow");
        t.end();
        t.repeat(plain);
        t.stmt("ret");
        t.end();
        for (int d = 1 + linked; d >= 2; d--) {
            t.sees("load 0", 1000 + d - 1, null, d == 1 + linked || d == 2);
            t.stmt("ret");
        }
        t.sees("load 0", 1000, "check again after the growth");
        for (int d = 2; d < 2 + shrinkDepth; d++) {
            t.stmt("call ballast", d == 2 ? "growAndShrinkStack(" + shrinkDepth + ", [1024]byte{})" : null);
            t.stmt("addr 0 " + (d - 1) + ".1");
            t.stmt("set 1 " + (1000 + d));
        }
        for (int d = 1 + shrinkDepth; d >= 2; d--) {
            boolean noted = d == 1 + shrinkDepth || d == 2;
            t.stmt("gc", noted ? "ShrinkStackAndVerifyFramePointers" : null);
            t.sees("load 0", 1000 + d - 1, null, noted);
            t.stmt("ret");
        }
        t.sees("load 0", 1000);
        t.stmt("ret");
        t.sees("get 1", 1000);
        t.stmt("ret");
        return t.scenario("framepointer");
    }
}

package dev.stackcheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackcheck.proc.GccgoPrediction;
import dev.stackcheck.proc.OutsideEngine;
import dev.stackcheck.proc.OutsideEngines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The seed's claims on real runtimes ({@code stackcheck report --real-runtimes}): the bench modes of the three
 * real engines (src/main/go/bench.go under gccgo and gc, src/main/c/stackcheck-c.c) run in their own processes,
 * in turns, several times; each figure is the fastest of its runs (the least disturbed by the machine's other
 * work). Then the gccgo prediction (GccgoPredictionReport). Writes real-runtimes.md and its charts; every
 * timing line is marked volatile.
 *
 * <p>Invariant: every number on the page is read from a bench line or an engine run of this invocation,
 * except the libgcc source lines quoted in the text.
 */
public final class RealRuntimes {

    /** The three runtimes: engine descriptor, label, bench flag. */
    private record Runtime(String engine, String label) {}

    private static final List<Runtime> RUNTIMES = List.of(
            new Runtime("gccgo", "gccgo 12 (libgcc split stacks)"),
            new Runtime("go-release", "gc Go 1.19 (copied stacks)"),
            new Runtime("c-fixed", "C thread (fixed stack)"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private RealRuntimes() {
    }

    /** One bench measurement kind, by key ("pair inside", "descent 1000"), over the runs. */
    private static final class Runs {
        final Map<String, List<JsonNode>> byKey = new LinkedHashMap<>();

        void add(JsonNode line) {
            String key = line.get("bench").asText().equals("pair") ? "pair " + line.get("where").asText()
                    : "descent " + line.get("frames").asLong();
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(line);
        }

        /** The smallest value of field over the runs of key, or -1. */
        long min(String key, String field) {
            return byKey.getOrDefault(key, List.of()).stream().mapToLong(n -> n.get(field).asLong()).min().orElse(-1);
        }

        long any(String key, String field) {
            List<JsonNode> l = byKey.getOrDefault(key, List.of());
            return l.isEmpty() ? -1 : l.get(0).get(field).asLong();
        }

        List<Long> all(String key, String field) {
            return byKey.getOrDefault(key, List.of()).stream().map(n -> n.get(field).asLong()).toList();
        }
    }

    /**
     * Runs everything and writes real-runtimes.md and its charts into {@code out}.
     *
     * @param pairs   call/return pairs per loop
     * @param repeats runs of each engine's bench
     * @return the files written
     * @throws IllegalStateException when an engine cannot be built or its bench fails
     */
    public static List<Path> write(Path out, long pairs, int repeats, int predictionPrograms) throws IOException {
        long started = System.nanoTime();
        Map<String, Runs> runs = new LinkedHashMap<>();
        Map<String, Path> binaries = new LinkedHashMap<>();
        for (Runtime r : RUNTIMES) {
            OutsideEngine e = OutsideEngines.find(r.engine())
                    .orElseThrow(() -> new IllegalStateException("no engine descriptor " + r.engine()));
            OutsideEngines.ensureBuilt(e);
            binaries.put(r.engine(), Path.of(e.command().get(0)));
            runs.put(r.engine(), new Runs());
        }
        for (int i = 0; i < repeats; i++) {
            for (Runtime r : RUNTIMES) {
                for (JsonNode line : bench(binaries.get(r.engine()), pairs)) {
                    runs.get(r.engine()).add(line);
                }
            }
        }
        OutsideEngine gccgo = OutsideEngines.find("gccgo").orElseThrow();
        GccgoPredictionReport.Result prediction = GccgoPredictionReport.measure(gccgo,
                GccgoPrediction.load(Path.of(gccgo.command().get(0)).resolveSibling("frames.txt")), predictionPrograms);
        Files.createDirectories(out);
        List<Path> written = new ArrayList<>();
        written.add(chart(out, "real-hotsplit.svg", hotSplitChart(runs, repeats)));
        written.add(chart(out, "real-growth-time.svg", growthChart(runs, true)));
        written.add(chart(out, "real-growth-reserved.svg", growthChart(runs, false)));
        Path page = out.resolve("real-runtimes.md");
        Files.writeString(page, page(runs, pairs, repeats, prediction, started), StandardCharsets.UTF_8);
        written.add(page);
        return written;
    }

    private static Path chart(Path out, String name, LineChart chart) throws IOException {
        Path p = out.resolve(name);
        Files.writeString(p, chart.svg(), StandardCharsets.UTF_8);
        return p;
    }

    /** Runs one bench process and returns its lines. */
    static List<JsonNode> bench(Path binary, long pairs) throws IOException {
        Process p = new ProcessBuilder(binary.toString(), "--bench", Long.toString(pairs))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(binary + " --bench failed: " + text);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(binary + " --bench interrupted");
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (!l.isBlank()) {
                lines.add(JSON.readTree(l));
            }
        }
        return lines;
    }

    private static double perPair(Runs r, String key, long pairs) {
        long ns = r.min(key, "ns");
        return ns < 0 ? Double.NaN : (double) ns / pairs;
    }

    private static LineChart hotSplitChart(Map<String, Runs> runs, int repeats) {
        LineChart c = new LineChart("One call/return pair, each run", new LineChart.Axis("run", LineChart.Scale.LINEAR,
                LineChart.Units.COUNT), new LineChart.Axis("ns per pair", LineChart.Scale.LOG10, LineChart.Units.PLAIN));
        double[] xs = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            xs[i] = i + 1;
        }
        add(c, "gccgo, across a segment boundary", xs, runs.get("gccgo"), "pair boundary");
        add(c, "gccgo, inside a segment", xs, runs.get("gccgo"), "pair inside");
        add(c, "gc, copied stack", xs, runs.get("go-release"), "pair inside");
        add(c, "C, fixed stack", xs, runs.get("c-fixed"), "pair inside");
        return c;
    }

    private static void add(LineChart c, String name, double[] xs, Runs r, String key) {
        List<Long> ns = r.all(key, "ns");
        long pairs = r.any(key, "pairs");
        if (ns.size() != xs.length) {
            return;
        }
        double[] ys = new double[xs.length];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = (double) ns.get(i) / pairs;
        }
        c.line(name, xs, ys);
    }

    private static List<Long> depths(Runs r) {
        List<Long> d = new ArrayList<>();
        for (String k : r.byKey.keySet()) {
            if (k.startsWith("descent ")) {
                d.add(Long.parseLong(k.substring(8)));
            }
        }
        return d;
    }

    private static LineChart growthChart(Map<String, Runs> runs, boolean time) {
        LineChart c = time
                ? new LineChart("Descent to N frames and back: time per frame",
                        new LineChart.Axis("N (frames)", LineChart.Scale.LOG10, LineChart.Units.COUNT),
                        new LineChart.Axis("ns per frame (first descent)", LineChart.Scale.LOG10, LineChart.Units.PLAIN))
                : new LineChart("Descent to N frames: bytes reserved per byte used",
                        new LineChart.Axis("N (frames)", LineChart.Scale.LOG10, LineChart.Units.COUNT),
                        new LineChart.Axis("reserved / used", LineChart.Scale.LOG10, LineChart.Units.PLAIN));
        for (Runtime rt : RUNTIMES) {
            Runs r = runs.get(rt.engine());
            List<Long> ns = depths(r);
            double[] xs = new double[ns.size()];
            double[] ys = new double[ns.size()];
            for (int i = 0; i < xs.length; i++) {
                String key = "descent " + ns.get(i);
                xs[i] = ns.get(i);
                ys[i] = time ? (double) r.min(key, "ns") / ns.get(i)
                        : (double) r.any(key, "reserved") / r.any(key, "used");
            }
            // gc's first stack comes from the runtime's pool: no growth of its stack spans to show
            int from = 0;
            while (!time && from < ys.length && ys[from] <= 0) {
                from++;
            }
            c.line(rt.label(), Arrays.copyOfRange(xs, from, xs.length),
                    Arrays.copyOfRange(ys, from, ys.length));
        }
        return c;
    }

    private static String page(Map<String, Runs> runs, long pairs, int repeats, GccgoPredictionReport.Result prediction,
                               long started) {
        Runs gccgo = runs.get("gccgo");
        Runs gc = runs.get("go-release");
        Runs c = runs.get("c-fixed");
        double hot = perPair(gccgo, "pair boundary", pairs);
        double inside = perPair(gccgo, "pair inside", pairs);
        double copied = perPair(gc, "pair inside", pairs);
        double fixed = perPair(c, "pair inside", pairs);
        StringBuilder s = new StringBuilder();
        s.append("# The seed's claims on real runtimes\n\n");
        s.append("Generated by `./stackcheck report --real-runtimes` (needs gcc, gccgo-12 and Go 1.19; not part of the"
                + " default `./stackcheck report`); do not edit. Linked from [index.md](index.md).\n\n");
        s.append("Generated ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" in ")
                .append(String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - started) / 1e9)).append(". ")
                .append(Page.VOLATILE).append("\n\n");
        s.append("Machine: ").append(Machine.describe()).append(", shared with other work while measuring. ")
                .append(Page.VOLATILE).append("\n\n");
        s.append("Each engine binary has a bench mode (`--bench P`) that times the loops inside its own process, so"
                + " process start-up is not measured: src/main/go/bench.go for both Go builds (gccgo-12 and gc 1.19),"
                + " src/main/c/stackcheck-c.c for the C thread. The three ran in turns, " + repeats + " times each;"
                + " every figure is the fastest of its runs. The same workload everywhere: the pair is a call of a"
                + " function with a 256-byte zeroed local array and its return; a descent level is a function with"
                + " an 8-word local array that calls the next level and adds to its result.\n\n");
        s.append("## 1. The hot split\n\n");
        s.append("P = ").append(String.format(Locale.ROOT, "%,d", pairs)).append(" call/return pairs from one frame."
                + " On gccgo the engine first descends until the called function no longer fits in the segment: from"
                + " that frame every call runs through `__morestack` onto the next segment and every return through"
                + " its return path (`__generic_releasestack`), which is the seed's hot split.\n\n");
        s.append("| stack | where the pair runs | ns per pair | vs the C fixed stack | segments the callee ran on |\n");
        s.append("|---|---|---|---|---|\n");
        row(s, "gccgo (libgcc split stacks)", "across a segment boundary, every call", hot, fixed, gccgo.any("pair boundary", "segments"));
        row(s, "gccgo (libgcc split stacks)", "inside a segment", inside, fixed, gccgo.any("pair inside", "segments"));
        row(s, "gc Go 1.19 (copied stacks)", "anywhere (one contiguous stack)", copied, fixed, gc.any("pair inside", "segments"));
        row(s, "C thread (fixed stack)", "anywhere (one fixed block)", fixed, fixed, 1);
        s.append('\n');
        s.append(String.format(Locale.ROOT, "The claim, as ratios measured in this run: a pair across a boundary costs"
                + " **%.1f times** the same pair inside a segment on gccgo, %.1f times the pair on gc's copied stack,"
                + " and %.1f times the pair on the C fixed stack. %s%n%n", hot / inside, hot / copied, hot / fixed,
                Page.VOLATILE));
        s.append("The boundary-to-inside ratio compares one binary's one function with itself; across runtimes the pair"
                + " also differs in code: gcc (gccgo and C) zeroes the 256-byte array with `rep stos`, gc with vector"
                + " stores, which is most of the gap between gc and the other two inside a segment.\n\n");
        s.append("![ns per pair, each run](real-hotsplit.svg)\n\n");
        s.append("## 2. The cost of growth\n\n");
        s.append("A new goroutine (gccgo, gc) or the C thread descends to N levels and returns, twice. *first* is the"
                + " first descent (the stack grows: gccgo maps segments, gc copies, C touches pages of its block),"
                + " *again* the second on the same goroutine (gccgo reuses its cached segments, gc keeps its grown"
                + " stack, C its touched pages). Used = the bytes the N + 1 levels take (one level measured between"
                + " two adjacent levels); reserved at the deepest point: gccgo the segments from the goroutine's first"
                + " (4 MiB, libgo's malg) to the current one, gc the growth of the runtime's stack spans"
                + " (MemStats.StackInuse), C the thread's whole block (512 MiB, fixed in advance for the deepest"
                + " descent).\n\n");
        s.append("| N |");
        for (Runtime rt : RUNTIMES) {
            s.append(' ').append(rt.label()).append(": ns per frame first / again, reserved / used |");
        }
        s.append("\n|---|---|---|---|\n");
        TreeMap<Long, Boolean> ns = new TreeMap<>();
        for (Runtime rt : RUNTIMES) {
            depths(runs.get(rt.engine())).forEach(n -> ns.put(n, true));
        }
        for (long n : ns.keySet()) {
            s.append("| ").append(String.format(Locale.ROOT, "%,d", n)).append(" |");
            for (Runtime rt : RUNTIMES) {
                Runs r = runs.get(rt.engine());
                String key = "descent " + n;
                long reserved = r.any(key, "reserved");
                s.append(String.format(Locale.ROOT, " %.1f / %.1f, %s |", (double) r.min(key, "ns") / n,
                        (double) r.min(key, "warmNs") / n, reserved <= 0 ? "within the first stack"
                                : String.format(Locale.ROOT, "%.2f", (double) reserved / r.any(key, "used"))));
            }
            s.append(' ').append(Page.VOLATILE).append('\n');
        }
        s.append("\nOne level takes ");
        for (Runtime rt : RUNTIMES) {
            s.append(rt.label()).append(": ").append(runs.get(rt.engine()).any("descent " + ns.lastKey(), "frameBytes"))
                    .append(" bytes; ");
        }
        s.setLength(s.length() - 2);
        s.append(".\n\n![time per frame](real-growth-time.svg)\n\n![reserved per used](real-growth-reserved.svg)\n\n");
        s.append("## 3. Predicting libgcc's segment events\n\n");
        s.append("`GccgoPrediction` (core/src/main/java/dev/stackcheck/proc) replays each program on the reference segmented"
                + " engine with the gccgo12 profile and this machine's segment floor, fed the gccgo build's real frames"
                + " (target/gccgo/frames.txt: each function's request to `__morestack`), and compares its split,"
                + " lessstack, alloc and free events, with every segment's size, with the gccgo engine's, statement by"
                + " statement. `GccgoPredictionTest` checks the same agreement (90% or more).\n\n");
        s.append(GccgoPredictionReport.markdown(prediction)).append('\n');
        s.append(WHY);
        s.append("\n## 4. The seed's picture and libgcc\n\n");
        s.append(String.format(Locale.ROOT, "- **Holds: a hot split is real and costs more than a call.** Go 1.2's"
                + " segmented stacks (and libgcc's) switch segments in the prologue of the call that does not fit"
                + " and again on its return; repeated, that pair costs %.1f times a pair inside a segment here. %s%n",
                hot / inside, Page.VOLATILE));
        s.append("- **Differs: libgcc allocates nothing in the hot split.** Go 1.2's lessstack freed the segment it"
                + " left (stackfree in runtime·oldstack), so every hot split allocated again. libgcc's"
                + " `__generic_releasestack` only moves the current pointer back (\"We don't actually release the"
                + " stack segment\", libgcc/generic-morestack.c), and `__generic_morestack` reuses `current->next`"
                + " when it is big enough: the callee ran on " + gccgo.any("pair boundary", "segments")
                + " segment in all its pairs. What remains is the switch itself: `__morestack` saves the"
                + " registers, calls `__generic_morestack`, sets the new limit in `%fs:0x70`, calls the function, and"
                + " on return calls `__generic_releasestack` and restores the old limit.\n");
        s.append("- **Differs: nothing is ever given back.** The returned chain stays mapped until a split needs a"
                + " bigger segment (then `__morestack_release_segments` unmaps the whole cached tail);"
                + " runtime.GC does not release it. So libgcc's reserved bytes are those of the"
                + " deepest descent so far, as with gc's copied stack before a shrink.\n");
        s.append("- **Differs: the first segment is big.** libgo gives every goroutine a 4 MiB first segment, so a"
                + " shallow program never splits, and reserved per used is large for small N (table above); the"
                + " seed's 8 KiB segments (Go 1.2's StackMin) are not what gccgo runs on.\n");
        s.append("- **Holds: copying removes the hot split.** On gc the same pair has no boundary to cross once the"
                + " stack has grown: its cost is a plain call, as on the C fixed stack; growth costs copies"
                + " (amortized: the *again* column shows the second descent without them).\n");
        s.append("- **Holds: a fixed stack must be reserved in advance.** The C thread reserves its whole block for"
                + " the deepest descent it may ever make; reserved per used is the block over what the descent used.\n");
        return s.toString();
    }

    private static void row(StringBuilder s, String stack, String where, double ns, double fixed, long segments) {
        s.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f x | %d | %s%n", stack, where, ns, ns / fixed,
                segments, Page.VOLATILE));
    }

    /** Why the prediction can differ, with the sources. */
    static final String WHY = """
            Why a prediction can differ, from the sources:

            - **The runtime's own frames.** A `gc` statement calls `runtime.GC()`; libgo's runtime functions are
              compiled with `-fsplit-stack` too and run on the goroutine's segments below the interpreter's top
              frame. When that frame is close to the segment's limit, one of them splits onto a new segment
              (`__generic_morestack`, allocate_segment), and its return leaves the segment cached
              (`__generic_releasestack`): the engine reports the allocation after the gc (segmentsAfterRuntime),
              the model runs no frames for gc. The next split that needs a bigger segment than that cached one
              then unmaps it first (`__generic_morestack`: `if (*pp != NULL && (*pp)->size < frame_size) dynamic =
              __morestack_release_segments (pp, 0);`), a free the model does not have either.
            - **The limit and the first frame.** gcc's split-stack prologue
              (gcc/config/i386/i386.cc, ix86_expand_split_stack_prologue) compares `sp - frame` with the limit in
              `%fs:0x70`, or `sp` itself for frames under SPLIT_STACK_AVAILABLE (256 bytes); `__morestack`
              (libgcc/config/i386/morestack.S) sets that limit to the new segment's usable low end plus BACKOFF
              (0xe00) and calls the function from the segment's very top. The model puts these in through the
              reference engine's hooks (GccgoPrediction.LibgccModel); before it lowered its limit by the 24 bytes
              of its own record, it split one call early in segments of small frames.
            """;
}

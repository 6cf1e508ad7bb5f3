package dev.stackcheck.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * reports/benchmarks.md from one JMH run's JSON results (scripts/bench.sh): the machine, the JVM and the
 * command, then each question of the benchmarks answered side by side from that one run: call/ret
 * throughput, copy bandwidth against System.arraycopy, the hot split against the same loop without a
 * boundary, and the checker's statements per second.
 *
 * <p>Usage: {@code java -cp core/target/benchmarks.jar dev.stackcheck.report.BenchmarkReport JSON OUT COMMAND}.
 */
public final class BenchmarkReport {

    /** Half of System.arraycopy: the bandwidth the copying engine is asked to reach. */
    public static final double BANDWIDTH_GOAL = 0.5;

    private BenchmarkReport() {
    }

    /** One benchmark result: method, parameters, score (operations per second) and its error. */
    record Result(String method, Map<String, String> params, double score, double error) {
        String param(String name) {
            return params.getOrDefault(name, "");
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: BenchmarkReport JMH-JSON OUT.md COMMAND");
            System.exit(2);
        }
        List<Result> results = read(Path.of(args[0]));
        String md = render(results, args[2], Machine.describe(), Instant.now().truncatedTo(ChronoUnit.SECONDS)
                .toString());
        Files.writeString(Path.of(args[1]), md, StandardCharsets.UTF_8);
        System.out.println("wrote " + args[1] + " (" + results.size() + " results)");
    }

    static List<Result> read(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        List<Result> out = new ArrayList<>();
        for (JsonNode n : root) {
            String bench = n.get("benchmark").asText();
            String method = bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1) + 1);
            Map<String, String> params = new LinkedHashMap<>();
            JsonNode p = n.get("params");
            if (p != null) {
                p.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            }
            JsonNode m = n.get("primaryMetric");
            if (!m.get("scoreUnit").asText().equals("ops/s")) {
                throw new IllegalArgumentException(bench + ": expected ops/s, got " + m.get("scoreUnit").asText());
            }
            double err = m.get("scoreError").isNumber() ? m.get("scoreError").asDouble() : Double.NaN;
            out.add(new Result(method, params, m.get("score").asDouble(), err));
        }
        return out;
    }

    static String render(List<Result> rs, String command, String machine, String date) {
        Page page = new Page();
        page.heading(1, "stackcheck benchmarks");
        page.text("Wall-clock measurements of the reference engines and the checker, by JMH, from one run. The"
                + " counts that do not depend on the machine are in [index.md](index.md). The machine runs other"
                + " work too (it is shared), so expect noise of tens of percent; the ratios compare benchmarks of"
                + " the same run.");
        page.bullets(List.of("date: " + date, "machine: " + machine, "command: `" + command + "`"));

        page.heading(2, "Engine call/ret throughput");
        page.text("One call of a 24-byte frame and its return on a stack with room to spare (the fast path: no"
                + " split, no copy), each engine with its default profile.");
        List<List<String>> rows = new ArrayList<>();
        for (Result r : of(rs, "CallRetBench.callRet")) {
            rows.add(List.of(r.param("engine"), mops(r.score()), pm(r)));
        }
        page.table(List.of("engine", "call/ret pairs per second", "error (99.9%)"), rows);

        page.heading(2, "Copy bandwidth: the copying engine against System.arraycopy");
        page.text("`engineCopystack` moves a go1.4 copying stack holding the given used bytes (72-byte frames,"
                + " each with one pointer to adjust) to a new region: allocate, copy, adjust every pointer with the"
                + " pointer maps, free the old region. `addressSpaceCopy` is the copy step alone (the checked word"
                + " copy of the simulated memory), `allocateAndFree` the region allocation alone, `adjustPointers` the pointer adjustment alone, and"
                + " `System.arraycopy` copies the same bytes between two Java arrays.");
        rows = new ArrayList<>();
        double worst = Double.MAX_VALUE;
        double worstCopyOnly = Double.MAX_VALUE;
        for (Result sys : of(rs, "CopyBandwidthBench.systemArraycopy")) {
            String bytes = sys.param("bytes");
            long b = Long.parseLong(bytes);
            Result eng = find(rs, "CopyBandwidthBench.engineCopystack", "bytes", bytes);
            Result mem = find(rs, "CopyBandwidthBench.addressSpaceCopy", "bytes", bytes);
            Result alloc = find(rs, "CopyBandwidthBench.allocateAndFree", "bytes", bytes);
            Result adjust = find(rs, "CopyBandwidthBench.adjustPointers", "bytes", bytes);
            double ratio = eng == null ? Double.NaN : eng.score() / sys.score();
            double ratioCopy = mem == null ? Double.NaN : mem.score() / sys.score();
            worst = Math.min(worst, ratio);
            worstCopyOnly = Math.min(worstCopyOnly, ratioCopy);
            rows.add(List.of(Page.bytes(b), gbps(eng, b), gbps(mem, b), gbps(sys, b),
                    alloc == null ? "" : us(alloc.score()), adjust == null ? "" : us(adjust.score()),
                    mem == null ? "" : us(mem.score()), eng == null ? "" : us(eng.score()), Page.ratio(ratio),
                    Page.ratio(ratioCopy)));
        }
        page.table(List.of("used bytes", "engine copystack", "AddressSpace.copy", "System.arraycopy",
                "allocate + free (µs)", "adjust (µs)", "copy step (µs)", "copystack (µs)", "copystack / arraycopy", "copy step / arraycopy"), rows);
        if (worst >= BANDWIDTH_GOAL) {
            page.text("**The copying engine reaches at least half of System.arraycopy** at every size (worst ratio "
                    + Page.ratio(worst) + ").");
        } else {
            StringBuilder why = new StringBuilder();
            boolean stepsDominate = true;
            for (Result sys : of(rs, "CopyBandwidthBench.systemArraycopy")) {
                String bytes = sys.param("bytes");
                Result eng = find(rs, "CopyBandwidthBench.engineCopystack", "bytes", bytes);
                Result mem = find(rs, "CopyBandwidthBench.addressSpaceCopy", "bytes", bytes);
                Result alloc = find(rs, "CopyBandwidthBench.allocateAndFree", "bytes", bytes);
                Result adjust = find(rs, "CopyBandwidthBench.adjustPointers", "bytes", bytes);
                if (eng == null || mem == null || alloc == null || adjust == null) {
                    continue;
                }
                stepsDominate &= alloc.score() < mem.score() && adjust.score() < mem.score();
                why.append(why.length() == 0 ? "" : "; ").append("at ").append(Page.bytes(Long.parseLong(bytes)))
                        .append(", copystack takes ").append(us(eng.score())).append(" µs: allocation ")
                        .append(us(alloc.score())).append(", adjustment ").append(us(adjust.score()))
                        .append(", copy ").append(us(mem.score()));
            }
            page.text("**The copying engine does not reach half of System.arraycopy** (worst ratio "
                    + Page.ratio(worst) + "). What bounds it is not the copy: the copy step alone runs at "
                    + Page.ratio(worstCopyOnly) + " or more of System.arraycopy (it is one System.arraycopy over"
                    + " the simulated memory's words). " + (stepsDominate
                    ? "Each of the other two steps of copystack, timed alone, costs more than the copy ("
                    : "The steps of copystack, timed alone (") + why + " µs; on a shared machine the steps timed apart need not add"
                    + " up to the whole): the allocation of the new region (a zeroed Java array twice the used"
                    + " bytes, as a doubling stack allocates; a real runtime's stack allocator does not zero it)"
                    + " and the pointer adjustment (every frame's pointer map walked and each pointer slot read and"
                    + " rewritten through the checked address space, which finds the region of every access; here"
                    + " one pointer per 72-byte frame). Those checks are the price of catching every stray"
                    + " access (MEM-1, MEM-2).");
        }

        page.heading(2, "Hot split: the loop across a boundary against the same loop without one");
        page.text("One iteration of the hot-split experiment's loop (call the 24-byte leaf, return) with frame 0"
                + " sized as in the experiment, so that every call crosses the boundary, and with a small frame 0,"
                + " so that none does. The slowdown is the cost of the hot split per iteration.");
        rows = new ArrayList<>();
        List<Contender> cs = HotSplit.contenders();
        for (int i = 0; i < cs.size(); i++) {
            Result with = find2(rs, "HotSplitBench.callRet", "contender", String.valueOf(i), "boundary", "true");
            Result without = find2(rs, "HotSplitBench.callRet", "contender", String.valueOf(i), "boundary", "false");
            if (with == null || without == null) {
                continue;
            }
            rows.add(List.of(cs.get(i).label(), mops(with.score()), mops(without.score()),
                    Page.ratio(without.score() / with.score()) + "x"));
        }
        page.table(List.of("engine", "iterations/s across the boundary", "iterations/s, no boundary",
                "slowdown"), rows);

        page.heading(2, "The checker's speed");
        rows = new ArrayList<>();
        for (Result r : of(rs, "CheckerBench.threeEngines")) {
            rows.add(List.of("growth program, 10,000 frames deep and back, on the specification and the three"
                    + " reference engines", mops(r.score()), pm(r)));
        }
        page.table(List.of("run", "statements per second (each checked on every engine)", "error (99.9%)"), rows);

        page.heading(2, "Every result");
        rows = new ArrayList<>();
        for (Result r : rs) {
            rows.add(List.of(r.method(), r.params().toString(), String.format(Locale.ROOT, "%,.1f", r.score()),
                    pm(r)));
        }
        page.table(List.of("benchmark", "parameters", "ops/s", "error (99.9%)"), rows);
        return page.markdown();
    }

    private static List<Result> of(List<Result> rs, String method) {
        return rs.stream().filter(r -> r.method().equals(method)).toList();
    }

    private static Result find(List<Result> rs, String method, String param, String value) {
        return rs.stream().filter(r -> r.method().equals(method) && r.param(param).equals(value)).findFirst()
                .orElse(null);
    }

    private static Result find2(List<Result> rs, String method, String p1, String v1, String p2, String v2) {
        return rs.stream().filter(r -> r.method().equals(method) && r.param(p1).equals(v1) && r.param(p2).equals(v2))
                .findFirst().orElse(null);
    }

    private static String mops(double opsPerSecond) {
        return String.format(Locale.ROOT, "%,.0f", opsPerSecond);
    }

    private static String pm(Result r) {
        return Double.isNaN(r.error()) ? "n/a" : String.format(Locale.ROOT, "± %,.0f", r.error());
    }

    private static String gbps(Result r, long bytes) {
        return r == null ? "" : String.format(Locale.ROOT, "%.2f GB/s", r.score() * bytes / 1e9);
    }

    private static String us(double opsPerSecond) {
        return String.format(Locale.ROOT, "%,.1f", 1e6 / opsPerSecond);
    }
}

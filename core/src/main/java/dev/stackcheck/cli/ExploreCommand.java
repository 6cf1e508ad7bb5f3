package dev.stackcheck.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackEngineProvider;
import dev.stackcheck.explore.Counterexample;
import dev.stackcheck.explore.ExploreConfig;
import dev.stackcheck.explore.ExploreResult;
import dev.stackcheck.explore.Explorer;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Printer;
import dev.stackcheck.program.Quote;
import dev.stackcheck.select.EngineNames;
import dev.stackcheck.select.ReplayCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code stackcheck explore}: every program of the explorer's alphabet up to {@code --depth} statements,
 * breadth-first, on the engines with {@link dev.stackcheck.engine.Profile#EXPLORE}'s tiny sizes; every
 * invariant checked in every reachable state; the shortest counterexample of each engine that breaks one
 * printed and written as a .stk file that {@code run --profile explore} replays.
 */
@Command(name = "explore", mixinStandardHelpOptions = true,
        description = "Explore every program of a small alphabet up to a length, breadth-first, merging duplicate"
                + " states, on engines with tiny sizes (profile explore); check every invariant in every reachable"
                + " state and print the shortest counterexample.")
final class ExploreCommand implements Callable<Integer> {

    /** The largest --depth accepted: far beyond what finishes, but keeps statement numbers small. */
    static final int MAX_DEPTH = 64;

    @Spec
    CommandSpec spec;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "6",
            description = "Explore programs of at most N statements, 0 to " + MAX_DEPTH + " (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--engine", paramLabel = "NAMES|all", defaultValue = "all",
            completionCandidates = Values.RegistryEngines.class,
            description = "Engines to explore, comma-separated: all (the default), or any of ${COMPLETION-CANDIDATES};"
                    + " or fault:ID, a deliberately wrong engine of the catalogue (selftest lists the IDs). Outside"
                    + " engines cannot be explored.")
    String engines;

    @Option(names = "--json", description = "Print one JSON object on standard output and nothing else there.")
    boolean json;

    @Option(names = "--quiet", description = "No progress line on standard error.")
    boolean quiet;

    @Option(names = "--workers", paramLabel = "K",
            description = "Threads expanding states, 1 to 256, or 0 for one per processor (default: 0).")
    Integer workers;

    @Option(names = "--max-states", paramLabel = "N",
            description = "Stop (incomplete) once N distinct states are stored, N at least 1 (default: no limit).")
    Long maxStates;

    @Option(names = "--shard", paramLabel = "I/N", defaultValue = "1/1",
            description = "Explore part I of N: the programs are split by their first statements, so N machines"
                    + " with the same --depth cover the bound together (default: ${DEFAULT-VALUE}).")
    String shard;

    @Option(names = "--spill-dir", paramLabel = "DIR",
            description = "Where the states' fingerprints go when they no longer fit in the heap, so the search"
                    + " goes on instead of stopping (default: the system's temporary directory, ${sys:java.io.tmpdir}).")
    Path spillDir;

    @Option(names = "--no-spill", description = "Stop (incomplete) when the heap runs short instead of spilling to disk.")
    boolean noSpill;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Where counterexamples are written as .stk files (default: the current directory).")
    Path out;

    @Override
    public Integer call() {
        if (depth < 0 || depth > MAX_DEPTH) {
            throw new BadInput("--depth must be between 0 and " + MAX_DEPTH + ": " + depth);
        }
        int k = workers != null && workers != 0 ? workers : Runtime.getRuntime().availableProcessors();
        if (k < 1 || k > 256) {
            throw new BadInput("--workers must be between 1 and 256, or 0 for one per processor: " + k);
        }
        if (maxStates != null && maxStates < 1) {
            throw new BadInput("--max-states must be positive: " + maxStates);
        }
        List<StackEngineProvider> providers = providers(engines);
        List<EngineSetup> specs = ExploreConfig.engines(providers);
        ExploreConfig config = ExploreConfig.standard(specs, depth, k);
        if (maxStates != null) {
            config = config.withMaxStates(maxStates);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})/(\\d{1,6})").matcher(shard);
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1
                || Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
            throw new BadInput("--shard must be I/N with 1 <= I <= N (for example 2/4): "
                    + Quote.token(shard));
        }
        config = config.withShard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if (noSpill && spillDir != null) {
            throw new BadInput("--spill-dir and --no-spill exclude each other");
        }
        if (!noSpill) {
            Path dir = spillDir != null ? spillDir : Path.of(System.getProperty("java.io.tmpdir"));
            if (Files.exists(dir) && (!Files.isDirectory(dir) || !Files.isWritable(dir))) {
                throw new BadInput("--spill-dir must be a writable directory: " + Quote.token(dir.toString()));
            }
            config = config.withSpillDir(dir);
        }
        return explore(config, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * The engines {@code --engine} names ({@link EngineNames}), in order, each once; outside engines are
     * refused: their state cannot be forked or fingerprinted.
     */
    static List<StackEngineProvider> providers(String names) {
        try {
            return EngineNames.resolve(names, EngineNames.refused("explored"));
        } catch (IllegalArgumentException e) {
            throw new BadInput("--engine: " + e.getMessage());
        }
    }

    /**
     * Runs the search of {@code config}, prints the outcome (JSON or human), writes the counterexamples.
     *
     * @return the exit status: 0 no invariant broke, 1 one did
     */
    int explore(ExploreConfig config, PrintWriter o, PrintWriter err) {
        ProgressLine progress = json || quiet ? null : new ProgressLine(err, config.depth());
        ExploreResult result = new Explorer(config).run(progress);
        if (progress != null) {
            progress.clear();
        }
        List<String> files = write(result, err);
        if (json) {
            Json.print(o, toJson(result, files));
        } else {
            printHuman(o, config, result, files);
        }
        return result.ok() ? Main.OK : Main.VIOLATION;
    }

    /** Writes each counterexample to {@code out}; returns the paths (null for one that could not be written). */
    private List<String> write(ExploreResult result, PrintWriter err) {
        List<String> files = new ArrayList<>();
        for (Counterexample c : result.violations()) {
            if (c.length() == 0) {
                files.add(null);
                continue;
            }
            Path file = out.resolve(c.fileName());
            try {
                Files.createDirectories(out);
                Files.writeString(file, c.text().replace("run FILE", "run " + ReplayCommand.quote(file.toString())), StandardCharsets.UTF_8);
                files.add(file.toString());
            } catch (IOException e) {
                err.println("stackcheck: cannot write " + file + ": " + e.getMessage());
                files.add(null);
            }
        }
        return files;
    }

    static ObjectNode toJson(ExploreResult r, List<String> files) {
        ObjectNode root = Json.object();
        root.put("depth", r.depth());
        root.put("states", r.states());
        root.put("transitions", r.transitions());
        root.put("complete", r.complete());
        root.put("elapsedMs", r.elapsedMs());
        root.put("statesPerSecond", Math.round(r.statesPerSecond()));
        ArrayNode violations = root.putArray("violations");
        for (int i = 0; i < r.violations().size(); i++) {
            Counterexample c = r.violations().get(i);
            ObjectNode n = violations.addObject();
            n.put("engine", c.engine());
            n.put("invariant", c.invariant());
            n.put("length", c.length());
            n.put("message", c.message());
            ArrayNode statements = n.putArray("statements");
            for (Op op : c.program().body()) {
                statements.add(Printer.statement(op));
            }
            n.put("reproduced", c.reproduced());
            if (i < files.size() && files.get(i) != null) {
                n.put("file", files.get(i));
            }
        }
        root.put("reached", r.reached());
        if (r.stopped() != null) {
            root.put("stopped", r.stopped());
        }
        root.put("workers", r.workers());
        root.put("serialMs", r.serialMs());
        root.put("bytesPerState", Math.round(r.bytesPerState() * 10) / 10.0);
        ArrayNode levels = root.putArray("levels");
        for (ExploreResult.LevelStats l : r.levels()) {
            levels.addObject().put("depth", l.depth()).put("states", l.states()).put("transitions", l.transitions());
        }
        ArrayNode skipped = root.putArray("skipped");
        r.skipped().forEach(skipped::add);
        if (r.shards() > 1) {
            root.put("shard", r.shard() + "/" + r.shards());
            root.put("splitLevel", r.splitLevel());
        }
        if (r.spill() != null) {
            ObjectNode spill = root.putObject("spill");
            spill.put("dir", r.spill().dir());
            spill.put("fingerprints", r.spill().fingerprints());
            spill.put("merges", r.spill().merges());
            spill.put("peakBytes", r.spill().peakBytes());
            spill.put("ms", r.spill().millis());
        }
        root.put("merged", r.merged());
        if (!r.merged()) {
            ArrayNode unmerged = root.putArray("unmerged");
            r.unmerged().forEach(unmerged::add);
        }
        return root;
    }

    private void printHuman(PrintWriter o, ExploreConfig config, ExploreResult r, List<String> files) {
        EngineParams p = config.params();
        o.printf("explore      programs of at most %d statements, %d worker%s%n", r.depth(), r.workers(),
                r.workers() == 1 ? "" : "s");
        o.printf("engines      %s%n", String.join(", ", config.engines().stream().map(EngineSetup::name).toList()));
        o.printf("parameters   profile explore: segmentSize=%d segmentCache=%s initialStack=%d stackGuard=%d"
                        + " maxStack=%d shrinkSlack=%d%n", p.segmentSize(), p.segmentCache(), p.initialStack(),
                p.stackGuard(), p.maxStack(), p.shrinkSlack());
        List<String> frames = new ArrayList<>();
        for (Layout l : config.alphabet().layouts()) {
            frames.add(Printer.declaration(l).substring("frame ".length()));
        }
        StringBuilder values = new StringBuilder();
        for (long v : config.alphabet().values()) {
            values.append(values.length() == 0 ? "" : " ").append(v);
        }
        o.printf("alphabet     frames %s; values %s; every legal statement in every state%n",
                String.join("; ", frames), values);
        for (String s : r.skipped()) {
            o.printf("skipped      %s%n", s);
        }
        if (r.shards() > 1) {
            o.printf("shard        %d/%d: the programs through states %d, %d + %d, ... of length %d (%d shards"
                    + " together covering the bound)%n", r.shard(), r.shards(), r.shard() - 1,
                    r.shard() - 1, r.shards(), r.splitLevel(), r.shards());
        }
        for (String s : r.unmerged()) {
            o.printf("unmerged     %s%n", s);
        }
        o.printf("%-8s %14s %14s%n", "length", "new states", "transitions");
        for (ExploreResult.LevelStats l : r.levels()) {
            o.printf("%-8d %,14d %,14d%n", l.depth(), l.states(), l.transitions());
        }
        o.printf("states       %,d distinct (%.1f bytes each stored), %,d transitions, %,d ms, %,.0f states/s%n",
                r.states(), r.bytesPerState(), r.transitions(), r.elapsedMs(), r.statesPerSecond());
        if (r.spill() != null) {
            o.printf("spilled      %,d fingerprints to disk in %s (%d merges, at most %,d MB on disk, %,d ms)%n",
                    r.spill().fingerprints(), r.spill().dir(), r.spill().merges(), r.spill().peakBytes() >> 20,
                    r.spill().millis());
        }
        if (r.complete()) {
            o.printf("complete     yes: every program of at most %d statements was explored%s%n", r.depth(),
                    r.merged() ? " (states merged by their whole state)" : " (no states merged)");
        } else {
            o.printf("complete     no: %s (explored up to %d statements)%n",
                    r.stopped() == null ? "stopped early" : r.stopped(), r.reached());
        }
        o.println();
        if (r.ok()) {
            o.printf("verdict      ok: every invariant held in every reachable state of every engine%n");
        } else {
            o.printf("verdict      violation%n");
            for (int i = 0; i < r.violations().size(); i++) {
                Counterexample c = r.violations().get(i);
                o.println();
                o.printf("%s breaks %s after %d statement%s (a shortest program):%n", c.engine(), c.invariant(),
                        c.length(), c.length() == 1 ? "" : "s");
                o.print(c.text());
                if (files.get(i) != null) {
                    o.printf("written to %s%n", files.get(i));
                }
                if (c.violation() != null) {
                    o.println();
                    o.println(c.violation().explain());
                } else if (c.length() > 0) {
                    o.printf("(the runner did not reproduce it: %s)%n", c.message());
                }
            }
        }
        o.flush();
    }

    /** The progress line on standard error: depth, states, transitions, rate; shown after half a second. */
    static final class ProgressLine implements Explorer.Progress {
        static final int WIDTH = 100;
        private final PrintWriter err;
        private final int bound;
        private boolean shown;

        ProgressLine(PrintWriter err, int bound) {
            this.err = err;
            this.bound = bound;
        }

        @Override
        public synchronized void update(int depth, long states, long transitions, long elapsedNanos) {
            if (elapsedNanos < 500_000_000L) {
                return;
            }
            shown = true;
            double s = Math.max(1e-9, elapsedNanos / 1e9);
            String line = String.format("explore: length %d/%d, %,d states, %,d transitions, %,.0f states/s, %.0f s",
                    depth, bound, states, transitions, states / s, s);
            err.print("\r" + line + " ".repeat(Math.max(0, WIDTH - line.length())));
            err.flush();
        }

        /** Erases the line, if one was shown. */
        synchronized void clear() {
            if (shown) {
                err.print("\r" + " ".repeat(WIDTH) + "\r");
                err.flush();
            }
        }
    }
}

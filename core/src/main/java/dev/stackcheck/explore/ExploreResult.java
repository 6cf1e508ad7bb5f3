package dev.stackcheck.explore;

import java.util.List;

/**
 * What a search covered and found.
 *
 * @param depth           the bound: programs of at most this many statements
 * @param reached         the longest programs actually expanded to (equals depth when complete)
 * @param states          distinct states stored (the initial state included)
 * @param transitions     statements tried (successors computed, duplicates included)
 * @param complete        true when every program within the bound was covered (no limit, no early stop)
 * @param stopped         why the search stopped early, or null
 * @param elapsedMs       wall-clock time of the search
 * @param statesPerSecond distinct states stored per second
 * @param levels          per program length: new distinct states and transitions from the level above
 * @param violations      per engine that broke an invariant, its shortest counterexample
 * @param skipped         engines that took no part, with the reason
 * @param unmerged        engines that do not expose their whole state ({@link dev.stackcheck.engine.Forkable}),
 *                        with the reason; when there is one, no two programs' states were merged (every
 *                        program within the bound was run as it is), so {@code complete} still holds
 * @param shard           which part of the programs was explored (1-based), of {@code shards}
 * @param shards          into how many parts the programs were split (1: not split)
 * @param splitLevel      the program length at which they were split: this shard kept the states of that
 *                        level whose rank is {@code shard - 1} modulo {@code shards}, and explored only
 *                        the programs through them; -1 when not split
 * @param setBytes        bytes of the fingerprint tables
 * @param frontierBytes   bytes of the parent pointers and statement numbers of every stored state
 * @param reused          transitions that left the fingerprint unchanged, so their copy served the next one
 * @param copies          states copied (restored or forked) to rebuild a state or try a statement on it
 * @param workers         threads used
 * @param serialMs        time in the search's one sequential step (collecting each level's new states in
 *                        order); everything else runs on every worker
 * @param spill           the fingerprints spilled to disk when the heap ran short, or null when none were
 */
public record ExploreResult(int depth, int reached, long states, long transitions, boolean complete,
                            String stopped, long elapsedMs, double statesPerSecond, List<LevelStats> levels,
                            List<Counterexample> violations, List<String> skipped, List<String> unmerged,
                            int shard, int shards, int splitLevel, long setBytes,
                            long frontierBytes, long reused, long copies, int workers,
                            long serialMs, Spill spill) {

    /** One level of the search. */
    public record LevelStats(int depth, long states, long transitions) {}

    /**
     * The fingerprints moved to disk.
     *
     * @param dir          the directory of their file (deleted at the end of the search)
     * @param fingerprints how many were on disk at the end
     * @param merges       how many times the heap's fingerprints were merged into the file
     * @param peakBytes    the most disk space the file took at once (the old and the new one during a merge)
     * @param millis       time spent merging (sorting, reading, writing)
     */
    public record Spill(String dir, long fingerprints, int merges, long peakBytes, long millis) {}

    public ExploreResult {
        levels = List.copyOf(levels);
        violations = List.copyOf(violations);
        skipped = List.copyOf(skipped);
        unmerged = List.copyOf(unmerged);
    }

    /** True when states reached by different programs were merged by fingerprint. */
    public boolean merged() {
        return unmerged.isEmpty();
    }

    public boolean ok() {
        return violations.isEmpty();
    }

    /** Bytes of stored search state per distinct state: fingerprint tables plus parent pointers. */
    public double bytesPerState() {
        return states == 0 ? 0 : (setBytes + frontierBytes) / (double) states;
    }

    /** The counterexample for {@code engine}, or null. */
    public Counterexample violation(String engine) {
        for (Counterexample c : violations) {
            if (c.engine().equals(engine)) {
                return c;
            }
        }
        return null;
    }
}

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
 * @param setBytes        bytes of the fingerprint tables
 * @param frontierBytes   bytes of the parent pointers and statement numbers of every stored state
 * @param reused          transitions that left the fingerprint unchanged, so their copy served the next one
 * @param copies          states copied (restored or forked) to rebuild a state or try a statement on it
 * @param workers         threads used
 * @param serialMs        time in the search's one sequential step (collecting each level's new states in
 *                        order); everything else runs on every worker
 */
public record ExploreResult(int depth, int reached, long states, long transitions, boolean complete,
                            String stopped, long elapsedMs, double statesPerSecond, List<LevelStats> levels,
                            List<Counterexample> violations, List<String> skipped, long setBytes,
                            long frontierBytes, long reused, long copies, int workers,
                            long serialMs) {

    /** One level of the search. */
    public record LevelStats(int depth, long states, long transitions) {}

    public ExploreResult {
        levels = List.copyOf(levels);
        violations = List.copyOf(violations);
        skipped = List.copyOf(skipped);
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

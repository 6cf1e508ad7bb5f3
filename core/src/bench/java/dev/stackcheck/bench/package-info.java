/**
 * Benchmarks (the {@code bench} Maven profile, built into core/target/benchmarks.jar). JMH benchmarks, run
 * by scripts/bench.sh: engine call/ret throughput, copy bandwidth against System.arraycopy, the hot-split
 * loop against the same loop without a boundary, the checker's speed ({@code CheckerBench}) and the runner
 * on a million frames ({@code RunnerBench}). Measuring programs with a {@code main}, for figures JMH does not
 * fit (whole searches, the heap they hold, whole check sessions): {@code ExploreBench}, {@code ReplayBench}
 * and {@code CheckRate}, run with {@code java -cp core/target/benchmarks.jar dev.stackcheck.bench.NAME}.
 */
package dev.stackcheck.bench;

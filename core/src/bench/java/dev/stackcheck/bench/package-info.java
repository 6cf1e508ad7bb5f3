/**
 * JMH benchmarks (the {@code bench} Maven profile): engine call/ret throughput, copy bandwidth against
 * System.arraycopy, the hot-split loop against the same loop without a boundary, and the checker's speed.
 */
package dev.stackcheck.bench;

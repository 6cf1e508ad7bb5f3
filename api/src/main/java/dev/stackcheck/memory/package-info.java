/**
 * The simulated address space: byte-addressed memory of 8-byte words, divided into regions that are
 * allocated and freed. Any access outside a live region, or at a misaligned address, is a
 * {@link dev.stackcheck.memory.MemoryFault}: the checker turns it into an invariant violation.
 */
package dev.stackcheck.memory;

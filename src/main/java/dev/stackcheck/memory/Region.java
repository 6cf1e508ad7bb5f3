package dev.stackcheck.memory;

/**
 * A region of the simulated address space: the bytes {@code [lo, hi)}. Both bounds are multiples of 8.
 * A region is a value: it stays equal to itself after it is freed; ask the {@link AddressSpace} whether
 * it is still live.
 *
 * @param id    the allocation number, unique within one address space (0, 1, 2, ...)
 * @param lo    lowest address of the region
 * @param hi    one past the highest address of the region
 * @param label what the region is for ("segment", "stack", ...), shown in diagrams
 */
public record Region(int id, long lo, long hi, String label) {
    public long size() {
        return hi - lo;
    }

    public boolean contains(long address) {
        return address >= lo && address < hi;
    }
}

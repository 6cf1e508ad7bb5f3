package dev.stackcheck.memory;

import java.util.Objects;

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

    // the record's equality, written out: checks compare regions on every split and chain walk

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        return o instanceof Region r && r.id == id && r.lo == lo && r.hi == hi && Objects.equals(r.label, label);
    }

    @Override
    public int hashCode() {
        return ((Integer.hashCode(id) * 31 + Long.hashCode(lo)) * 31 + Long.hashCode(hi)) * 31
                + Objects.hashCode(label);
    }
}

package dev.stackcheck.program;

import java.util.Arrays;

/**
 * A frame layout: {@code words} slots plus a return address. Its pointer map names the slots that hold
 * pointers; a {@code nomap} layout has no map, so any of its slots may hold a pointer and no engine can
 * tell which (such a frame cannot be moved).
 *
 * @param name     the layout's name in the program
 * @param words    number of 8-byte slots, at least 1, at most {@link #MAX_WORDS}
 * @param pointers the pointer slots, sorted, distinct, each in {@code [0, words)}; empty for nomap
 * @param nomap    true when the layout has no pointer map
 */
public record Layout(String name, int words, int[] pointers, boolean nomap) {

    /**
     * The most slots a frame may have: 2^27 words, 1 GiB, as Go's compiler refuses a frame of more than
     * 1 GB ("stack frame too large (>1GB)"). It keeps every frame within what the simulated memory and the
     * specification can hold; a program declaring a larger frame is bad input.
     */
    public static final int MAX_WORDS = 1 << 27;

    public Layout {
        pointers = pointers.clone();
        Arrays.sort(pointers);
    }

    /** Bytes the frame takes on a stack: its slots and its return address. */
    public long frameBytes() {
        return 8L * (words + 1L);
    }

    /** True when the pointer map says slot {@code slot} holds a pointer (always false for nomap). */
    public boolean isPointerSlot(int slot) {
        return Arrays.binarySearch(pointers, slot) >= 0;
    }

    @Override
    public int[] pointers() {
        return pointers.clone();
    }

    public int pointerCount() {
        return pointers.length;
    }

    public int pointer(int i) {
        return pointers[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l && l.name.equals(name) && l.words == words && l.nomap == nomap
                && Arrays.equals(l.pointers, pointers);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + words) * 31 + Arrays.hashCode(pointers) + (nomap ? 1 : 0);
    }

    @Override
    public String toString() {
        return Printer.declaration(this);
    }
}

package dev.stackcheck.program;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Layouts and positions as values. */
class LayoutValuesTest {

    @Test
    void layoutsAreEqualByNameSizePointersAndMap() {
        Layout a = new Layout("f", 3, new int[] {1}, false);
        List<Layout> others = List.of(new Layout("g", 3, new int[] {1}, false), new Layout("f", 4, new int[] {1}, false),
                new Layout("f", 3, new int[] {2}, false), new Layout("f", 3, new int[0], true),
                new Layout("f", 3, new int[0], false));
        assertEquals(a, new Layout("f", 3, new int[] {1}, false));
        assertEquals(a.hashCode(), new Layout("f", 3, new int[] {1}, false).hashCode());
        Set<Integer> hashes = new HashSet<>();
        hashes.add(a.hashCode());
        for (Layout o : others) {
            assertNotEquals(a, o, o.toString());
            hashes.add(o.hashCode());
        }
        assertEquals(others.size() + 1, hashes.size());
        assertNotEquals(others.get(3), others.get(4), "nomap or not");
        assertNotEquals(a, "f");
        int[] p = a.pointers();
        assertArrayEquals(new int[] {1}, p);
        p[0] = 2;
        assertArrayEquals(new int[] {1}, a.pointers(), "pointers() is a copy");
    }

    @Test
    void positionsPrintCompactly() {
        assertEquals("3:7", new Pos(3, 7).toString());
    }
}

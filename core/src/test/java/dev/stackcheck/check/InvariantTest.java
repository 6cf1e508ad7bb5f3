package dev.stackcheck.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.StackKind;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalogue is the brief's: stable IDs, each with a statement and an enforcing class in this package. */
class InvariantTest {

    static final List<String> IDS = List.of("REF-1", "REF-2", "PTR-1", "PTR-2", "PTR-3", "MEM-1", "MEM-2", "SEG-1",
            "SEG-2", "SEG-3", "SEG-4", "SEG-5", "CPY-1", "CPY-2", "CPY-3", "CPY-4", "OVF-1", "HYB-1", "LEAK-1", "STAT-1",
            "ENG-1");

    @Test
    void idsAreTheCataloguesInOrder() {
        assertEquals(IDS, Arrays.stream(Invariant.values()).map(Invariant::id).toList());
    }

    @Test
    void everyInvariantIsDescribedAndEnforcedHere() {
        Set<String> titles = new HashSet<>();
        for (Invariant i : Invariant.values()) {
            assertSame(i, Invariant.byId(i.id()));
            assertTrue(i.id().matches("[A-Z]+-[0-9]+"), i.id());
            assertFalse(i.statement().isBlank());
            assertTrue(titles.add(i.title()), "duplicate title " + i.title());
            assertEquals("dev.stackcheck.check", i.enforcedBy().getPackageName());
            assertFalse(i.kinds().isEmpty());
        }
        assertNull(Invariant.byId("NOPE-1"));
    }

    @Test
    void markdownTableListsEveryInvariant() {
        List<String> rows = Invariant.markdownTable().lines().toList();
        assertEquals(2 + IDS.size(), rows.size());
        for (int i = 0; i < IDS.size(); i++) {
            assertTrue(rows.get(2 + i).startsWith("| " + IDS.get(i) + " | "), rows.get(2 + i));
        }
        String seg1 = rows.get(2 + IDS.indexOf("SEG-1"));
        assertTrue(seg1.contains("segmented, hybrid"), seg1);
        assertTrue(seg1.endsWith("| `SegmentCheck` |"), seg1);
    }

    @Test
    void applyingToListsTheKindsInvariantsInCatalogueOrder() {
        for (StackKind kind : StackKind.values()) {
            List<Invariant> expected = Arrays.stream(Invariant.values()).filter(i -> i.appliesTo(kind)).toList();
            assertEquals(expected, Invariant.applyingTo(kind), kind.name());
        }
        assertTrue(Invariant.applyingTo(StackKind.COPYING).contains(Invariant.CPY_2));
        assertFalse(Invariant.applyingTo(StackKind.COPYING).contains(Invariant.SEG_1));
    }

    @Test
    void structuralInvariantsFollowTheKind() {
        assertTrue(Invariant.SEG_1.appliesTo(StackKind.SEGMENTED));
        assertTrue(Invariant.SEG_1.appliesTo(StackKind.HYBRID));
        assertFalse(Invariant.SEG_1.appliesTo(StackKind.COPYING));
        assertTrue(Invariant.CPY_2.appliesTo(StackKind.COPYING));
        assertFalse(Invariant.CPY_2.appliesTo(StackKind.SEGMENTED));
        assertTrue(Invariant.SEG_3.appliesTo(StackKind.COPYING));
        assertFalse(Invariant.LEAK_1.appliesTo(StackKind.OTHER));
        for (Invariant i : List.of(Invariant.REF_1, Invariant.REF_2, Invariant.PTR_1, Invariant.PTR_2,
                Invariant.MEM_1, Invariant.MEM_2, Invariant.STAT_1, Invariant.ENG_1)) {
            assertEquals(Set.of(StackKind.values()), i.kinds(), i.id());
        }
    }
}

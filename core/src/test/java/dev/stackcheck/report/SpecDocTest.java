package dev.stackcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.Profile;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC.md's generated blocks are what the code draws and lists today. */
class SpecDocTest {

    @Test
    void committedSpecIsUpToDate() throws Exception {
        String spec = Files.readString(SpecDoc.SPEC);
        assertEquals(List.of(), SpecDoc.stale(spec),
                "these generated blocks of specs/SPEC.md are stale; run ./stackcheck report to regenerate them");
        assertEquals(spec, SpecDoc.update(spec), "updating an up-to-date SPEC.md changes nothing");
    }

    @Test
    void picturesAreDrawnFromRealEngineStates() {
        Diagrams.Picture split = Diagrams.split();
        assertTrue(split.drawing().contains("LESSSTACK_PC"), split.drawing());
        assertTrue(split.drawing().contains("saved sp"), split.drawing());
        assertTrue(split.drawing().contains("2 segments"), split.drawing());
        List<Diagrams.Picture> copy = Diagrams.copy();
        assertTrue(copy.get(0).drawing().contains("2048 bytes"), copy.get(0).drawing());
        assertTrue(copy.get(1).drawing().contains("4096 bytes"), copy.get(1).drawing());
        Diagrams.Picture hybrid = Diagrams.hybrid();
        assertTrue(hybrid.drawing().contains("nomap") && hybrid.drawing().contains("16384 bytes"),
                hybrid.drawing());
        assertEquals(Diagrams.split(), Diagrams.split(), "deterministic");
    }

    @Test
    void tablesListEveryProfileAndInvariant() {
        String profiles = SpecDoc.profileTable();
        for (Profile p : Profile.all()) {
            assertTrue(profiles.contains("| **" + p.name() + "** | " + p.engine()), p.name());
        }
        String inv = SpecDoc.invariantTable();
        for (dev.stackcheck.check.Invariant i : dev.stackcheck.check.Invariant.values()) {
            assertTrue(inv.contains("| **" + i.id() + "** |"), i.id());
        }
    }

    @Test
    void placeholdersBecomeBlocksAndMissingMarkersAreReported() {
        StringBuilder s = new StringBuilder("# spec\n\nINVARIANTS-TABLE\n\nPROFILES-TABLE\n");
        for (String name : List.of("split", "copy-before", "copy-after", "hybrid")) {
            s.append(SpecDoc.begin(name)).append('\n').append("old\n").append(SpecDoc.end(name)).append('\n');
        }
        String updated = SpecDoc.update(s.toString());
        assertEquals(List.of(), SpecDoc.stale(updated));
        assertThrows(IllegalArgumentException.class, () -> SpecDoc.update("# no markers\n"));
    }
}

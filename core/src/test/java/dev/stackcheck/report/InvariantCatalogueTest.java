package dev.stackcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.Invariant;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The catalogue in SPEC.md and the checks in the code are the same set: an ID in SPEC.md without a check,
 * or a check without an entry in SPEC.md, fails here.
 */
class InvariantCatalogueTest {

    /** An invariant ID of one of the catalogue's families, anywhere in SPEC.md. */
    private static final Pattern ID = Pattern.compile("\\b(REF|PTR|MEM|SEG|CPY|HYB|LEAK|STAT|ENG|OVF)-\\d+\\b");
    /** The first cell of a row of the invariant table. */
    private static final Pattern ROW = Pattern.compile("(?m)^\\| \\*\\*([A-Z]+-\\d+)\\*\\* \\|");

    private static Set<String> codeIds() {
        Set<String> ids = new TreeSet<>();
        for (Invariant i : Invariant.values()) {
            ids.add(i.id());
        }
        return ids;
    }

    @Test
    void everyIdInSpecHasACheckAndEveryCheckHasARow() throws Exception {
        String spec = Files.readString(SpecDoc.SPEC);
        String table = SpecDoc.content(spec, "invariants");
        assertNotNull(table, "SPEC.md has no generated invariant table");
        Set<String> rows = new TreeSet<>();
        Matcher m = ROW.matcher(table);
        while (m.find()) {
            rows.add(m.group(1));
        }
        assertEquals(codeIds(), rows, "the rows of SPEC.md's invariant table and the checks in the code");
        Set<String> mentioned = new TreeSet<>();
        Matcher any = ID.matcher(spec);
        while (any.find()) {
            mentioned.add(any.group());
        }
        mentioned.removeAll(codeIds());
        assertEquals(Set.of(), mentioned, "IDs SPEC.md names that no check enforces");
    }

    @Test
    void everyInvariantNamesAnExistingCheckAndWhyItMatters() {
        for (Invariant i : Invariant.values()) {
            assertNotNull(i.enforcedBy(), i.id());
            assertEquals("dev.stackcheck.check", i.enforcedBy().getPackageName(), i.id());
            assertNotNull(Rationale.why(i), i.id() + " has no rationale in report.Rationale");
            assertTrue(Files.exists(java.nio.file.Path.of("core/src/main/java",
                    i.enforcedBy().getName().replace('.', '/') + ".java")), i.id() + ": the linked source exists");
            assertEquals(i, Invariant.byId(i.id()));
        }
    }
}

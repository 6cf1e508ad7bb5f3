package dev.stackcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EnginesTest {

    private static List<String> names(List<StackEngineProvider> ps) {
        return ps.stream().map(StackEngineProvider::name).collect(Collectors.toList());
    }

    @Test
    void theServiceLoaderFindsTheReferenceEnginesFirstSortedByName() {
        List<StackEngineProvider> all = Engines.providers();
        assertEquals(List.of("segmented", "hybrid", "copying"), names(all).subList(0, 3));
        assertTrue(all.subList(0, 3).stream().allMatch(Engines::isReference));
        assertEquals(all.size(), names(all).stream().distinct().count());
    }

    @Test
    void aProviderIsFoundByName() {
        assertInstanceOf(CopyingProvider.class, Engines.provider("copying"));
        assertInstanceOf(HybridProvider.class, Engines.provider(" hybrid "));
        assertInstanceOf(SegmentedProvider.class, Engines.provider("segmented"));
    }

    @Test
    void anUnknownNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Engines.provider("stackless"));
        assertTrue(e.getMessage().startsWith("unknown engine 'stackless'; valid engines: segmented, hybrid, copying"),
                e.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> Engines.select("copying,stackless"));
        assertTrue(s.getMessage().contains("unknown engine 'stackless'"), s.getMessage());
        assertTrue(s.getMessage().endsWith(", or all"), s.getMessage());
    }

    @Test
    void selectTakesAllOrAListInTheOrderGivenEachOnce() {
        assertEquals(names(Engines.providers()), names(Engines.select("all")));
        assertEquals(names(Engines.providers()), names(Engines.select("ALL")));
        assertEquals(List.of("segmented", "copying"), names(Engines.select("segmented, copying")));
        assertEquals(List.of("hybrid"), names(Engines.select("hybrid,hybrid,")));
        assertThrows(IllegalArgumentException.class, () -> Engines.select(""));
        assertThrows(IllegalArgumentException.class, () -> Engines.select(" , "));
        assertThrows(IllegalArgumentException.class, () -> Engines.select(null));
    }

    @Test
    void providersMakeTheirEnginesWithTheirProfilesAsDefaults() {
        assertEquals(Profile.GO1_2.params(), Engines.provider("segmented").defaultParams());
        assertEquals(Profile.GO1_4.params(), Engines.provider("copying").defaultParams());
        assertEquals(Profile.GO1_3.params(), Engines.provider("hybrid").defaultParams());
        for (StackEngineProvider p : Engines.select("all")) {
            if (!Engines.isReference(p)) {
                continue;
            }
            StackEngine e = p.create(p.defaultParams());
            assertEquals(p.name(), e.name());
            assertEquals(p.defaultParams(), e.params());
            assertTrue(!p.description().isBlank());
        }
        assertEquals(StackKind.SEGMENTED, Engines.provider("segmented").create(EngineParams.DEFAULT).kind());
        assertEquals(StackKind.COPYING, Engines.provider("copying").create(EngineParams.DEFAULT).kind());
        assertEquals(StackKind.HYBRID, Engines.provider("hybrid").create(EngineParams.DEFAULT).kind());
    }

    static String error(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void nullAndBlankNames() {
        assertEquals("unknown engine 'null'; valid engines: segmented, hybrid, copying",
                error(() -> Engines.provider(null)));
        assertEquals("no engine named; valid engines: segmented, hybrid, copying, or all", error(() -> Engines.select(" ")));
        assertEquals("unknown engine ' '; valid engines: segmented, hybrid, copying", error(() -> Engines.provider(" ")));
    }

    @Test
    void emptyItemsOfAListAreSkipped() {
        assertEquals(List.of("segmented", "copying"),
                Engines.select("segmented,,copying").stream().map(StackEngineProvider::name).toList());
        assertEquals(List.of("hybrid"), Engines.select(", hybrid").stream().map(StackEngineProvider::name).toList());
    }

    @Test
    void aProviderFromElsewhereIsNoReference() {
        StackEngineProvider other = new StackEngineProvider() {
            @Override
            public String name() {
                return "other";
            }

            @Override
            public String description() {
                return "not one of ours";
            }

            @Override
            public EngineParams defaultParams() {
                return EngineParams.DEFAULT;
            }

            @Override
            public StackEngine create(EngineParams params) {
                return new CopyingEngine(params);
            }
        };
        assertFalse(Engines.isReference(other));
    }
}

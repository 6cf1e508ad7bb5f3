package dev.stackcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Engine lookup at its edges: null and blank names, empty list items, providers from elsewhere. */
class EnginesEdgesTest {

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

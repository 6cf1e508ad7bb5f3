package dev.stackcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProfileTest {

    @Test
    void profilesAreFoundByNameIgnoringCase() {
        assertSame(Profile.GO1_2, Profile.byName("go1.2"));
        assertSame(Profile.GO1_3, Profile.byName("Go1.3"));
        assertSame(Profile.GO1_4, Profile.byName(" go1.4 "));
        assertSame(Profile.GO1_19, Profile.byName("go1.19"));
        assertSame(Profile.GCC, Profile.byName("GCC"));
        assertEquals(List.of("go1.2", "go1.3", "go1.4", "go1.19", "gcc"),
                Profile.all().stream().map(Profile::name).collect(Collectors.toList()));
    }

    @Test
    void anUnknownProfileListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Profile.byName("go1.5"));
        assertEquals("unknown profile 'go1.5'; valid profiles: go1.2, go1.3, go1.4, go1.19, gcc, explore, gccgo12, c-fixed", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Profile.byName(null));
    }

    @Test
    void theHistoricalSizes() {
        EngineParams g12 = Profile.GO1_2.params();
        assertEquals(8192, g12.segmentSize());
        assertEquals(256, g12.stackGuard());
        assertFalse(g12.segmentCache());
        assertEquals(Profile.GO1_2.params(), Profile.GO1_3.params());
        EngineParams g14 = Profile.GO1_4.params();
        assertEquals(2048, g14.initialStack());
        assertEquals(512, g14.stackGuard());
        assertEquals(0, g14.shrinkSlack());
        EngineParams g119 = Profile.GO1_19.params();
        assertEquals(928, g119.stackGuard());
        assertEquals(800, g119.shrinkSlack());
        EngineParams gcc = Profile.GCC.params();
        assertEquals(4096, gcc.segmentSize());
        assertEquals(1536, gcc.stackGuard());
        assertTrue(gcc.segmentCache());
        for (Profile p : Profile.all()) {
            assertEquals(1_000_000_000L, p.params().maxStack(), p.name());
            assertFalse(p.source().isBlank(), p.name());
            assertFalse(p.description().isBlank(), p.name());
        }
    }

    @Test
    void everyProfileRunsOnItsEngineAndOnTheOthers() {
        for (Profile p : Profile.all()) {
            assertEquals(p.engine(), Engines.provider(p.engine()).create(p.params()).name());
            for (StackEngineProvider provider : Engines.providers()) {
                if (Engines.isReference(provider)) {
                    Fixture fx = new Fixture(provider.create(p.params()));
                    fx.engine.call(Fixture.frame("f", 2000));
                    fx.engine.call(Fixture.frame("g", 2000));
                    fx.engine.ret();
                    fx.engine.ret();
                    assertEquals(0, fx.view.depth(), p.name() + " on " + provider.name());
                }
            }
        }
    }

    /** Every named profile, explore too, satisfies every reference engine's parameter rules (the guard bound). */
    @Test
    void everyNamedProfileIsAcceptedByEveryReferenceEngine() {
        for (String name : List.of("go1.2", "go1.3", "go1.4", "go1.19", "gcc", "explore")) {
            EngineParams params = Profile.byName(name).params();
            for (StackEngineProvider provider : Engines.providers()) {
                if (Engines.isReference(provider)) {
                    assertEquals(params, provider.create(params).params(), name + " on " + provider.name());
                }
            }
        }
    }
}

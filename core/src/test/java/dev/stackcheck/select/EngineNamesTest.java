package dev.stackcheck.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.engine.StackEngineProvider;
import dev.stackcheck.faults.FaultCatalogue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineNamesTest {

    private static final EngineNames.Outside NONE = EngineNames.refused("explored");

    private static List<String> names(String value) {
        return EngineNames.resolve(value, NONE).stream().map(StackEngineProvider::name).toList();
    }

    @Test
    void registryNamesAllAndFaultsInOrderEachOnce() {
        assertEquals(List.of("segmented", "hybrid", "copying"), names("all"));
        assertEquals(List.of("copying", "segmented"), names(" copying , segmented,copying"));
        String fault = FaultCatalogue.all().get(0).engineName();
        assertEquals(List.of("copying", fault, "segmented", "hybrid"), names("copying," + fault + ",all"));
    }

    @Test
    void outsideEnginesGoToTheCommandsOwnHook() {
        List<String> seen = new ArrayList<>();
        List<StackEngineProvider> p = EngineNames.resolve("copying,proc:./engine --flag a,b", e -> {
            seen.add(e.name());
            return FaultCatalogue.all().get(0).provider();
        });
        assertEquals(List.of("proc:./engine --flag a,b"), seen, "proc: takes the rest of the value, commas included");
        assertEquals(2, p.size());
    }

    @Test
    void exploreRefusesOutsideEnginesByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> names("proc:./x"));
        assertTrue(e.getMessage().startsWith("outside engines cannot be explored: proc:./x"), e.getMessage());
    }

    @Test
    void badNamesSayWhatIsValid() {
        for (String bad : new String[] {"stackless", "", " , ", "fault:nope"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> names(bad));
            String m = e.getMessage();
            assertTrue(m.contains("segmented, hybrid, copying") || m.contains("copy-adjusts-top-frame-only"), m);
        }
        String m = assertThrows(IllegalArgumentException.class, () -> names("stackless")).getMessage();
        assertTrue(m.startsWith("unknown engine 'stackless'") && m.contains("fault:ID") && m.endsWith("or proc:COMMAND"),
                m);
    }

    @Test
    void inProcessNamesAreRegistryEnginesAndCatalogueFaults() {
        assertTrue(EngineNames.inProcess("copying"));
        assertTrue(EngineNames.inProcess(FaultCatalogue.all().get(3).engineName()));
        assertEquals(false, EngineNames.inProcess("fault:nope"));
        assertEquals(false, EngineNames.inProcess("proc:./x"));
    }
}

package dev.stackcheck.check;

import dev.stackcheck.faults.Fault;
import dev.stackcheck.faults.FaultCatalogue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.check.Invariant;
import dev.stackcheck.check.RunOptions;
import dev.stackcheck.check.RunResult;
import dev.stackcheck.check.Runner;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.program.Parser;
import dev.stackcheck.program.Program;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every fault's minimal program, written by hand: its statement count is the fault's minimalOps, the fault
 * engine breaks the fault's invariant on it, and the reference engine with the same parameters passes it.
 * Statements are counted as {@link Program#length()} counts them: a {@code repeat} and each statement of its
 * body once (the shrinker's counterexamples are measured the same way).
 */
class FaultCatalogueTest {

    /** Fault id -> the shortest program known to expose it (declarations do not count). */
    static final Map<String, String> MINIMAL = new LinkedHashMap<>();

    static {
        // copying, Go 1.4 sizes: 2048-byte initial stack, 512-byte guard
        MINIMAL.put("copy-adjusts-top-frame-only", """
                frame a words=6 ptrs=0
                repeat 28 {
                  call a
                  addr 0 0.1
                }
                """);
        MINIMAL.put("copy-skips-defer-records", """
                frame p words=2 ptrs=0
                frame big words=300
                call p
                addr 0 0.1
                defer 0 5
                call big
                """);
        MINIMAL.put("copy-adjusts-off-by-one-word", """
                frame p words=2 ptrs=0
                frame big words=300
                call p
                addr 0 0.1
                call big
                """);
        MINIMAL.put("copy-adjusts-pointers-outside-old-stack", """
                frame p words=2 ptrs=0
                frame big words=300
                call p
                call big
                """);
        MINIMAL.put("copy-measures-used-from-lo", """
                frame a words=85
                repeat 3 {
                  call a
                }
                """);
        MINIMAL.put("copy-frees-old-stack-first", """
                frame big words=300
                call big
                """);
        MINIMAL.put("newstack-doubles-once", """
                frame huge words=460
                call huge
                """);
        MINIMAL.put("newstack-ignores-guard", """
                frame huge words=460
                call huge
                """);
        MINIMAL.put("shrink-while-quarter-used", """
                frame big words=201
                call big
                gc
                """);
        MINIMAL.put("shrink-below-initial-size", """
                frame a words=1
                call a
                gc
                """);
        MINIMAL.put("shrink-twice-per-gc", """
                frame a words=1
                frame huge words=600
                call a
                call huge
                ret
                gc
                """);
        MINIMAL.put("overflow-limit-off-by-one", """
                frame big words=1249
                call big
                """);
        MINIMAL.put("copy-leaks-old-stack", """
                frame big words=300
                call big
                """);
        MINIMAL.put("ret-runs-defers-oldest-first", """
                frame a words=1
                frame p words=1 ptrs=0
                call a
                call p
                addr 0 0.0
                defer 0 1
                defer 0 2
                ret
                """);
        // the get of frame 1 reads frame 0's slot 0, which holds 1; the specification observes 0
        MINIMAL.put("get-reads-caller-slot", """
                frame a words=1
                call a
                set 0 1
                call a
                get 0
                """);
        // the growth at `call big` moves frame 0 to hi - 8 - 16: not at the very top
        MINIMAL.put("copy-leaves-gap-at-top", """
                frame a words=1
                frame big words=300
                call a
                call big
                """);
        // the first call grows the empty 2048-byte stack: 0 bytes moved, 2048 counted
        MINIMAL.put("stats-count-old-stack-size", """
                frame big words=300
                call big
                """);
        // segmented, Go 1.2 sizes: 8192-byte segments, 256-byte guard (7912 bytes of frames per segment)
        MINIMAL.put("newstack-grows-at-exact-fit", """
                frame a words=191
                call a
                """);
        MINIMAL.put("shrink-at-exact-quarter", """
                frame a words=127
                frame b words=64
                call a
                call b
                ret
                gc
                """);
        MINIMAL.put("overflow-limit-rounded-to-power-of-two", """
                frame a words=2100
                call a
                """);
        MINIMAL.put("adjust-counts-every-pointer-slot", """
                frame p words=2 ptrs=0
                frame big words=300
                call p
                call big
                """);
        MINIMAL.put("lessstack-returns-to-wrong-segment", """
                frame big words=900
                repeat 3 {
                  call big
                }
                ret
                """);
        MINIMAL.put("record-saves-wrong-sp", """
                frame big words=900
                call big
                call big
                """);
        MINIMAL.put("record-saves-lessstack-pc", """
                frame big words=900
                call big
                call big
                """);
        // the second big frame splits; morestack puts it 4 bytes off a word boundary
        MINIMAL.put("morestack-misaligns-split-frame", """
                frame big words=900
                call big
                call big
                """);
        // GCC sizes: 4096-byte segments, 1536-byte guard, cache on
        MINIMAL.put("cache-reuses-too-small-segment", """
                frame a words=300
                frame huge words=400
                call a
                call a
                ret
                call huge
                """);
        MINIMAL.put("segment-freed-while-in-use", """
                frame big words=900
                call big
                call big
                ret
                """);
        MINIMAL.put("big-frame-in-normal-segment", """
                frame huge words=1000
                call huge
                """);
        MINIMAL.put("segment-leaked-on-return", """
                frame big words=900
                call big
                call big
                ret
                """);
        MINIMAL.put("split-frame-skips-lessstack", """
                frame big words=900
                call big
                call big
                """);
        MINIMAL.put("ret-skips-defers", """
                frame a words=1
                frame p words=1 ptrs=0
                call a
                call p
                addr 0 0.0
                defer 0 5
                ret
                """);
        // frame 0 defers a store into itself; after the final ret the engine still holds the record
        MINIMAL.put("goexit-keeps-defer-records", """
                frame p words=2 ptrs=0
                call p
                addr 0 0.1
                defer 0 5
                ret
                """);
        // hybrid, Go 1.3 sizes: 8192-byte segments, 256-byte guard
        MINIMAL.put("split-at-exact-fit", """
                frame a words=1
                frame b words=986
                call a
                call b
                """);
        MINIMAL.put("cache-skips-exact-fit", """
                frame a words=1
                frame b words=400
                call a
                call b
                ret
                call b
                """);
        MINIMAL.put("big-segment-rounded-up", """
                frame a words=1
                frame big words=1100
                call a
                call big
                """);
        MINIMAL.put("limit-rounded-up-to-segments", """
                frame a words=900
                call a
                call a
                call a
                """);
        MINIMAL.put("morestack-reserves-spare-segment", """
                frame a words=900
                call a
                call a
                """);
        MINIMAL.put("hybrid-copies-nomap-frame", """
                frame raw words=900 nomap
                frame big words=900
                call raw
                call big
                """);
        MINIMAL.put("hybrid-copies-part-of-segment", """
                frame s words=1
                repeat 600 {
                  call s
                }
                """);
        MINIMAL.put("hybrid-adjusts-older-segments", """
                frame raw words=900 nomap
                frame bp words=900 ptrs=0
                call raw
                call bp
                addr 0 0.1
                call bp
                """);
        // the big frame does not fit in the base segment: the top segment (frame 0, no pointer slots) is copied
        MINIMAL.put("adjustframe-indexes-empty-map", """
                frame a words=1
                frame big words=1000
                call a
                call big
                """);
    }

    static RunResult run(Program program, String name, java.util.function.Supplier<StackEngine> engine) {
        return Runner.run(program, List.of(new EngineSetup(name, engine)),
                RunOptions.DEFAULT.withDiagrams(false));
    }

    @TestFactory
    List<DynamicTest> everyMinimalProgramExposesItsFaultAndPassesTheReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Fault fault : FaultCatalogue.all()) {
            tests.add(DynamicTest.dynamicTest(fault.id(), () -> {
                String text = MINIMAL.get(fault.id());
                assertTrue(text != null, "no minimal program for " + fault.id());
                Program program = Parser.parse(text);
                assertEquals(fault.minimalOps(), program.length(), "minimalOps of " + fault.id());
                RunResult broken = run(program, fault.id(), fault::create);
                assertFalse(broken.ok(), fault.id() + " passed its minimal program");
                assertEquals(fault.invariant(), broken.violations().get(0).id(),
                        fault.id() + ": " + broken.violations().get(0).summary());
                RunResult reference = run(program, fault.base(), fault::reference);
                assertTrue(reference.ok(), fault.id() + " reference: " + reference.violations());
                assertTrue(reference.skipped().isEmpty(), "the reference ran " + fault.id());
            }));
        }
        return tests;
    }

    @Test
    void catalogueIsComplete() {
        List<Fault> all = FaultCatalogue.all();
        assertTrue(all.size() >= 22, "at least 22 faults: " + all.size());
        assertEquals(MINIMAL.keySet(), ids(all), "a minimal program for every fault and no other");
        Set<String> seen = new HashSet<>();
        for (Fault f : all) {
            assertTrue(seen.add(f.id()), "duplicate id " + f.id());
            assertTrue(Invariant.byId(f.invariant()) != null, f.id() + " names an unknown invariant");
            assertFalse(f.bug().isBlank());
            assertFalse(f.source().isBlank());
            StackEngine e = f.create();
            StackEngine r = f.reference();
            assertNotSame(e.getClass(), r.getClass(), f.id() + " is a subclass, not the reference itself");
            assertEquals(r.getClass(), e.getClass().getSuperclass(), f.id() + " extends its base engine directly");
            assertEquals(f.base(), r.name());
            assertEquals(f.params(), e.params());
            assertEquals("fault:" + f.id(), f.provider().name());
            assertEquals(f.params(), f.provider().defaultParams());
        }
        // every invariant is expected to catch some fault: the selftest can show each check failing
        Set<String> expected = new HashSet<>();
        for (Fault f : all) {
            expected.add(f.invariant());
        }
        for (Invariant i : Invariant.values()) {
            assertTrue(expected.contains(i.id()), "no fault of the catalogue is expected to break " + i.id());
        }
        // the required classes of bugs are all there
        long copying = all.stream().filter(f -> f.base().equals("copying")).count();
        long segmented = all.stream().filter(f -> f.base().equals("segmented")).count();
        long hybrid = all.stream().filter(f -> f.base().equals("hybrid")).count();
        assertTrue(copying >= 11 && segmented >= 6 && hybrid >= 2, copying + " " + segmented + " " + hybrid);
    }

    @Test
    void eachFaultOverridesExactlyOneHook() {
        for (Fault f : FaultCatalogue.all()) {
            Class<?> c = f.create().getClass();
            long overridden = java.util.Arrays.stream(c.getDeclaredMethods())
                    .filter(m -> !m.isSynthetic())
                    .count();
            assertEquals(1, overridden, f.id() + " declares " + overridden + " methods");
        }
    }

    @Test
    void lookUpById() {
        assertEquals("shrink-twice-per-gc", FaultCatalogue.byId(" Shrink-Twice-Per-GC ").id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultCatalogue.byId("nope"));
        assertTrue(e.getMessage().contains("copy-adjusts-top-frame-only"));
    }

    private static Set<String> ids(List<Fault> faults) {
        Set<String> ids = new java.util.LinkedHashSet<>();
        for (Fault f : faults) {
            ids.add(f.id());
        }
        return ids;
    }
}

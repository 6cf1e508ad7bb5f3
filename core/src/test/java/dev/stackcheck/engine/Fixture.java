package dev.stackcheck.engine;

import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Layout;
import java.util.ArrayList;
import java.util.List;

/** A started engine with its memory and a record of its events. */
final class Fixture {
    final AddressSpace memory = new AddressSpace();
    final List<EngineEvent> events = new ArrayList<>();
    final StackEngine engine;
    final StackView view;

    Fixture(StackEngine engine) {
        this.engine = engine;
        engine.start(memory, events::add);
        this.view = engine.view();
    }

    /** small sizes (256-byte segments and initial stack), no stack guard */
    static final EngineParams UNGUARDED = new EngineParams(256, false, 256, 0, 1_000_000_000L, 0);
    /** three scalar slots */
    static final Layout MAIN = frame("main", 3);
    /** three slots, slot 1 a pointer */
    static final Layout F = frame("f", 3, 1);

    static Layout frame(String name, int words, int... pointers) {
        return new Layout(name, words, pointers, false);
    }

    static Layout nomap(String name, int words) {
        return new Layout(name, words, new int[0], true);
    }

    /** The return-address word of frame f. */
    long returnWord(int f) {
        return memory.read(view.frameAddress(f) + 8L * view.layout(f).words());
    }

    long slot(int f, int s) {
        return memory.read(view.slotAddress(f, s));
    }

    <T extends EngineEvent> List<T> events(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (EngineEvent e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    void clearEvents() {
        events.clear();
    }
}

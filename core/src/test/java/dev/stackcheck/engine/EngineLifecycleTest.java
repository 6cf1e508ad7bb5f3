package dev.stackcheck.engine;

import static dev.stackcheck.engine.Fixture.F;
import static dev.stackcheck.engine.Fixture.MAIN;
import static dev.stackcheck.engine.Fixture.UNGUARDED;
import static dev.stackcheck.engine.Fixture.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Layout;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The reference engines' lifecycle: no statement before start, after the end or after an overflow, and
 * what a fresh, started engine already uses (its record).
 */
class EngineLifecycleTest {

    static void fails(String message, Executable e) {
        IllegalStateException x = assertThrows(IllegalStateException.class, e);
        assertEquals(message, x.getMessage());
    }

    /** every statement, on an engine that cannot run it */
    static void everyStatementFails(StackEngine e, String message) {
        List<Consumer<StackEngine>> statements = List.of(s -> s.call(MAIN), StackEngine::ret, s -> s.set(0, 1),
                s -> s.get(0), s -> s.addr(1, 0, 0), s -> s.store(1, 1), s -> s.load(1), s -> s.defer(1, 1),
                StackEngine::gc);
        for (Consumer<StackEngine> s : statements) {
            fails(message, () -> s.accept(e));
        }
    }

    @Test
    void statementsBeforeStartAfterTheEndAndAfterAnOverflow() {
        everyStatementFails(new CopyingEngine(UNGUARDED), "copying: statement before start");
        CopyingEngine ended = new CopyingEngine(UNGUARDED);
        ended.start(new AddressSpace(), null);
        ended.call(MAIN);
        ended.ret();
        everyStatementFails(ended, "copying: statement after the final ret");
        CopyingEngine over = new CopyingEngine(UNGUARDED.withMaxStack(256));
        over.start(new AddressSpace(), null);
        over.call(MAIN);
        assertThrows(StackOverflow.class, () -> over.call(frame("big", 40)));
        everyStatementFails(over, "copying: the stack overflowed; no further statements");
        SegmentedEngine twice = new SegmentedEngine(UNGUARDED);
        twice.start(new AddressSpace(), null);
        fails("segmented: start called twice", () -> twice.start(new AddressSpace(), null));
        fails("segmented: no live frame", twice::gc);
    }

    @Test
    void aNewEngineAlreadyUsesItsRecord() {
        Fixture s = new Fixture(new SegmentedEngine(UNGUARDED));
        assertEquals(StackSegment.RECORD_BYTES, s.engine.stats().peakUsed());
        assertEquals(StackSegment.RECORD_BYTES, ((AbstractEngine) s.engine).usedBytes());
        s.engine.call(MAIN);
        s.engine.call(F);
        assertEquals(StackSegment.RECORD_BYTES + 64, ((AbstractEngine) s.engine).usedBytes());
        s.engine.ret();
        assertEquals(StackSegment.RECORD_BYTES + 32, ((AbstractEngine) s.engine).usedBytes());
        assertEquals(StackSegment.RECORD_BYTES + 64, s.engine.stats().peakUsed());
        Fixture c = new Fixture(new CopyingEngine(UNGUARDED));
        assertEquals(0, c.engine.stats().peakUsed());
    }
}

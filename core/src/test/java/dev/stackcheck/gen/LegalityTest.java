package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Program;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The shrinker's gate: a program is legal when the specification runs it to the end; otherwise the reason
 * names the statement's line and column as the printed program shows it.
 */
class LegalityTest {

    private static final Layout A = new Layout("a", 1, new int[0], false);

    @Test
    void aLegalProgramHasNoReason() {
        Program p = new Program(List.of(A), List.of(new Op.Call(A), new Op.Repeat(3, List.of(new Op.Gc())), Op.Ret.INSTANCE));
        assertEquals(Optional.empty(), Legality.whyIllegal(p));
        assertTrue(Legality.isLegal(p));
    }

    @Test
    void theReasonNamesTheStatement() {
        Program p = new Program(List.of(A), List.of(new Op.Call(A), new Op.Set(3, 1)));
        assertEquals("3:1: slot 3 is out of range (a has 1 slots)", Legality.whyIllegal(p).orElseThrow());
        assertFalse(Legality.isLegal(p));
        Program inner = new Program(List.of(A), List.of(new Op.Call(A), new Op.Repeat(2, List.of(Op.Ret.INSTANCE))));
        assertTrue(Legality.whyIllegal(inner).orElseThrow().startsWith("4:3: "), Legality.whyIllegal(inner).get());
    }

    @Test
    void repeatsThatTheFormatCannotWriteAndEmptyProgramsAreIllegal() {
        Program zero = new Program(List.of(A), List.of(new Op.Call(A), new Op.Repeat(0, List.of(new Op.Gc()))));
        assertEquals("3:1: repeat needs a count of at least 1 and a body", Legality.whyIllegal(zero).orElseThrow());
        Program empty = new Program(List.of(A), List.of(new Op.Call(A), new Op.Repeat(2, List.of())));
        assertEquals("3:1: repeat needs a count of at least 1 and a body", Legality.whyIllegal(empty).orElseThrow());
        Program once = new Program(List.of(A), List.of(new Op.Call(A), new Op.Repeat(1, List.of(new Op.Gc()))));
        assertTrue(Legality.isLegal(once));
        assertEquals("empty program", Legality.whyIllegal(new Program(List.of(A), List.of())).orElseThrow());
    }
}

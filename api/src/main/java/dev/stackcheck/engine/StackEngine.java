package dev.stackcheck.engine;

import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Program;
import java.util.Optional;

/**
 * A growable stack for one goroutine: the contract a third-party engine implements.
 *
 * <p>The engine keeps its stack in the {@link AddressSpace} it is given, so that the checker can read
 * every frame and every pointer. Frame {@code f} of layout {@code L} occupies the bytes
 * {@code [sp, sp + L.frameBytes())} where {@code sp = view().frameAddress(f)}: slot {@code i} is the
 * word at {@code sp + 8*i} and the return address is the word at {@code sp + 8*L.words()}. A pointer
 * slot holds the address of the slot it points to, or 0 for nil.
 *
 * <p>The runner calls {@link #refuse} first, then {@link #start}, then one method per statement; it
 * only calls a statement method when the program is legal at that point (the specification checks
 * that first). The engine reports structural events (splits, copies, ...) to the {@link EngineEvents}
 * as they happen. When the stack would exceed the engine's limit, the statement throws
 * {@link StackOverflow}, and the runner sends no further statements.
 */
public interface StackEngine {

    /** The engine's name, as {@code --engine} selects it. */
    String name();

    /** The parameters the engine runs with, for the size-policy invariants. */
    EngineParams params();

    /** What kind of stack the engine keeps, which selects the invariants that apply to it. */
    StackKind kind();

    /** Why this engine cannot run the program, or empty when it can. Asked before {@link #start}. */
    default Optional<String> refuse(Program program) {
        return Optional.empty();
    }

    /** Creates the goroutine's stack in {@code memory}; no frame is live yet. */
    void start(AddressSpace memory, EngineEvents events);

    /** {@code call}: push a frame of {@code layout}, every slot 0. */
    void call(Layout layout);

    /** {@code ret}: run the top frame's deferred stores, last first, then pop it. */
    void ret();

    /** {@code set}: top frame slot := value. */
    void set(int slot, long value);

    /** {@code get}: the value of top frame slot. */
    long get(int slot);

    /** {@code addr}: top frame slot := address of slot {@code target} of frame {@code frame}. */
    void addr(int slot, int frame, int target);

    /** {@code store}: write value where the pointer in top frame slot points. */
    void store(int slot, long value);

    /** {@code load}: the value where the pointer in top frame slot points. */
    long load(int slot);

    /** {@code defer}: record, off the stack, a store of value through the pointer now in slot. */
    void defer(int slot, long value);

    /** {@code gc}: a safe point; the engine may shrink its stack. */
    void gc();

    /** The engine's bookkeeping, read by the checker after every statement. */
    StackView view();

    /** The engine's statistics so far. */
    Stats stats();
}

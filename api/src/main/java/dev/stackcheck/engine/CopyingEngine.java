package dev.stackcheck.engine;

import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Program;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Contiguous stacks that move, as in Go since 1.4 ({@code runtime/stack.go}: newstack, copystack,
 * adjustpointers, adjustdefers, shrinkstack).
 *
 * <p>Layout: one region of {@code initialStack * 2^k} bytes; frame 0 sits at the very top
 * ({@code sp0 = hi - frameBytes}), each later frame just below the previous one; there is no
 * stack-info record. A frame fits when {@code sp - frameBytes >= lo + stackGuard}.
 *
 * <p>{@link #newstack}: when a frame does not fit, {@code newsize = 2 * size}, doubled again while
 * {@code newsize - used < frameBytes + stackGuard} ({@code used = hi - sp}). Past {@code maxStack} it is
 * Go's "goroutine stack exceeds N-byte limit" ({@link StackOverflow}) and the engine stops. Otherwise
 * {@link #copystack} copies the used bytes so that the top keeps its distance from hi, adjusts every
 * pointer into the old stack by {@code delta = new.hi - old.hi} (pointer slots found with the pointer
 * maps, and defer records), and only then frees the old stack.
 *
 * <p>{@link #shrinkstack} (gc): halve when {@code used + shrinkSlack < size/4} and
 * {@code size/2 >= initialStack}; at most once per gc. The halved stack keeps the guard free because the
 * parameters must have {@code stackGuard <= initialStack/2 + shrinkSlack} (the constructor rejects others):
 * the top frame then lies more than {@code size/4 + shrinkSlack} above lo. A program with a {@code nomap}
 * layout is refused: such a frame could not be adjusted.
 */
public class CopyingEngine extends AbstractEngine {

    private Region stack;
    /** the list {@link #segmentList} last built; checked against the stack and depth before each use */
    private List<StackView.StackSegment> segmentView;

    public CopyingEngine(EngineParams params) {
        super(params);
        if (params.initialStack() <= 0 || (params.initialStack() & 7) != 0) {
            throw new IllegalArgumentException("initialStack must be a positive multiple of 8: "
                    + params.initialStack());
        }
        requireGuardAboveShrink("initialStack", params.initialStack(), "a stack");
    }

    @Override
    public String name() {
        return "copying";
    }

    @Override
    public StackKind kind() {
        return StackKind.COPYING;
    }

    @Override
    protected void restoreState(AbstractEngine other) {
        stack = ((CopyingEngine) other).stack;
    }

    @Override
    public Optional<String> refuse(Program program) {
        if (!program.hasNomapLayout()) {
            return Optional.empty();
        }
        String names = program.layouts().stream().filter(Layout::nomap).map(Layout::name)
                .collect(Collectors.joining(", "));
        return Optional.of("a copying stack moves every frame and needs a pointer map for each; "
                + "nomap layout(s): " + names);
    }

    @Override
    protected void createStack() {
        stack = allocate(params.initialStack(), "stack");
    }

    /** The region holding the stack. */
    protected final Region stack() {
        return stack;
    }

    /** Makes {@code r} the region holding the stack (after the frames were copied there). */
    protected final void setStack(Region r) {
        stack = r;
    }

    /** The lowest used address: the top frame's, or hi when no frame is live. */
    protected final long topOfStack() {
        int d = depth();
        return d == 0 ? stack.hi() : sp(d - 1);
    }

    @Override
    protected long place(Layout layout) {
        long spTop = topOfStack();
        if (!fits(spTop, stack.lo(), layout.frameBytes())) {
            newstack(layout.frameBytes());
            spTop = topOfStack();
        }
        return spTop - layout.frameBytes();
    }

    /** Grows the stack so that a frame of {@code frameBytes} fits below the top frame. */
    protected void newstack(long frameBytes) {
        long used = stack.hi() - topOfStack();
        long newsize = growsize(stack.size(), used, need(frameBytes));
        requireWithinLimit(newsize);
        movestack(stack, newsize, used, 0, true);
    }

    @Override
    protected void shrinkstack() {
        long size = stack.size();
        long used = stack.hi() - topOfStack();
        if (shouldShrink(size, used)) {
            movestack(stack, size / 2, used, 0, false);
        }
    }

    @Override
    protected void installMoved(Region neu) {
        stack = neu;
    }

    @Override
    protected void freeMoved(Region old) {
        stackfree(old);
    }

    /** Gives the old stack back after a copy (its frames and pointers have moved). */
    protected void stackfree(Region old) {
        release(old);
    }

    @Override
    protected long returnAddress(int frame) {
        return frame == 0 ? Code.GOEXIT_PC : Code.RETURN_PC;
    }

    @Override
    protected List<StackView.StackSegment> segmentList() {
        // the last list built, while it still describes the stack (a value, so forks may share it)
        List<StackView.StackSegment> v = segmentView;
        if (v == null || v.get(0).region() != stack || v.get(0).endFrame() != depth()) {
            v = List.of(new StackView.StackSegment(stack, 0, depth(), -1));
            segmentView = v;
        }
        return v;
    }
}

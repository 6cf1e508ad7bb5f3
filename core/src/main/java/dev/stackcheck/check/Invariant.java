package dev.stackcheck.check;

import dev.stackcheck.engine.StackKind;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The invariant catalogue: every property the runner checks, with a stable ID, a one-line statement,
 * the kinds of stack it applies to and the check class that enforces it. specs/SPEC.md lists this table;
 * IDs never change meaning.
 */
public enum Invariant {
    REF_1("REF-1", "observations",
            "every get and load returns the value the specification observes",
            Scope.ALL, FrameCheck.class),
    REF_2("REF-2", "frames",
            "the engine has the specification's frames (depth, layouts) and every scalar slot holds the"
                    + " specification's value",
            Scope.ALL, FrameCheck.class),
    PTR_1("PTR-1", "pointers",
            "every slot holding a reference holds exactly view.slotAddress(target) of the specification's"
                    + " target, and every nil pointer slot holds 0",
            Scope.ALL, FrameCheck.class),
    PTR_2("PTR-2", "defers",
            "the defer records are the specification's, in order: same owner frame, same value, and a pointer"
                    + " equal to view.slotAddress(target); after the final ret (frame 0 returned, the run's end)"
                    + " the engine holds none",
            Scope.ALL, FrameCheck.class),
    PTR_3("PTR-3", "adjusted counts",
            "every copy or shrink reports as adjusted exactly the pointers the specification places in the moved"
                    + " span: the reference slots of the moved frames that point into moved frames, plus the defer"
                    + " records that point into moved frames; stats.pointersAdjusted is their sum. An engine that"
                    + " moves nothing adjusts nothing",
            Scope.ALL, AdjustCountCheck.class),
    MEM_1("MEM-1", "memory",
            "no access to unmapped or freed memory and no bad free, by a statement or through the engine's view",
            Scope.ALL, Runner.class),
    MEM_2("MEM-2", "alignment",
            "no misaligned memory access",
            Scope.ALL, Runner.class),
    SEG_1("SEG-1", "chain",
            "the segment chain is acyclic: each stack-info record's word 0 is the lo of the previous segment"
                    + " in view.segments(), and the base segment's record is zero",
            Scope.SEGMENTS, SegmentCheck.class),
    SEG_2("SEG-2", "record",
            "each split segment's stack-info record, the top 24 bytes of its region, holds the saved SP (the"
                    + " frameAddress of the frame just below the segment's first frame) and RETURN_PC",
            Scope.SEGMENTS, SegmentCheck.class),
    SEG_3("SEG-3", "return addresses",
            "the first frame of every non-base segment returns into LESSSTACK_PC, frame 0 into GOEXIT_PC,"
                    + " every other frame into RETURN_PC",
            Scope.LAID_OUT, SegmentCheck.class),
    SEG_4("SEG-4", "placement",
            "every frame lies inside its segment's region, above lo + guard and below the record, frames"
                    + " adjacent in index order without overlap, the first just below the record; a segment's"
                    + " frames are a contiguous index range, the segments cover all frames, frames never move",
            Scope.SEGMENTS, SegmentCheck.class),
    SEG_5("SEG-5", "split policy",
            "a call splits exactly when the new frame plus the guard does not fit below the top frame of the top"
                    + " segment (a frame that fits exactly does not split); the new segment is the cached one when"
                    + " the engine keeps a cache and the cached segment holds frame + record + guard, else it is"
                    + " exactly max(segmentSize, frame + record + guard rounded up to a word); a cached segment"
                    + " that is big enough is always reused. A hybrid's fallback splits follow the same rule",
            Scope.SEGMENTS, SegmentPolicyCheck.class),
    CPY_1("CPY-1", "contiguity",
            "a copying stack is one live region without a record, frame 0 at its very top, frames adjacent"
                    + " with no gaps, and frames move only in a copy",
            Scope.COPYING, CopyCheck.class),
    CPY_2("CPY-2", "growth policy",
            "the stack's size is initialStack * 2^k; it grows only when a frame does not fit, once per call,"
                    + " to the smallest power-of-two multiple of the old size with newsize - used >= frameBytes"
                    + " + guard, copying exactly the used bytes; every frame fits above lo + guard. A hybrid grows"
                    + " its top segment the same way (used counts the record), and splits instead only when a"
                    + " frame without a pointer map is in it",
            Scope.COPYING_HYBRID, CopyCheck.class),
    CPY_3("CPY-3", "shrink policy",
            "at gc the stack shrinks iff used + shrinkSlack < size/4 and size/2 >= initialStack; a shrink"
                    + " halves exactly, happens at most once per gc and never outside a gc. A hybrid shrinks its"
                    + " top segment by the same rule, with segmentSize as the floor, and only when every frame in"
                    + " it has a pointer map",
            Scope.COPYING_HYBRID, CopyCheck.class),
    CPY_4("CPY-4", "overflow",
            "StackOverflow is thrown iff the size a call needs exceeds maxStack, with Go's message; the stack"
                    + " never grows past maxStack",
            Scope.COPYING, CopyCheck.class),
    OVF_1("OVF-1", "overflow claims",
            "a stack overflow is claimed only at a call, and only when the stack that call needs under the rules"
                    + " of the engine's kind exceeds its limit: segmented, the chain plus the new segment (or the"
                    + " cached one it reuses); hybrid, the chain with its top segment grown as CPY-2 says, or plus a"
                    + " new segment when it must split; copying, initialStack * 2^k as CPY-4 says; an outside"
                    + " engine, the largest such stack its kind allows for the frames live between its last"
                    + " observation and the next. A segmented or hybrid chain never grows past the limit",
            Scope.ALL, OverflowCheck.class),
    HYB_1("HYB-1", "no-map frames stay",
            "a frame without a pointer map never moves (its frameAddress is constant while it lives); a hybrid"
                    + " copies only when no such frame is in its top segment",
            Scope.ALL, NomapFrameCheck.class),
    LEAK_1("LEAK-1", "no leak",
            "when only frame 0 is live the engine holds only its base region (plus the cached segment)",
            Scope.LAID_OUT, LeakCheck.class),
    STAT_1("STAT-1", "statistics",
            "statistics agree with the run: calls and returns, splits, lessstack returns, cache hits, copies,"
                    + " shrinks, bytes copied and pointers adjusted equal the statements run and events reported",
            Scope.ALL, StatsCheck.class),
    ENG_1("ENG-1", "no crash",
            "an engine never throws anything but StackOverflow (at its limit): any other exception is a crash",
            Scope.ALL, Runner.class);

    /** Which kinds of stack an invariant applies to. */
    enum Scope {
        ALL(EnumSet.allOf(StackKind.class)),
        LAID_OUT(EnumSet.of(StackKind.SEGMENTED, StackKind.COPYING, StackKind.HYBRID)),
        SEGMENTS(EnumSet.of(StackKind.SEGMENTED, StackKind.HYBRID)),
        COPYING(EnumSet.of(StackKind.COPYING)),
        COPYING_HYBRID(EnumSet.of(StackKind.COPYING, StackKind.HYBRID));

        final Set<StackKind> kinds;

        Scope(Set<StackKind> kinds) {
            this.kinds = kinds;
        }
    }

    private final String id;
    private final String title;
    private final String statement;
    private final Scope scope;
    private final Class<?> enforcedBy;

    Invariant(String id, String title, String statement, Scope scope, Class<?> enforcedBy) {
        this.id = id;
        this.title = title;
        this.statement = statement;
        this.scope = scope;
        this.enforcedBy = enforcedBy;
    }

    /** The stable ID, for example {@code SEG-2}. */
    public String id() {
        return id;
    }

    /** A few words naming it. */
    public String title() {
        return title;
    }

    /** The invariant in one sentence. */
    public String statement() {
        return statement;
    }

    /** The kinds of stack it applies to. */
    public Set<StackKind> kinds() {
        return EnumSet.copyOf(scope.kinds);
    }

    public boolean appliesTo(StackKind kind) {
        return scope.kinds.contains(kind);
    }

    /** The invariants that apply to {@code kind}, in the catalogue's order. */
    public static List<Invariant> applyingTo(StackKind kind) {
        return Arrays.stream(values()).filter(i -> i.appliesTo(kind)).toList();
    }

    /** The class that enforces it. */
    public Class<?> enforcedBy() {
        return enforcedBy;
    }

    /**
     * The catalogue as a Markdown table (ID, title, statement, the kinds of stack it applies to, the class
     * that enforces it), for specs/SPEC.md.
     */
    public static String markdownTable() {
        StringBuilder s = new StringBuilder("| ID | invariant | statement | applies to | enforced by |\n");
        s.append("|---|---|---|---|---|\n");
        for (Invariant i : values()) {
            String kinds = i.scope == Scope.ALL ? "all engines"
                    : i.scope.kinds.stream().map(k -> k.name().toLowerCase(java.util.Locale.ROOT))
                            .collect(java.util.stream.Collectors.joining(", "));
            s.append("| ").append(i.id).append(" | ").append(i.title).append(" | ").append(i.statement)
                    .append(" | ").append(kinds).append(" | `").append(i.enforcedBy.getSimpleName()).append("` |\n");
        }
        return s.toString();
    }

    /** The invariant with this ID, or null. */
    public static Invariant byId(String id) {
        for (Invariant i : values()) {
            if (i.id.equals(id)) {
                return i;
            }
        }
        return null;
    }
}

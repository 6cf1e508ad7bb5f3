package dev.stackcheck.report;

import dev.stackcheck.check.Invariant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Why each invariant of the catalogue matters: what goes wrong in a real runtime when it breaks. Kept
 * beside the report because it is documentation; a test fails when an invariant has no entry here.
 */
public final class Rationale {

    private static final Map<Invariant, String> WHY = new EnumMap<>(Invariant.class);

    static {
        WHY.put(Invariant.REF_1, "the program computes what its source says; a wrong value read is a silent"
                + " miscompilation of every program that runs on the stack");
        WHY.put(Invariant.REF_2, "a slot lost or clobbered by a split, copy or shrink corrupts a local variable"
                + " long after the statement that did it");
        WHY.put(Invariant.PTR_1, "a pointer left pointing into the old stack after a copy reads and writes freed"
                + " memory: the classic copying-stack bug, found by Go's TestStackGrowth");
        WHY.put(Invariant.PTR_2, "defer records live off the stack; a copy that forgets to adjust them makes the"
                + " deferred call write into freed memory (Go's TestDeferPtrs)");
        WHY.put(Invariant.MEM_1, "a use after free or a wild access is memory corruption in a real runtime;"
                + " here it faults at once, with the address");
        WHY.put(Invariant.MEM_2, "the runtime reads stacks one word at a time; a misaligned word is a wrong"
                + " frame computation");
        WHY.put(Invariant.SEG_1, "lessstack walks the chain back; a broken link returns into the wrong segment"
                + " or into freed memory");
        WHY.put(Invariant.SEG_2, "the record is how lessstack finds the caller: a wrong saved SP or return"
                + " address resumes the wrong frame");
        WHY.put(Invariant.SEG_3, "a frame that returns into lessstack when it should not (or the reverse) frees"
                + " a live segment or leaks one");
        WHY.put(Invariant.SEG_4, "frames that overlap, leave gaps or sit in the guard area overwrite each other"
                + " or leave no room for the next morestack check");
        WHY.put(Invariant.SEG_5, "a split where the frame fits is a hot split nobody asked for, a segment of the"
                + " wrong size wastes memory or overruns, and a cache that is not reused pays for a new segment at"
                + " every call across the boundary: the costs segmented stacks were abandoned for");
        WHY.put(Invariant.PTR_3, "the adjusted count is how a runtime's copy cost is measured and how a missed"
                + " pointer shows up; a count that agrees only with itself hides both");
        WHY.put(Invariant.OVF_1, "an engine that claims a stack overflow it does not have kills a goroutine that"
                + " had room to run, and a chain that grows past its limit never stops runaway recursion");
        WHY.put(Invariant.CPY_1, "the copying runtime finds frames by walking down from the top of one region;"
                + " a gap or a second region breaks the walk and the pointer adjustment");
        WHY.put(Invariant.CPY_2, "doubling is what makes growth cost amortised O(1) per byte; growing too little"
                + " copies too often, too much wastes memory");
        WHY.put(Invariant.CPY_3, "shrinking too eagerly turns a loop into a grow/shrink hot spot again (the hot"
                + " split by another name); never shrinking keeps a one-off deep recursion's memory forever");
        WHY.put(Invariant.CPY_4, "runaway recursion must end as Go's 'goroutine stack exceeds' error, never as a"
                + " crash or an out-of-memory of the whole process");
        WHY.put(Invariant.HYB_1, "a frame without a pointer map cannot have its pointers adjusted; moving it"
                + " leaves those pointers dangling (why Go 1.3 fell back to splitting)");
        WHY.put(Invariant.LEAK_1, "segments or old stacks not given back when the goroutine unwinds are a memory"
                + " leak per goroutine, and there may be millions of goroutines");
        WHY.put(Invariant.STAT_1, "the experiments and the benchmarks are read from the statistics; wrong"
                + " counters would make every report wrong");
        WHY.put(Invariant.ENG_1, "an engine must fail only as the runtime does (a stack overflow at its limit);"
                + " any other exception is a crash of the runtime");
    }

    private Rationale() {
    }

    /** Why the invariant matters, or null when the catalogue has grown without an entry here. */
    public static String why(Invariant i) {
        return WHY.get(i);
    }
}

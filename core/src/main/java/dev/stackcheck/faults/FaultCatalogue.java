package dev.stackcheck.faults;

import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.StackEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Every deliberately wrong engine, in a fixed order: copying faults, then segmented, then hybrid.
 *
 * <p>Invariant: ids are distinct; each fault's {@code minimalOps} is the length of a hand-written program
 * (FaultCatalogueTest) that makes the fault engine break the fault's invariant while the reference engine
 * with the same parameters passes.
 *
 * <p>Parameters: copying faults run with Go 1.4's sizes (2 KiB initial stack, 512-byte guard), segmented
 * ones with Go 1.2's (8 KiB segments, 256-byte guard), hybrid ones with Go 1.3's; the segment-cache fault
 * runs with GCC's split-stack settings (4 KiB segments, cache on) and the overflow fault with a 16 KiB
 * limit, so that a stack of exactly the limit is reachable.
 */
public final class FaultCatalogue {

    /** Go 1.4's copying stacks. */
    static final EngineParams COPYING = Profile.GO1_4.params();
    /** Go 1.2's segmented stacks. */
    static final EngineParams SEGMENTED = Profile.GO1_2.params();
    /** Go 1.3's hybrid stacks. */
    static final EngineParams HYBRID = Profile.GO1_3.params();
    /** GCC's split stacks: the released segment is kept for the next split. */
    static final EngineParams CACHED = Profile.GCC.params();
    /** Go 1.4's copying stacks with a 16 KiB limit (a power-of-two multiple of the initial 2 KiB). */
    static final EngineParams SMALL_LIMIT = Profile.GO1_4.params().withMaxStack(16384);
    /**
     * A limit that is no power-of-two multiple of any initial or segment size (the check's odd limit), where
     * several wrong overflow rules part from the right one.
     */
    static final long ODD_LIMIT = 20_000;
    /** Go 1.4's copying stacks with the odd limit. */
    static final EngineParams ODD_COPYING = Profile.GO1_4.params().withMaxStack(ODD_LIMIT);
    /** Go 1.2's segmented stacks with the odd limit. */
    static final EngineParams ODD_SEGMENTED = Profile.GO1_2.params().withMaxStack(ODD_LIMIT);

    private static final List<Fault> ALL = build();

    private FaultCatalogue() {
    }

    /** Every fault, copying first, then segmented, then hybrid. */
    public static List<Fault> all() {
        return ALL;
    }

    /**
     * The fault called {@code id}.
     *
     * @throws IllegalArgumentException naming the valid ids when there is none
     */
    public static Fault byId(String id) {
        String want = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (Fault f : ALL) {
            if (f.id().equals(want)) {
                return f;
            }
        }
        List<String> ids = new ArrayList<>();
        for (Fault f : ALL) {
            ids.add(f.id());
        }
        throw new IllegalArgumentException("unknown fault '" + id + "'; faults: " + String.join(", ", ids));
    }

    private static Fault fault(String id, String base, String invariant, int minimalOps, EngineParams params,
                               Function<EngineParams, StackEngine> factory, String bug, String source) {
        return new Fault(id, base, bug, source, invariant, minimalOps, params, factory);
    }

    private static List<Fault> build() {
        List<Fault> f = new ArrayList<>();

        // ---- copying ---------------------------------------------------------------------------------
        f.add(fault("copy-adjusts-top-frame-only", "copying", "PTR-1", 3, COPYING,
                CopyingFaults.AdjustsTopFrameOnly::new,
                "adjustframe runs for the top frame only: pointers held by older frames still point into the"
                        + " old, freed stack after a copy.",
                "golang/go#18174 (stack growth did not adjust the frame pointer saved in gp.sched.bp, outside"
                        + " the frames walked) and golang/go#58432 (copystack did not adjust frame pointers on"
                        + " arm64): a copy that adjusts some saved pointers and misses others"));
        f.add(fault("copy-skips-defer-records", "copying", "PTR-2", 4, COPYING,
                CopyingFaults.SkipsDeferRecords::new,
                "copystack adjusts the frames but not the defer records, which keep pointing into the old stack.",
                "Go's TestDeferPtrs exists for this (\"tests the adjustment of Defer's argument pointers during a"
                        + " stack copy\"); golang/go#40641: runtime records outside the stack (sudogs) pointing"
                        + " into it were read unsynchronised while a shrink adjusted them"));
        f.add(fault("copy-adjusts-off-by-one-word", "copying", "PTR-1", 3, COPYING,
                CopyingFaults.AdjustsOffByOneWord::new,
                "adjustframe adds delta plus one word: every adjusted pointer lands on the next slot.",
                "illustrative: Go's adjustpointers adds exactly delta = new.hi - old.hi"));
        f.add(fault("copy-adjusts-pointers-outside-old-stack", "copying", "PTR-1", 2, COPYING,
                CopyingFaults.AdjustsOutsideOldStack::new,
                "adjustframe drops the bounds test old.lo <= p < old.hi and moves every pointer slot, so a nil"
                        + " pointer becomes delta.",
                "illustrative: Go's adjustpointers moves only p with minp <= p < maxp, and separately rejects"
                        + " 0 < p < 4096 as a bad pointer (runtime: bad pointer in frame)"));
        f.add(fault("copy-measures-used-from-lo", "copying", "SEG-3", 2, COPYING,
                CopyingFaults.MeasuresUsedFromLo::new,
                "copystack measures the used part as sp - lo instead of hi - sp: with more than half the stack"
                        + " in use, the lowest bytes of the frames (slots and return addresses) are not copied.",
                "illustrative: Go's copystack copies used = old.hi - sched.sp bytes below hi"));
        f.add(fault("copy-frees-old-stack-first", "copying", "MEM-1", 1, COPYING,
                CopyingFaults.FreesOldStackFirst::new,
                "copystack gives the old stack back before copying and adjusting from it (a use after free, and"
                        + " a double free when the copy is done).",
                "illustrative: Go's copystack calls stackfree(old) only after the copy and every adjustment"));
        f.add(fault("newstack-doubles-once", "copying", "CPY-2", 1, COPYING,
                CopyingFaults.DoublesOnce::new,
                "newstack doubles once even when the frame that asked needs more: a big frame lands in the"
                        + " guard (or below the stack).",
                "golang/go#18138 (new goroutines spend excessive time in morestack); Go's newstack now keeps"
                        + " doubling while newsize - used < funcMaxSPDelta + _StackGuard"));
        f.add(fault("newstack-ignores-guard", "copying", "CPY-2", 1, COPYING,
                CopyingFaults.GrowthIgnoresGuard::new,
                "newstack sizes the new stack for the frame alone, forgetting the guard: the frame fits but"
                        + " leaves less than stackGuard free below it.",
                "illustrative: Go's newstack sizes for max + _StackGuard (928 bytes on linux/amd64 in Go 1.19);"
                        + " golang/go#12602 shows what the guard protects (SSA needed it raised from 640 to 960)"));
        f.add(fault("shrink-while-quarter-used", "copying", "CPY-3", 2, COPYING,
                CopyingFaults.ShrinksAtHalf::new,
                "shrinkstack halves when less than half is used, though a quarter or more is in use.",
                "illustrative: Go's shrinkstack returns when used >= avail/4"));
        f.add(fault("shrink-below-initial-size", "copying", "CPY-3", 2, COPYING,
                CopyingFaults.ShrinksBelowInitial::new,
                "shrinkstack forgets the floor and halves below the initial stack size.",
                "illustrative: Go's shrinkstack returns when newsize < fixedStack"));
        f.add(fault("shrink-twice-per-gc", "copying", "CPY-3", 4, COPYING,
                CopyingFaults.ShrinksTwicePerGc::new,
                "the stack is shrunk at two scans of one gc: two halvings at one safe point.",
                "illustrative: Go shrinks a stack at most once per GC cycle, from scanstack"));
        f.add(fault("overflow-limit-off-by-one", "copying", "CPY-4", 1, SMALL_LIMIT,
                CopyingFaults.OverflowOffByOne::new,
                "newstack tests newsize >= maxStack: a stack of exactly the limit is reported as an overflow.",
                "the limit-test class of golang/go#41228 (SetMaxStack limits of 4 GB or more were compared"
                        + " wrongly); Go's newstack tests newsize > maxstacksize"));
        f.add(fault("copy-leaks-old-stack", "copying", "LEAK-1", 1, COPYING,
                CopyingFaults.LeaksOldStack::new,
                "copystack never frees the old stack: every growth or shrink leaks it.",
                "golang/go#17289 (stackFromSystem freed less than it allocated, leaking stack memory)"));
        f.add(fault("ret-runs-defers-oldest-first", "copying", "REF-2", 6, COPYING,
                CopyingFaults.RunsDefersOldestFirst::new,
                "ret runs the returning frame's deferred stores oldest first: of two stores to one slot, the"
                        + " wrong one is left.",
                "illustrative: Go runs deferred calls last in, first out (the language specification)"));
        f.add(fault("get-reads-caller-slot", "copying", "REF-1", 4, COPYING,
                CopyingFaults.GetReadsCallerSlot::new,
                "get addresses the top frame's slots from the caller's frame address (a stale stack pointer, the"
                        + " one from before the call): it returns the caller's slot of that index wherever the"
                        + " caller has one. Nothing in the stack is wrong; only what get observes.",
                "illustrative: Go's stkframe addresses a frame's locals from its varp and its arguments from its"
                        + " argp, which lies in the caller's frame; reading a local through the caller's stack"
                        + " pointer is the stale-stack-pointer class"));
        f.add(fault("copy-leaves-gap-at-top", "copying", "CPY-1", 2, COPYING,
                CopyingFaults.LeavesGapAtTop::new,
                "copystack keeps the top word of the new stack free, a reserve the old stack did not have: the"
                        + " used part lands one word below new.hi, so frame 0 is no longer at the very top."
                        + " Pointers and defer records move by the same delta and stay consistent.",
                "illustrative: Go's copystack copies the used part to [new.hi - used, new.hi) with"
                        + " delta = new.hi - old.hi, so the top of the stack keeps its distance from hi"));
        f.add(fault("stats-count-old-stack-size", "copying", "STAT-1", 1, COPYING,
                CopyingFaults.CountsOldStackSize::new,
                "the statistics count the whole old stack as copied (its size) instead of the used part the"
                        + " copy moved: stats.bytesCopied disagrees with the Copy events.",
                "illustrative: Go's copystack moves only old.hi - sp bytes; compare golang/go#54396 (the"
                        + " documented stack memory statistics did not match what the runtime counted)"));

        f.add(fault("newstack-grows-at-exact-fit", "copying", "CPY-2", 1, COPYING,
                CopyingFaults.GrowsAtExactFit::new,
                "newstack's fit test is strict (sp - frame > lo + guard): a frame that fits exactly, guard"
                        + " included, makes the stack grow. It differs from the right engine only at that edge.",
                "illustrative: Go's morestack check is sp < stackguard (the guard itself may be reached);"
                        + " an off-by-one in the prologue comparison is the classic split-check bug"));
        f.add(fault("shrink-at-exact-quarter", "copying", "CPY-3", 4, COPYING,
                CopyingFaults.ShrinksAtExactQuarter::new,
                "shrinkstack halves when used + slack <= size/4: a stack used exactly a quarter shrinks.",
                "illustrative: Go's shrinkstack returns when used >= avail/4; only an exact quarter tells"
                        + " the two apart"));
        f.add(fault("overflow-limit-rounded-to-power-of-two", "copying", "CPY-4", 1, ODD_COPYING,
                CopyingFaults.LimitRoundedToPowerOfTwo::new,
                "newstack compares the new size with the limit rounded up to initialStack * 2^k: right at"
                        + " power-of-two limits, up to a doubling past any other.",
                "the limit-test class of golang/go#41228 (SetMaxStack limits compared wrongly); Go's newstack"
                        + " compares newsize with maxstacksize as given"));
        f.add(fault("adjust-counts-every-pointer-slot", "copying", "PTR-3", 2, COPYING,
                CopyingFaults.CountsEveryPointerSlot::new,
                "adjustframe counts every pointer slot of a moved frame as adjusted, nil ones included; the"
                        + " Copy events and the statistics agree with each other, so STAT-1 cannot see it.",
                "illustrative: Go's adjustpointers rewrites (and its debug output counts) only the slots"
                        + " holding p with minp <= p < maxp"));

        // ---- segmented -------------------------------------------------------------------------------
        f.add(fault("lessstack-returns-to-wrong-segment", "segmented", "SEG-1", 3, SEGMENTED,
                SegmentedFaults.LessstackToBase::new,
                "lessstack switches back to the base segment rather than the previous one, freeing the"
                        + " segments in between while their frames are still live.",
                "illustrative: Go 1.2's oldstack returns to the Stktop's stackbase, GCC's"
                        + " __generic_releasestack to the segment's prev"));
        f.add(fault("record-saves-wrong-sp", "segmented", "SEG-2", 2, SEGMENTED,
                SegmentedFaults.RecordSavesWrongSp::new,
                "morestack saves the caller's stack pointer from before the caller's frame (its frame address"
                        + " plus its size) instead of the caller's frame address.",
                "illustrative: Go 1.2's Stktop saves gobuf.sp, GCC's stack_segment saves old_stack; compare"
                        + " golang/go#36697 (a gccgo split-stack segment record found corrupted)"));
        f.add(fault("record-saves-lessstack-pc", "segmented", "SEG-2", 2, SEGMENTED,
                SegmentedFaults.RecordSavesLessstackPc::new,
                "morestack saves the patched return address (lessstack) in the record instead of the real one.",
                "illustrative: morestack must save the caller's real return address before patching the new"
                        + " frame's to lessstack"));
        f.add(fault("cache-reuses-too-small-segment", "segmented", "SEG-4", 4, CACHED,
                SegmentedFaults.CacheReusesTooSmall::new,
                "morestack reuses the cached segment without checking its size: a big frame overruns it.",
                "GCC libgcc/generic-morestack.c: __generic_morestack reuses the next segment only when it is"
                        + " big enough, else releases it (see shared/reference/go-stacks.md)"));
        f.add(fault("segment-freed-while-in-use", "segmented", "MEM-1", 3, SEGMENTED,
                SegmentedFaults.FreesSegmentInUse::new,
                "lessstack frees the segment it is leaving before it has read that segment's stack-info record.",
                "illustrative: the record at the top of a segment is needed until lessstack has switched back"));
        f.add(fault("big-frame-in-normal-segment", "segmented", "SEG-4", 1, SEGMENTED,
                SegmentedFaults.BigFrameInNormalSegment::new,
                "morestack always allocates a normal-size segment, so a frame bigger than a segment overruns it.",
                "illustrative: Go 1.2's morestack allocates max(frame size, StackMin); GCC's allocate_segment"
                        + " max(page, frame + args + header)"));
        f.add(fault("segment-leaked-on-return", "segmented", "LEAK-1", 3, SEGMENTED,
                SegmentedFaults.LeaksSegment::new,
                "lessstack neither frees nor caches the segment it leaves.",
                "golang/go#16271 (gccgo: stack memory leak with many goroutines on split stacks)"));
        f.add(fault("split-frame-skips-lessstack", "segmented", "SEG-3", 2, SEGMENTED,
                SegmentedFaults.SkipsLessstackReturn::new,
                "morestack does not patch the new frame's return address to lessstack: it would return"
                        + " straight into its caller's code on the wrong stack.",
                "illustrative: the split frame's return address must be lessstack (seed article; Go 1.2"
                        + " morestack)"));
        f.add(fault("ret-skips-defers", "segmented", "REF-2", 5, SEGMENTED,
                SegmentedFaults.RetSkipsDefers::new,
                "ret pops the frame without running its deferred stores; the records stay behind.",
                "illustrative: deferred calls run when the function returns (the Go specification)"));
        f.add(fault("morestack-misaligns-split-frame", "segmented", "MEM-2", 2, SEGMENTED,
                SegmentedFaults.MisalignsSplitFrame::new,
                "morestack reserves a 4-byte argument block below the new segment's record, not rounded up to"
                        + " the word size: the first frame of every split segment sits at a misaligned address.",
                "Go 1.2 runtime/stack.c newstack throws \"runtime: stack split argsize\" (\"stack split with"
                        + " misaligned argsize\") when the argument block it copies below the new segment's Stktop"
                        + " is not a multiple of the word size"));
        f.add(fault("goexit-keeps-defer-records", "segmented", "PTR-2", 4, SEGMENTED,
                SegmentedFaults.GoexitKeepsDeferRecords::new,
                "the final ret (goexit) runs frame 0's deferred stores but never removes their records: the"
                        + " ended goroutine still holds defer records pointing into its dead frame.",
                "Go's goexit0 sets gp._defer = nil (\"should be true already but just in case\") and gp._panic"
                        + " = nil (\"points at stack-allocated data\"): records left on an exited goroutine point"
                        + " into its dead stack"));

        f.add(fault("split-at-exact-fit", "segmented", "SEG-5", 2, SEGMENTED,
                SegmentedFaults.SplitsAtExactFit::new,
                "morestack's fit test is strict (sp - frame > lo + guard): a frame that fills the segment"
                        + " exactly, guard included, splits. It differs from the right engine only at that edge.",
                "illustrative: the split check of Go 1.2's prologue compares SP with stackguard; an off-by-one"
                        + " there splits a frame that fits (a hot split where none is due)"));
        f.add(fault("cache-skips-exact-fit", "segmented", "SEG-5", 4, CACHED,
                SegmentedFaults.CacheSkipsExactFit::new,
                "morestack reuses the cached segment only when it is bigger than the frame needs: a segment"
                        + " of exactly the right size (a big frame called again) is freed and allocated anew.",
                "GCC libgcc/generic-morestack.c: __generic_morestack reuses the next segment when"
                        + " its size >= the needed size"));
        f.add(fault("big-segment-rounded-up", "segmented", "SEG-5", 2, SEGMENTED,
                SegmentedFaults.BigSegmentRoundedUp::new,
                "a frame bigger than a segment gets a segment rounded up to whole normal segments instead of"
                        + " exactly frame + record + guard: the frame fits, memory is wasted.",
                "illustrative: Go 1.2's morestack allocates max(frame size + StackExtra, StackMin) rounded"
                        + " to the allocator's size; stackcheck's rule is exact"));
        f.add(fault("limit-rounded-up-to-segments", "segmented", "OVF-1", 3, ODD_SEGMENTED,
                SegmentedFaults.LimitRoundedUpToSegments::new,
                "morestack compares the chain with the limit rounded up to whole segments: right when the"
                        + " limit is a multiple of the segment size, a segment past it otherwise.",
                "the limit-test class of golang/go#41228; Go 1.2's newstack tests the stack size against"
                        + " maxstacksize in bytes"));
        f.add(fault("morestack-reserves-spare-segment", "segmented", "OVF-1", 2, ODD_SEGMENTED,
                SegmentedFaults.ReservesSpareSegment::new,
                "morestack keeps a spare segment's worth of the limit in reserve and reports a stack overflow"
                        + " a segment too early, while the stack still has room.",
                "illustrative: a runtime that reserves stack for its overflow handler must not count the"
                        + " reserve against the goroutine's limit"));

        // ---- hybrid ----------------------------------------------------------------------------------
        f.add(fault("hybrid-copies-nomap-frame", "hybrid", "HYB-1", 2, HYBRID,
                HybridFaults.CopiesNomapFrame::new,
                "the hybrid copies the top segment although a frame without a pointer map is in it: that frame"
                        + " moves and its pointers cannot be adjusted.",
                "Go 1.3's copyabletopsegment: a frame lacking a locals or args pointer map (C, assembly) forces"
                        + " the fallback to a split (see shared/reference/go-stacks.md)"));
        f.add(fault("hybrid-copies-part-of-segment", "hybrid", "SEG-3", 2, HYBRID,
                HybridFaults.CopiesPartOfSegment::new,
                "the copy of the top segment counts its used part without the stack-info record, so the lowest"
                        + " three words of the stack (the top frame's first slots or its return address) are not"
                        + " copied.",
                "illustrative: Go 1.3's copystack copies the whole used part of the top segment, Stktop"
                        + " included"));
        f.add(fault("hybrid-adjusts-older-segments", "hybrid", "PTR-1", 4, HYBRID,
                HybridFaults.AdjustsOlderSegments::new,
                "the copy of the top segment moves every non-nil pointer, also those into older segments,"
                        + " which did not move.",
                "illustrative: Go 1.3 adjusted only pointers into the copied segment [old.lo, old.hi)"));
        f.add(fault("adjustframe-indexes-empty-map", "hybrid", "ENG-1", 2, HYBRID,
                HybridFaults.AdjustsThroughEmptyMap::new,
                "adjustframe reads the first entry of a frame's pointer map before testing its length: a copied"
                        + " frame without pointer slots makes it index an empty map, and the engine crashes"
                        + " (ArrayIndexOutOfBoundsException) in the middle of the copy.",
                "Go's adjustframe tests locals.n > 0 and args.n > 0 before adjustpointers reads a stack map;"
                        + " Go 1.3's copystack walked the top segment's frames with it"));
        return List.copyOf(f);
    }
}

package dev.stackcheck.engine;

import dev.stackcheck.program.Quote;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A named set of historical parameters: the engine it describes, the sizes, and where they come from.
 * Every field of {@link #params()} is filled, so a profile can also be applied to the other engines.
 * Sizes are those of linux/amd64.
 *
 * @param name        what {@code --profile} selects
 * @param engine      the engine the profile describes ("segmented", "copying", "hybrid"), or "all" for a
 *                    profile meant for every engine ({@link #EXPLORE})
 * @param params      the sizes
 * @param description one line: what the profile models
 * @param source      where the values come from
 */
public record Profile(String name, String engine, EngineParams params, String description, String source) {

    private static final long GO_MAX_STACK = 1_000_000_000L;

    /** Go 1.2: 8 KiB segments, stack guard 256, no cache (freed segments go back to the allocator). */
    public static final Profile GO1_2 = new Profile("go1.2", "segmented",
            new EngineParams(8192, false, 8192, 256, GO_MAX_STACK, 0),
            "Go 1.2 segmented stacks: 8 KiB segments, morestack/lessstack, 1 GB limit",
            "golang/go release-branch.go1.2 src/pkg/runtime/stack.h: StackMin = 8192 (raised from 4096 in Go 1.1),"
                    + " StackGuard = 256 + StackSystem (StackSystem = 0 on linux); Go 1.2 release notes:"
                    + " runtime/debug.SetMaxStack, default limit 1 GB on 64-bit systems");

    /** Go 1.3: the same segments, copied when the top segment allows it. */
    public static final Profile GO1_3 = new Profile("go1.3", "hybrid",
            new EngineParams(8192, false, 8192, 256, GO_MAX_STACK, 0),
            "Go 1.3 hybrid stacks: copy the top segment (double) when every frame in it has a pointer map,"
                    + " else split; shrink at gc below a quarter",
            "golang/go release-branch.go1.3 src/pkg/runtime/stack.c: newstack copies when"
                    + " copyabletopsegment(gp) != -1 with newsize = oldsize * 2, else allocates a segment;"
                    + " shrinkstack: newsize = oldsize / 2, not below FixedStack (= StackMin = 8192), only if"
                    + " used < oldsize / 4; stack.h: StackGuard = 256");

    /** Go 1.4: contiguous 2 KiB stacks, guard 512, shrink below a quarter with no slack. */
    public static final Profile GO1_4 = new Profile("go1.4", "copying",
            new EngineParams(8192, false, 2048, 512, GO_MAX_STACK, 0),
            "Go 1.4 copying stacks: 2 KiB initial, double and copy, halve at gc below a quarter",
            "golang/go release-branch.go1.4 src/runtime/stack.h: StackMin = 2048, StackGuard = 512 + StackSystem;"
                    + " stack.c shrinkstack: return if used >= oldsize / 4 (no slack), not below FixedStack;"
                    + " newstack: newsize = oldsize * 2, overflow when newsize > maxstacksize (1e9 on 64-bit)");

    /** Go 1.19: contiguous 2 KiB stacks, guard 928, shrink slack 800 (the stack the reference trace came from). */
    public static final Profile GO1_19 = new Profile("go1.19", "copying",
            new EngineParams(8192, false, 2048, 928, GO_MAX_STACK, 800),
            "Go 1.19 copying stacks: 2 KiB initial, guard 928, shrink when used + 800 < size / 4",
            "golang/go go1.19 src/runtime/stack.go: _StackMin = 2048, _StackGuard = 928 (linux/amd64),"
                    + " _StackLimit = _StackGuard - _StackSmall = 800 added to used in shrinkstack;"
                    + " newstack doubles while newsize - used < max SP delta + _StackGuard");

    /** GCC split stacks: page-sized segments, 1536 bytes of back-off, freed segments kept for the next split. */
    public static final Profile GCC = new Profile("gcc", "segmented",
            new EngineParams(4096, true, 4096, 1536, GO_MAX_STACK, 0),
            "GCC -fsplit-stack: page-sized segments, the released segment kept and reused by the next split",
            "gcc libgcc/generic-morestack.c: allocate_segment allocates one page (4096) unless the frame needs"
                    + " more; __generic_morestack reuses the next segment if big enough, else releases it;"
                    + " __generic_releasestack keeps it. libgcc/config/i386/morestack.S: BACKOFF = 1536 on"
                    + " x86_64 (the stack boundary sits that far above the segment's end). GCC has no stack"
                    + " limit; the Go limit is kept so that runs end. stackcheck keeps one cached segment, GCC"
                    + " keeps the whole chain");

    /**
     * gccgo 12 on libgcc's split stacks, as the gccgo engine really runs: a new segment is at least one page
     * and at least the machine's signal-stack floor (the engine reports it, stats field segmentMin), else the
     * frame plus __morestack's back-off plus the 56-byte header rounded up to pages; the whole chain of
     * returned segments stays cached (a split reuses the next one when big enough, else unmaps that tail).
     * libgcc has no limit; 4 GiB lets deep.stk (about 1.2 GB of segments) complete.
     */
    public static final Profile GCCGO12 = new Profile("gccgo12", "segmented",
            new EngineParams(4096, true, 4096, 3584, 1L << 32, 0),
            "gccgo 12 / libgcc generic-morestack: segments of max(floor, round_up(frame + 3584 + 56, 4096)) bytes,"
                    + " the returned chain cached, never freed on return",
            "gcc releases/gcc-12 libgcc/generic-morestack.c: allocate_segment (allocate = pagesize; raised to"
                    + " MINSIGSTKSZ + overhead, then to frame_size + overhead, in pages), __generic_morestack (reuse"
                    + " *pp unless (*pp)->size < frame_size, else __morestack_release_segments(pp) unmaps the tail),"
                    + " __generic_releasestack (\"We don't actually release the stack segment\");"
                    + " libgcc/config/i386/morestack.S: BACKOFF 0xe00 on x86_64; glibc 2.34+: MINSIGSTKSZ ="
                    + " sysconf(_SC_SIGSTKSZ); libgo runtime/proc.go malg: first segment 4 MiB");

    /**
     * A C thread's fixed stack (the c-fixed engine): one block of maxStack bytes for the whole run, no growth.
     * For this profile stackGuard is the C overhead allowed per program frame beyond its slots, and
     * initialStack the bytes the thread uses below frame 0 (thread start, the interpreter's root).
     */
    public static final Profile C_FIXED = new Profile("c-fixed", "fixed",
            new EngineParams(8192, false, 16384, 512, 8L << 20, 0),
            "a C pthread's fixed 8 MiB stack: no growth; overflow (SIGSEGV on the guard page) when the live frames"
                    + " pass it",
            "glibc: pthread_create's default stack is RLIMIT_STACK (8 MiB on Debian), with one guard page below"
                    + " it (nptl/allocatestack.c); the engine sets it with pthread_attr_setstacksize");

    /**
     * The model checker's tiny sizes ({@code stackcheck explore}), for every engine: 64-byte segments (40
     * usable bytes below the record and the guard) kept in a cache, a 32-byte initial stack, an 8-byte
     * guard and a 256-byte limit, so that splits, lessstack returns, cache reuse, big-frame segments,
     * growth copies (also by more than a doubling), shrinks, hybrid fallbacks and stack overflows all
     * happen within a few statements. {@code run FILE --profile explore} replays an explore counterexample.
     */
    public static final Profile EXPLORE = new Profile("explore", "all",
            new EngineParams(64, true, 32, 8, 256, 0),
            "stackcheck explore's sharp configuration: 64-byte segments with a cache, 32-byte initial stack,"
                    + " 8-byte guard, 256-byte limit",
            "not historical: chosen so that every mechanism of the Go and GCC stacks is reachable within a"
                    + " few statements of a bounded exhaustive search (see dev.stackcheck.explore.ExploreConfig)");

    private static final List<Profile> ALL = List.of(GO1_2, GO1_3, GO1_4, GO1_19, GCC);
    private static final List<Profile> NAMED = List.of(GO1_2, GO1_3, GO1_4, GO1_19, GCC, EXPLORE, GCCGO12, C_FIXED);
    private static final List<Profile> REAL = List.of(GCCGO12, C_FIXED);

    /** The profiles of real runtimes that only outside engines run (gccgo12, c-fixed). */
    public static List<Profile> realRuntimes() {
        return REAL;
    }

    /** Every historical profile, oldest Go first, then gcc ({@link #EXPLORE} is not historical). */
    public static List<Profile> all() {
        return ALL;
    }

    /**
     * The profile called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the valid profiles when there is none
     */
    public static Profile byName(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (Profile p : NAMED) {
                if (p.name.equals(n)) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("unknown profile " + Quote.token(name) + "; valid profiles: "
                + NAMED.stream().map(Profile::name).collect(Collectors.joining(", ")));
    }
}

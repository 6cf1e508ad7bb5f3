package dev.stackcheck.check;

import dev.stackcheck.engine.BlackBoxEngine;
import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.BlackBoxRun;
import dev.stackcheck.engine.Counter;
import dev.stackcheck.engine.Counters;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.engine.Stats;
import dev.stackcheck.program.Cursor;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Pos;
import dev.stackcheck.program.Printer;
import dev.stackcheck.program.Program;
import dev.stackcheck.spec.Spec;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a {@link BlackBoxEngine}: it runs the whole program once, and what it reports is compared with
 * the specification run alongside here.
 *
 * <p>In this order, the first that breaks is the engine's violation: REF-1, every observation it made is
 * the specification's, at the same position (a difference names the statement that made it); ENG-1, it did
 * not crash, hang or break its protocol; REF-1, it made all the observations (unless it overflowed); CPY-2,
 * CPY-3, CPY-4 on its copy and shrink events, whatever kind it claims (an engine that reports a copy claims
 * to copy; {@link CopyEventCheck}, the events of each stack chained); for a segmented engine its segment
 * events ({@link SegmentEventCheck}), for a fixed one its overflow ({@link FixedStackCheck}); STAT-1,
 * every statistic it reported agrees with the statements run and the events it reported.
 *
 * <p>Then ENG-1 also covers an event whose step lies beyond the program; PTR-3 holds a reported
 * {@code pointersAdjusted} to the pointers the specification places in the stacks its copies moved; STAT-1
 * holds reported peaks to the live slots and to the stack sizes its events name.
 *
 * <p>Statistics it did not report are filled from its events in its {@link EngineResult} (copies, shrinks,
 * splits, lessstack, allocations, frees, bytes copied), so a report shows them, and only reported ones are
 * checked; those no event tells (calls, returns, cacheHits, pointersAdjusted, peaks) are
 * {@link Stats#NOT_REPORTED}.
 */
final class BlackBoxCheck {

    /** One black-box engine's part in a run: its result, and its violation or null; or its refusal. */
    record Outcome(EngineResult result, Violation violation, Skipped skipped) {}

    private BlackBoxCheck() {
    }

    static Outcome run(Program program, EngineSetup source, BlackBoxEngine engine, RunOptions options) {
        BlackBoxRun run;
        try {
            run = engine.runWhole(program);
        } catch (RuntimeException | StackOverflowError e) {
            run = BlackBoxRun.failed(Lane.crash(e, "runWhole").getMessage(), new long[0], List.of(), "");
        }
        if (run.outcome() == BlackBoxRun.Outcome.REFUSED) {
            return new Outcome(null, null, new Skipped(source.name(), run.message()));
        }
        StackKind kind = engine.kind();
        Check c = new Check(program, source.name(), run, options, kind, engine.params());
        Violation v = c.observations();
        if (v == null && run.outcome() == BlackBoxRun.Outcome.FAILED) {
            v = c.atEnd(Invariant.ENG_1, "the engine failed: " + run.message() + stderr(run));
        }
        if (v == null) {
            v = c.eventSteps();
        }
        if (v == null) {
            v = c.missing();
        }
        if (v == null) {
            List<CopyEventCheck.Finding> f = CopyEventCheck.check(run.events(), engine.params(), true);
            if (!f.isEmpty()) {
                v = c.event(f.get(0));
            }
        }
        if (v == null && kind == StackKind.SEGMENTED) {
            List<CopyEventCheck.Finding> f = SegmentEventCheck.check(run.events(), engine.params(), run.stats());
            if (!f.isEmpty()) {
                v = c.event(f.get(0));
            } else if (run.events().isEmpty()) { // a finding names an event: here there is none
                long hits = run.stats().getOrDefault("cacheHits", 0L);
                if (hits != 0) {
                    v = c.atEnd(Invariant.STAT_1, "stats.cacheHits = " + hits + ", but the engine reported no"
                            + " event: no split reused a segment");
                }
            }
            if (v == null) {
                v = c.liveSlots();
            }
        }
        if (v == null && kind == StackKind.FIXED) {
            v = FixedStackCheck.check(program, source.name(), run, engine.params(), options.maxSteps());
        }
        if (v == null) {
            v = c.stats();
        }
        if (v == null) {
            v = c.adjusted(kind);
        }
        if (v == null) {
            v = c.peaks();
        }
        EngineResult result = new EngineResult(source.name(), kind,
                options.recordObservations() ? run.observations() : new long[0], c.mergedStats(),
                run.outcome() == BlackBoxRun.Outcome.OVERFLOW ? run.message() : null, c.coverage(),
                c.statementsConfirmed(), v != null);
        return new Outcome(result, v, null);
    }

    private static String stderr(BlackBoxRun run) {
        String s = run.stderr().strip();
        return s.isEmpty() ? "; its standard error was empty" : "; its standard error ends:\n" + s.indent(4).stripTrailing();
    }

    /** The specification's side of one black-box run. */
    private static final class Check {
        final Program program;
        final String name;
        final BlackBoxRun run;
        final RunOptions options;
        long steps;
        long calls;
        long returns;
        long lastMatchedStep = -1;
        /** the specification's observation count, and where its first unmatched one stands */
        long specObservations;
        /** the statements (preorder numbers) of the steps the events name, filled by the specification's pass */
        final Map<Long, Integer> eventSteps = new HashMap<>();
        long missingStep = -1;
        int missingIndex = -1;
        Op missingOp;
        /** the most bytes of slots live at once, by the specification */
        long peakSlotBytes;
        long slotBytes;
        /** the pointers the specification places in the stack after the step of each copy or shrink event */
        final Map<Long, Long> refsAtStep = new HashMap<>();

        /** a segmented engine's live slots between its segment events; null for other kinds */
        final SegmentEventCheck.LiveSlots live;

        Check(Program program, String name, BlackBoxRun run, RunOptions options, StackKind kind, EngineParams params) {
            this.program = program;
            this.name = name;
            this.run = run;
            this.options = options;
            this.live = kind == StackKind.SEGMENTED ? new SegmentEventCheck.LiveSlots(run.events(), params, run.stats())
                    : null;
        }

        /** Runs the specification over the program; the first observation the engine got wrong, or null. */
        Violation observations() {
            Spec spec = new Spec();
            Cursor cursor = program.cursor();
            int have = run.observationCount();
            for (BlackBoxEvent e : run.events()) {
                eventSteps.put(e.step(), -1); // an unknown step (-1) names no statement: it keeps -1
                if (isCopy(e) && BlackBoxEvent.known(e.step())) {
                    refsAtStep.put(e.step(), 0L);
                }
            }
            // the runner's own pass may have stopped early (every lane broke), so this one checks the rules and
            // the step limit itself
            while (cursor.hasNext() && steps < options.maxSteps()) {
                Op op = cursor.next();
                String why = spec.whyIllegal(op);
                if (why != null) {
                    throw new ProgramRuleError(program.position(cursor.index()), Printer.statement(op), why);
                }
                Layout retired = op instanceof Op.Ret ? spec.layout(spec.depth() - 1) : null;
                spec.apply(op);
                steps++;
                eventSteps.replace(cursor.step(), cursor.index());
                if (op instanceof Op.Call c) {
                    calls++;
                    slotBytes += 8L * c.layout().words();
                    peakSlotBytes = Math.max(peakSlotBytes, slotBytes);
                } else if (op instanceof Op.Ret) {
                    returns++;
                    slotBytes -= 8L * retired.words();
                }
                if (live != null) {
                    live.after(cursor.step(), cursor.index(), slotBytes);
                }
                if (refsAtStep.containsKey(cursor.step())) {
                    // a growth copy at a call moved the frames below the new one (all its slots are nil); a
                    // shrink at gc changes no slot: the state after the statement holds the pointers moved
                    refsAtStep.put(cursor.step(), AdjustCountCheck.expected(spec, 0));
                }
                if (!spec.observed()) {
                    continue;
                }
                long k = specObservations++;
                if (k < have) {
                    long got = run.observation((int) k);
                    if (got != spec.observation()) {
                        return new Violation(Invariant.REF_1, name, cursor.step(), cursor.index(),
                                program.position(cursor.index()), Printer.statement(op),
                                "observation #" + (k + 1) + ": the engine observed " + got + ", the specification "
                                        + spec.observation(), "", "");
                    }
                    lastMatchedStep = cursor.step();
                } else if (missingOp == null) {
                    missingStep = cursor.step();
                    missingIndex = cursor.index();
                    missingOp = op;
                }
            }
            return null;
        }

        /** ENG-1 for an event whose step is beyond the statements the program runs, or null. */
        Violation eventSteps() {
            for (BlackBoxEvent e : run.events()) {
                if (BlackBoxEvent.known(e.step()) && e.step() >= steps) {
                    return atEnd(Invariant.ENG_1, e.kind().protocolName() + " event (" + e.origin() + ") at step "
                            + e.step() + ", but the program runs only " + steps + " statements (steps 0 to "
                            + (steps - 1) + ")");
                }
            }
            return null;
        }

        private static boolean isCopy(BlackBoxEvent e) {
            return e.kind() == BlackBoxEvent.Kind.COPY || e.kind() == BlackBoxEvent.Kind.SHRINK;
        }

        /**
         * PTR-3 for a reported {@code pointersAdjusted}, or null: with no copy or shrink event it is 0 (reported
         * {@code copies} and {@code shrinks} were held to the events by {@link #stats()}, which runs first).
         * When every copy and shrink event names its step, the specification's pointers in the whole stack then ({@link AdjustCountCheck#expected} of
         * frame 0) summed over those events bound it: a copying engine moves the whole stack, so it adjusted
         * exactly that many; an engine of any other kind (hybrid, or one that did not say) moved some span of
         * it, whose pointers are a part of the whole stack's, so it adjusted at most that many.
         */
        Violation adjusted(StackKind kind) {
            Long got = run.stats().get("pointersAdjusted");
            if (got == null) {
                return null;
            }
            long[] n = counts();
            long moves = n[0] + n[1];
            if (moves == 0) {
                return got == 0 ? null : atEnd(Invariant.PTR_3, "stats.pointersAdjusted = " + got
                        + ", but the stack was never copied (no copy or shrink)");
            }
            // a failed run was reported (ENG-1) before this check
            long want = 0;
            for (BlackBoxEvent e : run.events()) {
                if (!isCopy(e)) {
                    continue;
                }
                if (!BlackBoxEvent.known(e.step())) {
                    return null; // which pointers it moved cannot be known
                }
                want += refsAtStep.get(e.step());
            }
            String moved = " pointers (reference slots and defer records) in the stacks its " + moves
                    + " copies and shrinks moved";
            if (kind == StackKind.COPYING && got != want) {
                return atEnd(Invariant.PTR_3, "stats.pointersAdjusted = " + got + ", but the specification places "
                        + want + moved);
            }
            if (got > want) {
                return atEnd(Invariant.PTR_3, "stats.pointersAdjusted = " + got + ", but the specification places at"
                        + " most " + want + moved + " (the whole stack at each; an engine of kind "
                        + kind.name().toLowerCase(Locale.ROOT) + " may move a part of it)");
            }
            return null;
        }

        /**
         * STAT-1 for reported peaks, or null: {@code peakUsed} and {@code peakReserved} are each at least the
         * most bytes of slots live at once (of a completed run: an overflowed one stopped part way), used at most
         * reserved, and reserved at least every stack size its copy, shrink, split and alloc events name (old and
         * new; a lessstack or free event names no stack the engine holds after it).
         */
        Violation peaks() {
            Long used = run.stats().get("peakUsed");
            Long reserved = run.stats().get("peakReserved");
            boolean completed = run.outcome() == BlackBoxRun.Outcome.COMPLETED;
            for (String field : new String[] {"peakUsed", "peakReserved"}) {
                Long peak = run.stats().get(field);
                if (peak != null && completed && peak < peakSlotBytes) {
                    return atEnd(Invariant.STAT_1, "stats." + field + " = " + peak + ", but the program had "
                            + peakSlotBytes + " bytes of slots live at once");
                }
            }
            if (reserved == null) {
                return null;
            }
            if (used != null && used > reserved) {
                return atEnd(Invariant.STAT_1, "stats.peakUsed = " + used + " is more than stats.peakReserved = "
                        + reserved + ": used bytes lie in reserved ones");
            }
            for (BlackBoxEvent e : run.events()) {
                if (e.kind() == BlackBoxEvent.Kind.FREE || e.kind() == BlackBoxEvent.Kind.LESSSTACK) {
                    continue;
                }
                long size = Math.max(e.newSize(), e.oldSize());
                if (size > reserved) {
                    return atEnd(Invariant.STAT_1, "stats.peakReserved = " + reserved + ", but the "
                            + e.kind().protocolName() + " event (" + e.origin() + ") names a stack of " + size
                            + " bytes");
                }
            }
            return null;
        }

        /**
         * SEG-4 for a segmented engine's completed run, or null: the live frames' slots fit in the segments its
         * events say are in use ({@link SegmentEventCheck.LiveSlots}), named at the statement where they first
         * did not.
         */
        Violation liveSlots() {
            if (run.outcome() != BlackBoxRun.Outcome.COMPLETED) {
                return null; // an overflowed run stopped part way: the specification's later frames never lived
            }
            SegmentEventCheck.LiveSlots.Overrun o = live.overrun();
            if (o == null) {
                return null;
            }
            return new Violation(Invariant.SEG_4, name, o.step(), o.index(), program.position(o.index()),
                    Printer.statement(program.statement(o.index())), "after this statement the live frames hold "
                    + o.slotBytes() + " bytes of slots, but the segments in use hold at most " + o.capacity()
                    + " bytes: " + (o.chains() == 1 ? "a base segment" : o.chains() + " base segments") + " of at most the"
                    + " floor (segmentMin, else the profile's segment size) and the " + o.segmentsAbove()
                    + " segment(s) above it that its events name; a split it made is missing from its events",
                    "", "");
        }

        /** REF-1 for observations the engine did not make or made in excess, or null. */
        Violation missing() {
            int have = run.observationCount();
            if (have > specObservations) {
                return atEnd(Invariant.REF_1, "the engine made " + have + " observations, the specification "
                        + specObservations);
            }
            if (have < specObservations && run.outcome() != BlackBoxRun.Outcome.OVERFLOW) {
                return new Violation(Invariant.REF_1, name, missingStep, missingIndex, program.position(missingIndex),
                        Printer.statement(missingOp), "the engine made only " + have + " observations; the"
                        + " specification makes observation #" + (have + 1) + " here (of " + specObservations + ")",
                        "", "");
            }
            return null;
        }

        /** The violation for a copy event; at its statement when the event names one. */
        Violation event(CopyEventCheck.Finding f) {
            BlackBoxEvent e = f.event();
            String msg = e.kind().protocolName() + " event (" + e.origin() + "): " + f.message();
            int index = eventSteps.getOrDefault(e.step(), -1);
            if (index < 0) {
                return atEnd(f.invariant(), msg);
            }
            return new Violation(f.invariant(), name, e.step(), index, program.position(index),
                    Printer.statement(program.statement(index)), msg, "", "");
        }

        Violation atEnd(Invariant inv, String message) {
            return new Violation(inv, name, steps, -1, Pos.UNKNOWN, "(whole program)", message, "", "");
        }

        /** STAT-1 over the fields the engine reported, or null. */
        Violation stats() {
            Map<String, Long> s = run.stats();
            // a failed run is reported (ENG-1) before its statistics are looked at; an overflowed one stopped
            // part way, so its calls and returns are not those of the whole program
            if (run.outcome() == BlackBoxRun.Outcome.COMPLETED) {
                Long c = s.get("calls");
                if (c != null && c != calls) {
                    return stat("calls", c, calls, "call statements run");
                }
                Long r = s.get("returns");
                if (r != null && r != returns) {
                    return stat("returns", r, returns, "ret statements run");
                }
            }
            long[] counted = counts();
            String[] names = {"copies", "shrinks", "splits", "lessstack", "segmentAllocs", "segmentFrees"};
            String[] what = {"copy events", "shrink events", "split events", "lessstack events", "alloc events",
                "free events"};
            for (int i = 0; i < names.length; i++) {
                Long got = s.get(names[i]);
                if (got != null && got != counted[i]) {
                    return stat(names[i], got, counted[i], what[i]);
                }
            }
            Long bytes = s.get("bytesCopied");
            if (bytes != null && counted[6] >= 0 && bytes != counted[6]) {
                return stat("bytesCopied", bytes, counted[6], "bytes the copy and shrink events moved");
            }
            return null;
        }

        private Violation stat(String field, long got, long want, String what) {
            return atEnd(Invariant.STAT_1, "stats." + field + " = " + got + ", but there were " + want + " " + what);
        }

        /** copies, shrinks, splits, lessstack, allocs, frees, bytes copied (-1 when some copy did not say) */
        long[] counts() {
            long[] n = new long[7];
            for (BlackBoxEvent e : run.events()) {
                switch (e.kind()) {
                    case COPY:
                    case SHRINK:
                        n[e.kind() == BlackBoxEvent.Kind.COPY ? 0 : 1]++;
                        long u = e.usedBytes();
                        n[6] = n[6] < 0 || u < 0 ? -1 : n[6] + u;
                        break;
                    case SPLIT:
                        n[2]++;
                        break;
                    case LESSSTACK:
                        n[3]++;
                        break;
                    case ALLOC:
                        n[4]++;
                        break;
                    default:
                        n[5]++;
                }
            }
            return n;
        }

        Stats mergedStats() {
            Map<String, Long> s = run.stats();
            long[] n = counts();
            long none = Stats.NOT_REPORTED;
            return new Stats(s.getOrDefault("calls", none), s.getOrDefault("returns", none),
                    s.getOrDefault("splits", n[2]), s.getOrDefault("lessstack", n[3]),
                    s.getOrDefault("segmentAllocs", n[4]), s.getOrDefault("segmentFrees", n[5]),
                    s.getOrDefault("cacheHits", none), s.getOrDefault("copies", n[0]), s.getOrDefault("shrinks", n[1]),
                    s.getOrDefault("bytesCopied", n[6] < 0 ? none : n[6]), s.getOrDefault("pointersAdjusted", none),
                    s.getOrDefault("peakReserved", none), s.getOrDefault("peakUsed", none));
        }

        Coverage coverage() {
            long[] n = counts();
            Counters c = new Counters();
            c.add(Counter.SPLIT, n[2]);
            c.add(Counter.LESSSTACK, n[3]);
            c.add(Counter.CACHE_HIT, run.stats().getOrDefault("cacheHits", 0L));
            c.add(Counter.GROW, n[0]);
            c.add(Counter.SHRINK, n[1]);
            c.add(Counter.OVERFLOW, run.outcome() == BlackBoxRun.Outcome.OVERFLOW ? 1 : 0);
            c.add(Counter.ALLOC, n[4]);
            c.add(Counter.FREE, n[5]);
            return Coverage.of(c);
        }

        /** Statements the run vouches for: all when it completed, else up to its last matching observation. */
        long statementsConfirmed() {
            return run.outcome() == BlackBoxRun.Outcome.COMPLETED ? steps : lastMatchedStep + 1;
        }
    }
}

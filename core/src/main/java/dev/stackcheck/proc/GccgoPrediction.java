package dev.stackcheck.proc;

import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.EngineEvent;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Profile;
import dev.stackcheck.engine.SegmentedEngine;
import dev.stackcheck.engine.StackOverflow;
import dev.stackcheck.engine.StackView.StackSegment;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.memory.Region;
import dev.stackcheck.program.Cursor;
import dev.stackcheck.program.Layout;
import dev.stackcheck.program.Op;
import dev.stackcheck.program.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Predicts the gccgo engine's segment events (split, lessstack, alloc, free, with every segment's size) with
 * the reference {@link SegmentedEngine} under the gccgo12 profile, fed the real frames of the gccgo build:
 * each Go function of the engine that holds a program frame is one model frame of the size its split-stack
 * prologue asks __morestack for (target/gccgo/frames.txt, written by src/main/go/build-gccgo.sh from the
 * binary: {@code mov $REQUEST,%r10d}), plus its return address.
 *
 * <p>The gccgo engine's stack on the program's first segment (src/main/go, segments_gccgo.go): the pad frame
 * whose prologue split onto a fresh segment ({@code run} is inlined into it) and the root {@code interp}; per
 * program call a class function {@code frame_vV_pP} and its {@code interp}; per defer one more {@code interp}
 * (gccgo inlines {@code deferFrame} into {@code interp}); a ret pops the frame's defer frames and then its pair.
 *
 * <p>Where the profile's reference engine would not do what libgcc does, the model is the reference engine
 * with libgcc's three rules put in through its hooks, each from the source: the fit test of the prologue
 * (gcc/config/i386/i386.cc, ix86_expand_split_stack_prologue: a frame under SPLIT_STACK_AVAILABLE = 256
 * bytes compares the stack pointer itself with the limit, a bigger one {@code sp - frame}); the limit, the
 * segment's usable low end (after the 56-byte header) plus BACKOFF 0xe00 (libgcc/config/i386/morestack.S);
 * and the size of a new segment (libgcc/generic-morestack.c, allocate_segment: the machine's floor, unless
 * the frame plus BACKOFF is larger, then that plus the header in whole pages), reused from the cache when its
 * usable size holds the frame plus BACKOFF (__generic_morestack); and the cache, the whole returned chain
 * (__generic_releasestack keeps every segment it returns from), not the reference engine's one segment.
 *
 * <p>Compared per statement: the events each side reports during a statement, as tokens ("split 16384",
 * "lessstack", "alloc 16384", "free 16384"), matched in order (longest common subsequence); an event without a
 * counterpart in the other sequence disagrees.
 */
public final class GccgoPrediction {

    /** gcc/config/i386/i386.h: frames below this many bytes compare the stack pointer itself with the limit. */
    public static final long SPLIT_STACK_AVAILABLE = 256;
    /** libgcc/config/i386/morestack.S: BACKOFF on x86_64, added to each request and kept below the limit. */
    public static final long BACKOFF = 0xe00;
    /** libgcc/generic-morestack.c: sizeof (struct stack_segment), at the low end of every segment. */
    public static final long HEADER = 56;
    /** A page. */
    public static final long PAGE = 4096;
    /** The reference engine's stack-info record at the top of a segment. */
    private static final long RECORD = StackSegment.RECORD_BYTES;
    /** The return address of a call. */
    private static final long RETURN_ADDRESS = 8;

    private GccgoPrediction() {
    }

    /**
     * The request sizes of the gccgo build's functions, from frames.txt ("function fit request", hexadecimal,
     * "-" for nosplit functions, which are left out).
     */
    public static GoPrediction.Frames load(Path framesTxt) throws IOException {
        Map<String, Long> m = new HashMap<>();
        for (String line : Files.readAllLines(framesTxt, StandardCharsets.UTF_8)) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[2].startsWith("0x")) {
                m.put(f[0], Long.parseLong(f[2].substring(2), 16));
            }
        }
        return new GoPrediction.Frames(m);
    }

    /** The gccgo12 profile's parameters on a machine whose segment floor is {@code segmentMin} bytes. */
    public static EngineParams params(long segmentMin) {
        return Profile.GCCGO12.params().withSegmentSize(segmentMin).withStackGuard(HEADER + BACKOFF - RECORD);
    }

    /**
     * The reference segmented engine with libgcc's fit test, segment size and cache fit (see the class
     * comment). A model frame is a function's request plus its return address; the limit is
     * {@code lo + stackGuard}, with {@code stackGuard} = header + BACKOFF - 24: libgcc's header is at the
     * segment's low end and a new segment's first frame starts at its very top (__generic_morestack:
     * {@code to = (char *) (current + 1) + current->size}, no parameters copied for gccgo's register
     * arguments), where the reference engine keeps its 24-byte record at the top, so its limit sits 24 bytes
     * lower to leave the frames the same room.
     */
    static final class LibgccModel extends SegmentedEngine {

        LibgccModel(EngineParams params) {
            super(params);
        }

        @Override
        protected boolean fits(long spTop, long lo, long frameBytes) {
            long entry = spTop - RETURN_ADDRESS;
            long request = frameBytes - RETURN_ADDRESS;
            return (request < SPLIT_STACK_AVAILABLE ? entry : entry - request) >= lo + params.stackGuard();
        }

        /** __morestack's frame_size: the request plus BACKOFF, from the reference engine's need. */
        private long frameSize(long need) {
            return need - RECORD - RETURN_ADDRESS - params.stackGuard() + BACKOFF;
        }

        @Override
        protected long segmentSizeFor(long need) {
            long allocate = params.segmentSize();
            long frameSize = frameSize(need);
            if (allocate < frameSize) {
                allocate = (frameSize + HEADER + PAGE - 1) & -PAGE;
            }
            return allocate;
        }

        @Override
        protected boolean keepsReturnedChain() {
            return true;
        }

        @Override
        protected boolean cacheFits(Region cached, long need) {
            return cached.size() - HEADER >= frameSize(need);
        }
    }

    /** One event as a token: kind and the segment's bytes. */
    public record Token(BlackBoxEvent.Kind kind, long size) {
        @Override
        public String toString() {
            return kind == BlackBoxEvent.Kind.LESSSTACK ? "lessstack" : kind.protocolName() + " " + size;
        }
    }

    /** The tokens of each statement (by step) that reported any. */
    public record Events(TreeMap<Long, List<Token>> bySteps) {

        public int count() {
            return bySteps.values().stream().mapToInt(List::size).sum();
        }

        void add(long step, Token t) {
            bySteps.computeIfAbsent(step, s -> new ArrayList<>()).add(t);
        }
    }

    /** The real events of a gccgo run, by statement. */
    public static Events real(List<BlackBoxEvent> events) {
        Events out = new Events(new TreeMap<>());
        for (BlackBoxEvent e : events) {
            long size = e.kind() == BlackBoxEvent.Kind.LESSSTACK ? 0 : e.newSize();
            out.add(e.step(), new Token(e.kind(), size));
        }
        return out;
    }

    /** The model's events for the program on a machine whose segment floor is {@code segmentMin}. */
    public static Events predict(Program program, GoPrediction.Frames frames, long segmentMin) {
        Layout pad = GoPrediction.bytes("pad", frames.of("pad") + RETURN_ADDRESS);
        Layout interp = GoPrediction.bytes("interp", frames.of("interp") + RETURN_ADDRESS);
        Map<String, Layout> classes = new HashMap<>();
        for (Layout l : program.layouts()) {
            String f = frames.classOf(l);
            classes.put(l.name(), GoPrediction.bytes(f, frames.of(f) + RETURN_ADDRESS));
        }
        Events out = new Events(new TreeMap<>());
        long[] step = {-1};
        List<Token> pending = new ArrayList<>();
        LibgccModel model = new LibgccModel(params(segmentMin));
        model.start(new AddressSpace(), e -> {
            if (step[0] < 0) {
                return; // the engine's own start: its first segment is not reported
            }
            if (e instanceof EngineEvent.Split s) {
                pending.add(new Token(BlackBoxEvent.Kind.SPLIT, s.segment().size()));
            } else if (e instanceof EngineEvent.Lessstack) {
                pending.add(new Token(BlackBoxEvent.Kind.LESSSTACK, 0));
            } else if (e instanceof EngineEvent.Alloc a) {
                pending.add(new Token(BlackBoxEvent.Kind.ALLOC, a.region().size()));
            } else if (e instanceof EngineEvent.Free f) {
                pending.add(new Token(BlackBoxEvent.Kind.FREE, f.region().size()));
            }
        });
        Runnable seen = () -> {
            pending.forEach(t -> out.add(step[0], t));
            pending.clear();
        };
        List<Integer> defers = new ArrayList<>();
        try {
            model.call(pad);
            model.call(interp);
            Cursor cursor = program.cursor();
            while (cursor.hasNext()) {
                Op op = cursor.next();
                step[0] = cursor.step();
                if (op instanceof Op.Call c) {
                    model.call(classes.get(c.layout().name()));
                    model.call(interp);
                    defers.add(0);
                } else if (op instanceof Op.Defer) {
                    model.call(interp);
                    defers.set(defers.size() - 1, defers.get(defers.size() - 1) + 1);
                } else if (op instanceof Op.Ret) {
                    for (int i = defers.remove(defers.size() - 1) + 1; i >= 0; i--) {
                        model.ret();
                    }
                    if (defers.isEmpty()) {
                        seen.run();
                        break; // frame 0 returned: the program ends
                    }
                }
                seen.run();
            }
            // The program ended with frames live: the engine returns through all of them, and looks at its
            // segment (segmentsMoved, interp.go) only where a defer's interp returns, so the lessstacks up to
            // the oldest such return are reported, in the last statement.
            for (int f = defers.size() - 1; f >= 0; f--) {
                for (int d = defers.get(f); d > 0; d--) {
                    model.ret();
                    seen.run();
                }
                model.ret();
                model.ret();
            }
        } catch (StackOverflow e) {
            seen.run(); // the engine stops there too
        }
        return out;
    }

    /** The events of one statement both sides agree on: the longest common subsequence. */
    static int agreeing(List<Token> a, List<Token> b) {
        int[][] l = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                l[i][j] = a.get(i).equals(b.get(j)) ? l[i + 1][j + 1] + 1 : Math.max(l[i + 1][j], l[i][j + 1]);
            }
        }
        return l[0][0];
    }

    /** Agreement of a whole run: events agreeing, and events in all (an unmatched event on either side counts once). */
    public record Agreement(int agreeing, int total) {
        public boolean exact() {
            return agreeing == total;
        }
    }

    /** How far the prediction agrees with the real events, statement by statement. */
    public static Agreement agreement(Events real, Events predicted) {
        int agree = 0;
        int total = 0;
        TreeMap<Long, List<Token>> all = new TreeMap<>(real.bySteps());
        predicted.bySteps().forEach(all::putIfAbsent);
        for (Long s : all.keySet()) {
            List<Token> r = real.bySteps().getOrDefault(s, List.of());
            List<Token> p = predicted.bySteps().getOrDefault(s, List.of());
            int a = agreeing(r, p);
            agree += a;
            total += r.size() + p.size() - a;
        }
        return new Agreement(agree, total);
    }
}

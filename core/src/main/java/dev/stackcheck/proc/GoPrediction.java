package dev.stackcheck.proc;

import dev.stackcheck.engine.BlackBoxEvent;
import dev.stackcheck.engine.CopyingEngine;
import dev.stackcheck.engine.EngineEvent;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.StackOverflow;
import dev.stackcheck.memory.AddressSpace;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Predicts the Go engine's stack copies with the reference copying engine: the program is replayed on a
 * {@link CopyingEngine} whose frames have the sizes the Go engine's frames really have on the goroutine
 * stack, read from the compiler's listing (target/go/frames.txt, written by src/main/go/build.sh from
 * {@code go build -gcflags=-S}: {@code $framesize-argsize}; a frame takes its framesize plus the 8-byte
 * return address).
 *
 * <p>The Go engine's stack, bottom up (src/main/go/interp.go): 40 bytes that newproc1 leaves at the top of a
 * new goroutine's stack (32 bytes of slack, then goexit's return address), the frame of {@code start}, the
 * root {@code interp}; then per program frame the class function {@code frame_vV_pP} and its {@code interp};
 * per {@code defer} statement a {@code deferFrame} and its {@code interp}, popped with the frame. The model
 * has one frame per Go frame pair: frame 0 is the bottom (40 + start + interp), each call pushes a class
 * frame pair, each defer a defer frame pair, each ret pops the frame's defer pairs and then the frame; gc is
 * the copying engine's gc. Statements that do not move the stack pointer are not replayed.
 */
public final class GoPrediction {

    /** Bytes newproc1 leaves above a goroutine's first frame: 4 words of slack and goexit's return address. */
    public static final long GOROUTINE_TOP = 4 * 8 + 8;

    private static final Pattern CLASS = Pattern.compile("frame_v(\\d+)_p(\\d+)");

    /** One copy: growth or shrink, from and to which size. */
    public record Copy(boolean grow, long oldSize, long newSize) {
        @Override
        public String toString() {
            return (grow ? "grow " : "shrink ") + oldSize + "->" + newSize;
        }
    }

    /** The frame sizes of the Go engine's functions, from frames.txt. */
    public record Frames(Map<String, Long> sizes) {

        public Frames {
            sizes = Map.copyOf(sizes);
        }

        /** Reads frames.txt: "function framesize argsize" a line. */
        public static Frames load(Path file) throws IOException {
            Map<String, Long> m = new HashMap<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2) {
                    m.put(f[0], Long.parseLong(f[1]));
                }
            }
            return new Frames(m);
        }

        /** The framesize of a function of the Go engine. */
        public long of(String function) {
            Long v = sizes.get(function);
            if (v == null) {
                throw new IllegalArgumentException("no frame size for " + function);
            }
            return v;
        }

        /** The class function the Go engine runs a frame of this layout in (the smallest that holds it). */
        public String classOf(Layout l) {
            int pointers = l.pointerCount();
            int scalars = l.words() - pointers;
            String best = null;
            long bestV = Long.MAX_VALUE;
            long bestP = Long.MAX_VALUE;
            for (String f : sizes.keySet()) {
                Matcher m = CLASS.matcher(f);
                if (!m.matches()) {
                    continue;
                }
                long v = Long.parseLong(m.group(1));
                long p = Long.parseLong(m.group(2));
                if (v >= scalars && p >= pointers && (v < bestV || v == bestV && p < bestP)) {
                    best = f;
                    bestV = v;
                    bestP = p;
                }
            }
            if (best == null) {
                throw new IllegalArgumentException("no frame class holds layout " + l.name());
            }
            return best;
        }
    }

    private GoPrediction() {
    }

    /**
     * The copies the copying engine makes for the program with the Go engine's frame sizes.
     *
     * @param params the copying engine's parameters (a profile's)
     */
    public static List<Copy> predict(Program program, Frames frames, EngineParams params) {
        long interp = frames.of("interp") + 8;
        Layout base = bytes("base", GOROUTINE_TOP + frames.of("start") + interp);
        Layout deferPair = bytes("defer", frames.of("deferFrame") + 8 + interp);
        Map<String, Layout> pairs = new HashMap<>();
        for (Layout l : program.layouts()) {
            pairs.put(l.name(), bytes(l.name(), frames.of(frames.classOf(l)) + 8 + interp));
        }
        List<Copy> out = new ArrayList<>();
        CopyingEngine model = new CopyingEngine(params);
        model.start(new AddressSpace(), e -> {
            if (e instanceof EngineEvent.Copy c) {
                out.add(new Copy(c.grow(), c.from().size(), c.to().size()));
            }
        });
        List<Integer> defers = new ArrayList<>();
        try {
            model.call(base);
            Cursor cursor = program.cursor();
            while (cursor.hasNext()) {
                Op op = cursor.next();
                if (op instanceof Op.Call c) {
                    model.call(pairs.get(c.layout().name()));
                    defers.add(0);
                } else if (op instanceof Op.Defer) {
                    model.call(deferPair);
                    defers.set(defers.size() - 1, defers.get(defers.size() - 1) + 1);
                } else if (op instanceof Op.Ret) {
                    for (int i = defers.remove(defers.size() - 1); i >= 0; i--) {
                        model.ret();
                    }
                } else if (op instanceof Op.Gc) {
                    model.gc();
                }
            }
        } catch (StackOverflow e) {
            // the Go runtime stops there too
        }
        return out;
    }

    /** The copies in a Go engine's events. */
    public static List<Copy> real(List<BlackBoxEvent> events) {
        List<Copy> out = new ArrayList<>();
        for (BlackBoxEvent e : events) {
            if (e.kind() == BlackBoxEvent.Kind.COPY || e.kind() == BlackBoxEvent.Kind.SHRINK) {
                out.add(new Copy(e.kind() == BlackBoxEvent.Kind.COPY, e.oldSize(), e.newSize()));
            }
        }
        return out;
    }

    /**
     * How many copies two sequences agree on: position by position, the same direction, old and new size.
     * Out of {@code max(real, predicted)} copies, so a missing or extra copy counts as a disagreement.
     */
    public static int agreeing(List<Copy> real, List<Copy> predicted) {
        int n = 0;
        for (int i = 0; i < Math.min(real.size(), predicted.size()); i++) {
            if (real.get(i).equals(predicted.get(i))) {
                n++;
            }
        }
        return n;
    }

    /** A layout of exactly {@code bytes} bytes (its words plus the return address). */
    static Layout bytes(String name, long bytes) {
        if (bytes % 8 != 0 || bytes < 16) {
            throw new IllegalArgumentException("a frame of " + bytes + " bytes");
        }
        return new Layout(name, (int) (bytes / 8 - 1), new int[0], false);
    }
}

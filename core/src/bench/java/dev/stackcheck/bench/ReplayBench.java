package dev.stackcheck.bench;

import dev.stackcheck.check.EngineSetup;
import dev.stackcheck.engine.EngineEvents;
import dev.stackcheck.engine.EngineParams;
import dev.stackcheck.engine.Engines;
import dev.stackcheck.engine.StackEngine;
import dev.stackcheck.engine.StackKind;
import dev.stackcheck.engine.StackView;
import dev.stackcheck.engine.Stats;
import dev.stackcheck.explore.ExploreConfig;
import dev.stackcheck.explore.ExploreResult;
import dev.stackcheck.explore.Explorer;
import dev.stackcheck.memory.AddressSpace;
import dev.stackcheck.program.Layout;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures restoring states by replaying their programs from the start against restoring them by copying
 * (a program, not a JMH benchmark: {@code java -cp core/target/benchmarks.jar dev.stackcheck.bench.ReplayBench
 * [depth]} after {@code mvn -q -o -Pbench -DskipTests -pl core -am package}) explores the reference engines both ways, the replay way by
 * hiding the engines' {@link dev.stackcheck.engine.Forkable} behind a plain wrapper.
 */
public final class ReplayBench {

    private ReplayBench() {
    }

    public static void main(String[] args) {
        int depth = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<EngineSetup> forkable = ExploreConfig.engines(Engines.providers());
        List<EngineSetup> plain = new ArrayList<>();
        for (EngineSetup e : forkable) {
            plain.add(new EngineSetup(e.name(), () -> new Plain(e.factory().get())));
        }
        for (int rep = 0; rep < 2; rep++) {
            for (List<EngineSetup> engines : List.of(forkable, plain)) {
                long cpu0 = cpu();
                ExploreResult r = new Explorer(ExploreConfig.standard(engines, depth, 1)).run();
                long cpu = cpu() - cpu0;
                System.out.printf("%s: %,d states, %,d transitions, %,d ms, %,.0f states per cpu-second%n",
                        engines == plain ? "replay from the start" : "copy (restore/fork)", r.states(),
                        r.transitions(), r.elapsedMs(), r.states() * 1e9 / cpu);
            }
        }
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** An engine without {@link dev.stackcheck.engine.Forkable}: the lock step replays it. */
    private record Plain(StackEngine e) implements StackEngine {
        public String name() {
            return e.name();
        }

        public EngineParams params() {
            return e.params();
        }

        public StackKind kind() {
            return e.kind();
        }

        public java.util.Optional<String> refuse(dev.stackcheck.program.Program p) {
            return e.refuse(p);
        }

        public void start(AddressSpace memory, EngineEvents events) {
            e.start(memory, events);
        }

        public void call(Layout layout) {
            e.call(layout);
        }

        public void ret() {
            e.ret();
        }

        public void set(int slot, long value) {
            e.set(slot, value);
        }

        public long get(int slot) {
            return e.get(slot);
        }

        public void addr(int slot, int frame, int target) {
            e.addr(slot, frame, target);
        }

        public void store(int slot, long value) {
            e.store(slot, value);
        }

        public long load(int slot) {
            return e.load(slot);
        }

        public void defer(int slot, long value) {
            e.defer(slot, value);
        }

        public void gc() {
            e.gc();
        }

        public StackView view() {
            return e.view();
        }

        public Stats stats() {
            return e.stats();
        }
    }
}

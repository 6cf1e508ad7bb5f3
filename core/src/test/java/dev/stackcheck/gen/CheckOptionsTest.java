package dev.stackcheck.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stackcheck.check.RunOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The check options: what each wither changes, and the values refused with their message. */
class CheckOptionsTest {

    private static final CheckOptions D = CheckOptions.DEFAULT;

    private static void refused(String message, Executable e) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
    }

    @Test
    void eachWitherChangesItsOwnField() {
        Shrinker.Budget b = new Shrinker.Budget(5, 6);
        GenConfig g = GenConfig.DEFAULT.withMaxLength(9);
        RunOptions run = RunOptions.DEFAULT;
        Path dir = Path.of("x");
        CheckOptions o = D.withSeed(7).withTries(8).withShard(2, 3).withGenerator(g).withShrinkBudget(b)
                .withMaxMillis(9).withKeepGoing(true).withMaxShrinks(4).withFailureDir(dir).withReplaySaved(false)
                .withRunOptions(run).withWorkers(3);
        assertEquals(new CheckOptions(7, 8, 2, 3, g, b, 9, true, 4, dir, false, run, 3), o);
        assertEquals(new CheckOptions(0, 200, 1, 1, null, Shrinker.Budget.DEFAULT, 0, false, 3,
                Path.of("target", "stackcheck", "failures"), true, RunOptions.DEFAULT.withDiagrams(false)
                .withRecordObservations(false), 0), D);
        assertEquals(3, o.effectiveWorkers());
        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors()), D.effectiveWorkers());
        assertEquals(D.withShard(3, 4), D.withShard(" 3/ 4"));
    }

    @Test
    void badValuesAreRefusedNamingThem() {
        refused("bad check options: tries -1, shard 1/1", () -> D.withTries(-1));
        refused("bad check options: tries 200, shard 0/1", () -> D.withShard(0, 1));
        refused("bad check options: tries 200, shard 2/1", () -> D.withShard(2, 1));
        refused("bad check options: tries 200, shard 1/0", () -> D.withShard(1, 0));
        refused("bad check options: tries 200, shard 1/1", () -> D.withMaxMillis(-1));
        refused("bad check options: tries 200, shard 1/1", () -> D.withMaxShrinks(-1));
        refused("bad check options: workers -1 (0: one per processor)", () -> D.withWorkers(-1));
        refused("--shard takes I/N (1 <= I <= N): 2", () -> D.withShard("2"));
        refused("--shard takes I/N (1 <= I <= N): 1/2/3", () -> D.withShard("1/2/3"));
        refused("--shard takes I/N (1 <= I <= N): a/2", () -> D.withShard("a/2"));
        assertTrue(D.withTries(0).withMaxMillis(0).withMaxShrinks(0).withWorkers(0).tries() == 0);
    }
}

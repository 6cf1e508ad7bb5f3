package dev.stackcheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How the search waits for its workers: every one is awaited, and the first failure is rethrown as it is. */
class AwaitTest {

    /** how often the tests' waits call their tick */
    private static final long TICK_MILLIS = 100;

    private static Future<?> failed(Throwable t) {
        return CompletableFuture.failedFuture(t);
    }

    private static Future<?> done() {
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void theFirstFailureIsRethrownAfterEveryWorkerIsDone() {
        IllegalArgumentException first = new IllegalArgumentException("first");
        CompletableFuture<Object> late = new CompletableFuture<>();
        AtomicInteger ticks = new AtomicInteger();
        new Thread(() -> {
            try {
                Thread.sleep(4 * TICK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            late.complete(null);
        }).start();
        RuntimeException e = assertThrows(RuntimeException.class, () -> Explorer.await(
                List.of(failed(first), late, failed(new IllegalStateException("second"))), TICK_MILLIS,
                ticks::incrementAndGet));
        assertSame(first, e);
        assertTrue(late.isDone(), "the failure waits for the other workers");
        assertTrue(ticks.get() >= 1, "told about progress while a worker takes more than a tick");
    }

    @Test
    void anErrorIsRethrownAsItIsAndACheckedExceptionWrapped() {
        OutOfMemoryError oom = new OutOfMemoryError("test");
        assertSame(oom, assertThrows(OutOfMemoryError.class, () -> Explorer.await(List.of(done(), failed(oom)),
                TICK_MILLIS, () -> { })));
        IOException io = new IOException("io");
        IllegalStateException wrapped = assertThrows(IllegalStateException.class,
                () -> Explorer.await(List.of(failed(io)), TICK_MILLIS, () -> { }));
        assertSame(io, wrapped.getCause());
        Explorer.await(List.of(done(), done()), TICK_MILLIS, () -> { });
    }

    @Test
    void anInterruptedWaitStopsTheSearchAndKeepsTheInterrupt() {
        CompletableFuture<Object> never = new CompletableFuture<>();
        Thread.currentThread().interrupt();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Explorer.await(List.of(never), TICK_MILLIS, () -> { }));
            assertEquals("exploration interrupted", e.getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept");
        } finally {
            Thread.interrupted();
        }
    }
}

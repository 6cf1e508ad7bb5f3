package dev.stackcheck.report;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs independent experiment runs on the machine's cores. Results come back in the order of the inputs,
 * whatever order the runs finish in, so a report stays deterministic.
 */
final class Parallel {

    private Parallel() {
    }

    static <T, R> List<R> map(List<T> inputs, Function<T, R> f) {
        int threads = Math.max(1, Math.min(inputs.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "stackcheck-report");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T in : inputs) {
                futures.add(pool.submit(() -> f.apply(in)));
            }
            List<R> out = new ArrayList<>();
            for (Future<R> fu : futures) {
                out.add(fu.get());
            }
            return List.copyOf(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }
}

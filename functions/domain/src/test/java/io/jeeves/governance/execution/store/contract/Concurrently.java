package io.jeeves.governance.execution.store.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs a task on {@code n} threads released at the same moment; what each returned or threw. */
public final class Concurrently {
    private Concurrently() {
    }

    /** The outcome of one thread: its value, or what it threw. */
    public record Outcome<T>(T value, Throwable thrown) {
    }

    public static <T> List<Outcome<T>> run(int n, IntFunction<T> task) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CyclicBarrier barrier = new CyclicBarrier(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> c = () -> {
                    barrier.await();
                    return task.apply(index);
                };
                futures.add(pool.submit(c));
            }
            List<Outcome<T>> out = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    out.add(new Outcome<>(f.get(60, TimeUnit.SECONDS), null));
                } catch (java.util.concurrent.ExecutionException e) {
                    out.add(new Outcome<>(null, e.getCause()));
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("a thread did not finish", e);
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}

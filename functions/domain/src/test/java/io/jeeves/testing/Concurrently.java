package io.jeeves.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code n} tasks released at the same moment and returns their results in task order: the race
 * that store contracts inject to show that exactly one conditional write wins.
 */
public final class Concurrently {
    private Concurrently() {
    }

    /** One task of a race, told its index. */
    public interface IndexedTask<T> {
        T run(int index) throws Exception;
    }

    /** The outcome of one task: its value, or what it threw. */
    public record Outcome<T>(T value, Throwable thrown) {
    }

    /** The tasks' results; the first failure is thrown. */
    public static <T> List<T> run(int n, IndexedTask<T> task) throws Exception {
        List<T> out = new ArrayList<>();
        for (Outcome<T> o : outcomes(n, task)) {
            if (o.thrown() instanceof Exception e) {
                throw e;
            }
            if (o.thrown() != null) {
                throw new AssertionError(o.thrown());
            }
            out.add(o.value());
        }
        return out;
    }

    /** What each task returned or threw. */
    public static <T> List<Outcome<T>> outcomes(int n, IndexedTask<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> c = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(c));
            }
            start.countDown();
            List<Outcome<T>> out = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    out.add(new Outcome<>(f.get(120, TimeUnit.SECONDS), null));
                } catch (ExecutionException e) {
                    out.add(new Outcome<>(null, e.getCause()));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}

package io.jeeves.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code n} tasks released at the same moment and returns their results in task order: the race
 * that store contracts inject to show that exactly one conditional write wins. (StoreContract and
 * LocalStackTest carry older copies of this loop.)
 */
public final class Concurrently {
    private Concurrently() {
    }

    /** One task of a race, told its index. */
    public interface IndexedTask<T> {
        T run(int index) throws Exception;
    }

    public static <T> List<T> run(int n, IndexedTask<T> task) throws Exception {
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
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}

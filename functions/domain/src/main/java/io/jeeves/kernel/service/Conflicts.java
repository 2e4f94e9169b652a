package io.jeeves.kernel.service;

import io.jeeves.error.UnavailableException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Optimistic concurrency: re-run a read-decide-write step until its conditional write wins. Each attempt
 * re-reads, so a decision is always made on the latest state; a lost race never loses an update.
 */
final class Conflicts {
    static final int MAX_ATTEMPTS = 200;

    private Conflicts() {
    }

    /** Runs {@code attempt} until it returns a value; empty means "lost the race, try again". */
    static <T> T retry(String what, Supplier<Optional<T>> attempt) {
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            Optional<T> result = attempt.get();
            if (result.isPresent()) {
                return result.get();
            }
            backoff(what, i);
        }
        throw new UnavailableException("Too much contention on " + what + "; retry shortly", 1L, null);
    }

    private static void backoff(String what, int attempt) {
        if (attempt == 0) {
            return;
        }
        long capMillis = Math.min(1L << Math.min(attempt, 5), 25L);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(capMillis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("Interrupted while retrying " + what, 1L, e);
        }
    }
}

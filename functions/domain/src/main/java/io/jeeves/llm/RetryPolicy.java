package io.jeeves.llm;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Bounded retries with exponential back-off and full jitter: attempt {@code n} (from 1) waits a random time
 * up to {@code base · 2^(n-1)}, at most {@code max}; a backend's {@code Retry-After} is honoured instead when it
 * asks for longer (up to {@code maxRetryAfter}, beyond which the call fails rather than wait).
 *
 * @param attempts how many tries in all (1: no retry)
 */
public record RetryPolicy(int attempts, Duration base, Duration max, Duration maxRetryAfter) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(250), Duration.ofSeconds(4),
            Duration.ofSeconds(20));
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /**
     * How long to wait before the next try after {@code error} failed try {@code attempt}; null: do not retry.
     *
     * @param random a uniform draw in [0, 1)
     */
    public Duration delay(LlmException error, int attempt, DoubleSupplier random) {
        if (!error.retryable() || attempt >= attempts) {
            return null;
        }
        long cap = Math.min(max.toMillis(), base.toMillis() << Math.min(attempt - 1, 20));
        long wait = (long) (random.getAsDouble() * cap);
        Duration retryAfter = error.retryAfter();
        if (retryAfter != null) {
            if (retryAfter.compareTo(maxRetryAfter) > 0) {
                return null;
            }
            wait = Math.max(wait, retryAfter.toMillis());
        }
        return Duration.ofMillis(wait);
    }
}

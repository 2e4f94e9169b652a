package io.jeeves.asl.definition;

import java.util.List;

/**
 * A {@code Retry} entry. Defaults as AWS documents them: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0.
 *
 * @param maxDelaySeconds caps the interval, or null
 * @param fullJitter JitterStrategy FULL: wait a random time up to the interval
 */
public record Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
        Integer maxDelaySeconds, boolean fullJitter) {
}

package io.jeeves.kernel;

import java.util.Locale;
import java.util.Optional;

/**
 * Quota rules (kernel-reference §5.2): a strict {@code >} (usage equal to the limit is within bounds),
 * the first violation in check order wins, and elapsed time is checked against {@code timeout_seconds}
 * (0 meaning no time limit). Recording is refused up front when it would take any counter past its limit.
 */
public final class QuotaPolicy {
    private QuotaPolicy() {
    }

    /** The first violation, formatted like the reference ("llm_calls 101 > 100"), or empty when within bounds. */
    public static Optional<String> firstViolation(ResourceQuota quota, ResourceUsage usage, double elapsedSeconds) {
        for (Counter c : Counter.values()) {
            if (c == Counter.INFERENCE_REQUESTS) {
                Optional<String> timeout = elapsedViolation(quota, elapsedSeconds);
                if (timeout.isPresent()) {
                    return timeout;
                }
            }
            long used = c.used(usage);
            long limit = c.limit(quota);
            if (used > limit) {
                return Optional.of(c.wireName() + " " + used + " > " + limit);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> elapsedViolation(ResourceQuota quota, double elapsedSeconds) {
        if (quota.timeoutSeconds() > 0 && elapsedSeconds > quota.timeoutSeconds()) {
            return Optional.of(String.format(Locale.ROOT, "elapsed_seconds %.3f > %d", elapsedSeconds, quota.timeoutSeconds()));
        }
        return Optional.empty();
    }

    /**
     * Why recording {@code delta} on top of {@code usage} must be refused, or empty when it fits.
     * The same rule is enforced atomically by the store; this is the message for the refusal.
     */
    public static Optional<String> refusal(ResourceQuota quota, ResourceUsage usage, UsageDelta delta, double elapsedSeconds) {
        for (Counter c : Counter.values()) {
            long d = c.delta(delta);
            if (d == 0) {
                continue;
            }
            long used = c.used(usage);
            long limit = c.limit(quota);
            if (d > limit || used > limit - d) {
                return Optional.of(c.wireName() + " " + used + " + " + d + " > " + limit);
            }
        }
        if (!delta.isZero()) {
            return elapsedViolation(quota, elapsedSeconds);
        }
        return Optional.empty();
    }

    /**
     * For a conditional write: the largest current value of {@code counter} that still admits its delta
     * ({@code limit - delta}), or a negative number when the delta alone exceeds the limit.
     */
    public static long admissibleCeiling(ResourceQuota quota, Counter counter, UsageDelta delta) {
        return counter.limit(quota) - counter.delta(delta);
    }
}

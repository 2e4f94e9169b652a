package io.jeeves.kernel.ratelimit;

/**
 * The outcome of a rate-limit check, reporting the window that decided it: when denied, the window
 * that keeps the user waiting longest; when allowed, the window with the least room left.
 *
 * @param currentCount requests counted in that window (including this one when it was recorded)
 * @param retryAfterSeconds when denied, seconds until a request would be admitted; 0 when allowed
 */
public record RateDecision(
        boolean allowed,
        RateWindow window,
        int limit,
        long currentCount,
        long remaining,
        long retryAfterSeconds,
        String reason) {

    public boolean exceeded() {
        return !allowed;
    }
}

package io.jeeves.kernel.ratelimit;

/**
 * Sliding-window admission (kernel-reference §6): a request is admitted only if every window has room;
 * a rejected request is not recorded. Pure: the store applies {@link #admit} under optimistic concurrency.
 */
public final class RateLimiter {
    private RateLimiter() {
    }

    /** Whether bucket {@code b} of window {@code w}'s granularity still overlaps the window ending now. */
    static boolean counts(RateWindow w, long bucket, long nowMillis) {
        long bucketEndMillis = (bucket + 1) * w.bucketSeconds() * 1000L;
        return bucketEndMillis > nowMillis - w.windowSeconds() * 1000L;
    }

    static long count(RateState state, RateWindow w, long nowMillis) {
        long n = 0;
        for (var e : state.buckets(w).entrySet()) {
            if (counts(w, e.getKey(), nowMillis)) {
                n += e.getValue();
            }
        }
        return n;
    }

    /** Milliseconds until the window's count drops below its limit. */
    static long millisUntilRoom(RateState state, RateWindow w, int limit, long nowMillis) {
        long n = count(state, w, nowMillis);
        if (limit <= 0) {
            return w.windowSeconds() * 1000L;
        }
        for (var e : state.buckets(w).entrySet()) { // ascending bucket order
            if (!counts(w, e.getKey(), nowMillis)) {
                continue;
            }
            n -= e.getValue();
            if (n < limit) {
                long leavesAt = (e.getKey() + 1) * w.bucketSeconds() * 1000L + w.windowSeconds() * 1000L;
                return Math.max(leavesAt - nowMillis, 1L);
            }
        }
        return 1L;
    }

    /**
     * Evaluates a request at {@code nowMillis}. With {@code record} the decision counts the request as
     * admitted (the caller then stores {@link #admit}); without it the state is only inspected.
     */
    public static RateDecision decide(RateState state, RateLimitConfig config, long nowMillis, boolean record) {
        RateDecision denied = null;
        long longestWait = -1;
        RateDecision tightest = null;
        for (RateWindow w : RateWindow.values()) {
            int limit = config.limit(w);
            long n = count(state, w, nowMillis);
            if (n >= limit) {
                long waitMillis = millisUntilRoom(state, w, limit, nowMillis);
                if (waitMillis > longestWait) {
                    longestWait = waitMillis;
                    long retry = (waitMillis + 999) / 1000;
                    denied = new RateDecision(false, w, limit, n, 0, retry, w.describe(limit));
                }
                continue;
            }
            long counted = record ? n + 1 : n;
            long remaining = limit - counted;
            if (tightest == null || remaining < tightest.remaining()) {
                tightest = new RateDecision(true, w, limit, counted, remaining, 0, "");
            }
        }
        return denied != null ? denied : tightest;
    }

    /** The state after admitting one request at {@code nowMillis}. */
    public static RateState admit(RateState state, long nowMillis) {
        return state.pruned(nowMillis).plusOne(nowMillis);
    }
}

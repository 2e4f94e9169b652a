package io.jeeves.kernel.ratelimit;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A user's recorded requests: per window granularity, bucket index → count. Seconds buckets serve the
 * burst and minute windows, minute buckets the hour window, hour buckets the day window. Immutable; the
 * size stays bounded (at most 61 + 61 + 25 buckets) whatever the limits.
 *
 * @param version the store's optimistic-concurrency version (0 for a user never seen)
 */
public record RateState(Map<Long, Integer> seconds, Map<Long, Integer> minutes, Map<Long, Integer> hours, long version) {

    public static RateState empty() {
        return new RateState(Map.of(), Map.of(), Map.of(), 0L);
    }

    public RateState {
        seconds = Collections.unmodifiableMap(new TreeMap<>(seconds));
        minutes = Collections.unmodifiableMap(new TreeMap<>(minutes));
        hours = Collections.unmodifiableMap(new TreeMap<>(hours));
    }

    Map<Long, Integer> buckets(RateWindow w) {
        return switch (w) {
            case BURST, MINUTE -> seconds;
            case HOUR -> minutes;
            case DAY -> hours;
        };
    }

    /** Buckets that can no longer count in any window are dropped. */
    public RateState pruned(long nowMillis) {
        return new RateState(keepFrom(seconds, RateWindow.MINUTE, nowMillis), keepFrom(minutes, RateWindow.HOUR, nowMillis),
                keepFrom(hours, RateWindow.DAY, nowMillis), version);
    }

    private static Map<Long, Integer> keepFrom(Map<Long, Integer> buckets, RateWindow w, long nowMillis) {
        Map<Long, Integer> out = new TreeMap<>();
        buckets.forEach((b, n) -> {
            if (RateLimiter.counts(w, b, nowMillis)) {
                out.put(b, n);
            }
        });
        return out;
    }

    /** This state with one more request recorded at {@code nowMillis}. */
    public RateState plusOne(long nowMillis) {
        long sec = Math.floorDiv(nowMillis, 1000L);
        Map<Long, Integer> s = new TreeMap<>(seconds);
        s.merge(sec, 1, Integer::sum);
        Map<Long, Integer> m = new TreeMap<>(minutes);
        m.merge(Math.floorDiv(sec, 60L), 1, Integer::sum);
        Map<Long, Integer> h = new TreeMap<>(hours);
        h.merge(Math.floorDiv(sec, 3600L), 1, Integer::sum);
        return new RateState(s, m, h, version);
    }

    /** True when no bucket can count in any window any more: the state can be forgotten. */
    public boolean isIdle(long nowMillis) {
        return pruned(nowMillis).hours.isEmpty();
    }

}

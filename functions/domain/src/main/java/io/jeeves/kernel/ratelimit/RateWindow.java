package io.jeeves.kernel.ratelimit;

/**
 * The sliding windows a user's requests are counted in. Each window counts requests in buckets; a
 * bucket counts while any part of it lies inside the window, so counting errs on the strict side by at
 * most one bucket (1 s for the burst and minute windows, 1 min for the hour, 1 h for the day).
 */
public enum RateWindow {
    DAY(86_400, 3_600, "requests per day"),
    HOUR(3_600, 60, "requests per hour"),
    MINUTE(60, 1, "requests per minute"),
    BURST(10, 1, "requests per 10 seconds");

    private final long windowSeconds;
    private final long bucketSeconds;
    private final String unit;

    RateWindow(long windowSeconds, long bucketSeconds, String unit) {
        this.windowSeconds = windowSeconds;
        this.bucketSeconds = bucketSeconds;
        this.unit = unit;
    }

    public long windowSeconds() {
        return windowSeconds;
    }

    public long bucketSeconds() {
        return bucketSeconds;
    }

    /** The wire name of the window, e.g. "minute", "burst". */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    String describe(int limit) {
        return (this == BURST ? "Burst limit exceeded: " : "Rate limit exceeded: ") + limit + " " + unit;
    }
}

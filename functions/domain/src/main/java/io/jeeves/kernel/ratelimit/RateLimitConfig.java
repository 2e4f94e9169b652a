package io.jeeves.kernel.ratelimit;

import io.jeeves.error.JeevesException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-user request limits (kernel-reference §6, plus a day window). A limit of 0 admits nothing, which
 * is how an operator blocks a user.
 */
public record RateLimitConfig(int requestsPerMinute, int requestsPerHour, int burstSize, int requestsPerDay) {

    public static final List<String> FIELDS = List.of(
            "requests_per_minute", "requests_per_hour", "burst_size", "requests_per_day");

    /** The reference defaults (60/min, 1000/h, 10 per 10 s) and the day limit its Python side declared (10000). */
    public static final RateLimitConfig DEFAULTS = new RateLimitConfig(60, 1000, 10, 10_000);

    public RateLimitConfig {
        int[] v = {requestsPerMinute, requestsPerHour, burstSize, requestsPerDay};
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0) {
                throw JeevesException.invalidArgument(FIELDS.get(i), FIELDS.get(i) + " must be non-negative, got " + v[i]);
            }
        }
    }

    public int limit(RateWindow window) {
        return switch (window) {
            case BURST -> burstSize;
            case MINUTE -> requestsPerMinute;
            case HOUR -> requestsPerHour;
            case DAY -> requestsPerDay;
        };
    }

    public Map<String, Integer> toMap() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("requests_per_minute", requestsPerMinute);
        m.put("requests_per_hour", requestsPerHour);
        m.put("burst_size", burstSize);
        m.put("requests_per_day", requestsPerDay);
        return m;
    }

    /** The given fields replace those of {@code this}; the others are kept. */
    public RateLimitConfig withOverrides(Map<String, Integer> overrides) {
        for (String k : overrides.keySet()) {
            if (!FIELDS.contains(k)) {
                throw JeevesException.invalidArgument(k, "Unknown rate limit field: " + k);
            }
        }
        Map<String, Integer> m = toMap();
        m.putAll(overrides);
        return new RateLimitConfig(m.get("requests_per_minute"), m.get("requests_per_hour"), m.get("burst_size"),
                m.get("requests_per_day"));
    }
}

package io.jeeves.kernel.service;

import io.jeeves.error.JeevesException;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.ratelimit.RateDecision;
import io.jeeves.kernel.ratelimit.RateLimitConfig;
import io.jeeves.kernel.ratelimit.RateLimiter;
import io.jeeves.kernel.ratelimit.RateState;
import io.jeeves.kernel.store.RateLimitStore;
import io.jeeves.kernel.store.SettingsStore;
import io.jeeves.kernel.store.SettingsStore.Setting;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Per-user rate limiting (kernel-reference §6 plus a day window). Admission is a compare-and-set on the
 * user's windows, so it is exact under concurrency; rejected requests are not recorded. Limits are the
 * configured base, overridden by stored defaults, overridden per user.
 */
public final class RateLimitService {
    static final String DEFAULTS_KEY = "rate_limit_defaults";
    static final String USER_PREFIX = "rate_limit_user:";
    /** A user's windows are forgotten a day after its last admitted request (the longest window). */
    static final Duration FORGET_AFTER = Duration.ofDays(1).plusMinutes(1);

    private final RateLimitStore store;
    private final SettingsStore settings;
    private final RateLimitConfig base;
    private final Clock clock;

    public RateLimitService(RateLimitStore store, SettingsStore settings, RateLimitConfig base, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.base = base;
        this.clock = clock;
    }

    /** The limits in force for {@code userId}, with what they were made from. */
    public record Limits(String userId, RateLimitConfig effective, RateLimitConfig defaults, Map<String, Integer> override) {
    }

    /** Admits one request for {@code userId} or throws RESOURCE_EXHAUSTED with the real retry-after. */
    public RateDecision admit(String userId) {
        return admit(userId, limits(userId).effective());
    }

    /** As {@link #admit(String)}, with limits already read ({@link #settingKeys}). */
    RateDecision admit(String userId, RateLimitConfig config) {
        RateDecision d = record(userId, config);
        if (!d.allowed()) {
            throw JeevesException.resourceExhausted(d.reason(), d.retryAfterSeconds());
        }
        return d;
    }

    /** CheckRateLimit: with {@code record} the request counts if admitted; without, the windows are only read. */
    public RateDecision check(String userId, boolean record) {
        RateLimitConfig config = limits(userId).effective();
        if (!record) {
            return RateLimiter.decide(store.load(userId), config, clock.millis(), false);
        }
        return record(userId, config);
    }

    private RateDecision record(String userId, RateLimitConfig config) {
        return Conflicts.retry("rate limits of " + userId, () -> {
            RateState state = store.load(userId);
            long now = clock.millis();
            RateDecision d = RateLimiter.decide(state, config, now, true);
            if (!d.allowed()) {
                return Optional.of(d);
            }
            boolean stored = store.compareAndSet(userId, RateLimiter.admit(state, now),
                    Instant.ofEpochMilli(now).plus(FORGET_AFTER));
            return stored ? Optional.of(d) : Optional.empty();
        });
    }

    public RateDecision check(Caller caller, String userId, boolean record) {
        String user = userId == null ? caller.defaultOwner() : Ids.textId("user_id", userId);
        if (!caller.canActFor(user)) {
            throw JeevesException.permissionDenied("user_id", "Only jeeves/admin may check another user's rate limit");
        }
        return check(user, record);
    }

    public Limits limits(String userId) {
        return limits(userId, settings.getAll(settingKeys(userId)));
    }

    /** The settings keys the limits of {@code userId} are made from. */
    static List<String> settingKeys(String userId) {
        return List.of(DEFAULTS_KEY, USER_PREFIX + userId);
    }

    /** The limits from settings already read (with {@link #settingKeys} among the keys asked for). */
    Limits limits(String userId, Map<String, Setting> found) {
        RateLimitConfig defaults = Optional.ofNullable(found.get(DEFAULTS_KEY))
                .map(s -> base.withOverrides(s.values())).orElse(base);
        Map<String, Integer> override = Optional.ofNullable(found.get(USER_PREFIX + userId))
                .map(Setting::values).orElse(null);
        RateLimitConfig effective = override == null ? defaults : defaults.withOverrides(override);
        return new Limits(userId, effective, defaults, override);
    }

    public RateLimitConfig defaults(Caller caller) {
        requireAdmin(caller);
        return settings.get(DEFAULTS_KEY).map(s -> base.withOverrides(s.values())).orElse(base);
    }

    public RateLimitConfig updateDefaults(Caller caller, Map<String, Integer> fields, boolean reset) {
        requireAdmin(caller);
        base.withOverrides(fields); // validate before writing
        return Conflicts.retry("rate limit defaults", () -> {
            Optional<Setting> stored = settings.get(DEFAULTS_KEY);
            RateLimitConfig from = reset ? base : stored.map(s -> base.withOverrides(s.values())).orElse(base);
            RateLimitConfig next = from.withOverrides(fields);
            long version = stored.map(Setting::version).orElse(0L);
            return settings.put(new Setting(DEFAULTS_KEY, next.toMap(), version, clock.instant(), caller.subject()))
                    ? Optional.of(next) : Optional.empty();
        });
    }

    public Limits userLimits(Caller caller, String userId) {
        requireAdmin(caller);
        return limits(Ids.textId("user_id", userId));
    }

    /** Sets the given fields of the user's override (others keep their override or the defaults). */
    public Limits updateUser(Caller caller, String userId, Map<String, Integer> fields) {
        requireAdmin(caller);
        String user = Ids.textId("user_id", userId);
        base.withOverrides(fields);
        String key = USER_PREFIX + user;
        Conflicts.retry("rate limits of " + user, () -> {
            Optional<Setting> stored = settings.get(key);
            Map<String, Integer> merged = new java.util.LinkedHashMap<>(stored.map(Setting::values).orElse(Map.of()));
            merged.putAll(fields);
            long version = stored.map(Setting::version).orElse(0L);
            return settings.put(new Setting(key, merged, version, clock.instant(), caller.subject()))
                    ? Optional.of(Boolean.TRUE) : Optional.empty();
        });
        return limits(user);
    }

    /** Removes the user's override; NOT_FOUND when there was none. */
    public Limits deleteUser(Caller caller, String userId) {
        requireAdmin(caller);
        String user = Ids.textId("user_id", userId);
        if (!settings.delete(USER_PREFIX + user)) {
            throw JeevesException.notFound("No rate limit override for user " + user);
        }
        return limits(user);
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw JeevesException.permissionDenied(null, "Rate limit settings require scope jeeves/admin");
        }
    }
}

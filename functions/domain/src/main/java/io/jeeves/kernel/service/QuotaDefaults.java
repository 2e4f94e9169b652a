package io.jeeves.kernel.service;

import io.jeeves.error.JeevesException;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.ResourceQuota;
import io.jeeves.kernel.store.SettingsStore;
import io.jeeves.kernel.store.SettingsStore.Setting;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The quota a new process gets when it names none. Stored settings override the configured base
 * (the §5.1 defaults unless configuration says otherwise). Updates are explicit (fixes quirk §17.8):
 * fields sent are set, zero included; fields not sent keep their value.
 */
public final class QuotaDefaults {
    static final String KEY = "quota_defaults";

    private final SettingsStore settings;
    private final ResourceQuota base;
    private final Clock clock;

    public QuotaDefaults(SettingsStore settings, ResourceQuota base, Clock clock) {
        this.settings = settings;
        this.base = base;
        this.clock = clock;
    }

    /** GetQuotaDefaults: operators only (users see their own quota on each process). */
    public ResourceQuota read(Caller caller) {
        requireAdmin(caller);
        return current();
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw JeevesException.permissionDenied(null, "Quota defaults require scope jeeves/admin");
        }
    }

    public ResourceQuota current() {
        return settings.get(KEY).map(s -> ResourceQuota.fromMap(s.values(), base)).orElse(base);
    }

    /** The defaults from settings already read (with {@link #KEY} among the keys asked for). */
    ResourceQuota from(Map<String, Setting> found) {
        Setting s = found.get(KEY);
        return s == null ? base : ResourceQuota.fromMap(s.values(), base);
    }

    /**
     * @param reset start from the configured base instead of the current defaults
     */
    public ResourceQuota update(Caller caller, Map<String, Integer> fields, boolean reset) {
        requireAdmin(caller);
        ResourceQuota.fromMap(fields, base); // validates names and values before anything is written
        return Conflicts.retry("quota defaults", () -> {
            Optional<Setting> stored = settings.get(KEY);
            ResourceQuota from = reset ? base : stored.map(s -> ResourceQuota.fromMap(s.values(), base)).orElse(base);
            ResourceQuota next = from.withOverrides(fields);
            long version = stored.map(Setting::version).orElse(0L);
            boolean written = settings.put(new Setting(KEY, next.toMap(), version, clock.instant(), caller.subject()));
            return written ? Optional.of(next) : Optional.empty();
        });
    }
}

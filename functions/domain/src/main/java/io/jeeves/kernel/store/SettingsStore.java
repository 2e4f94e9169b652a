package io.jeeves.kernel.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Operator settings (quota defaults, rate limits), each a small map of integers under a key. */
public interface SettingsStore {

    record Setting(String key, Map<String, Integer> values, long version, Instant updatedAt, String updatedBy) {
        public Setting {
            values = Map.copyOf(values);
        }
    }

    Optional<Setting> get(String key);

    /** Several settings in one read; absent keys are absent from the result. */
    Map<String, Setting> getAll(List<String> keys);

    /** Stores {@code setting} if the stored version is still {@code setting.version()} (0: not stored yet). */
    boolean put(Setting setting);

    /** Deletes the setting; false when there was none. */
    boolean delete(String key);
}

package io.jeeves.kernel.store.memory;

import io.jeeves.kernel.store.SettingsStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A test double honouring the {@link SettingsStore} contract. */
public final class InMemorySettingsStore implements SettingsStore {
    private final Map<String, Setting> byKey = new HashMap<>();

    @Override
    public synchronized Optional<Setting> get(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    @Override
    public synchronized Map<String, Setting> getAll(List<String> keys) {
        Map<String, Setting> out = new HashMap<>();
        keys.forEach(k -> {
            if (byKey.containsKey(k)) {
                out.put(k, byKey.get(k));
            }
        });
        return out;
    }

    @Override
    public synchronized boolean put(Setting setting) {
        Setting current = byKey.get(setting.key());
        long stored = current == null ? 0 : current.version();
        if (stored != setting.version()) {
            return false;
        }
        byKey.put(setting.key(), new Setting(setting.key(), setting.values(), stored + 1, setting.updatedAt(),
                setting.updatedBy()));
        return true;
    }

    @Override
    public synchronized boolean delete(String key) {
        return byKey.remove(key) != null;
    }
}

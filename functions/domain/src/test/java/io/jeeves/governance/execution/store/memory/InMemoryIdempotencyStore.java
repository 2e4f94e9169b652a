package io.jeeves.governance.execution.store.memory;

import io.jeeves.governance.execution.module.ModuleResult;
import io.jeeves.governance.execution.store.IdempotencyRecord;
import io.jeeves.governance.execution.store.IdempotencyRecord.Status;
import io.jeeves.governance.execution.store.IdempotencyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A test double honouring the {@link IdempotencyStore} contract. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
    private final Map<String, IdempotencyRecord> byKey = new HashMap<>();

    @Override
    public synchronized boolean begin(String key, Instant now, Duration inProgressTtl, Duration ttl) {
        IdempotencyRecord current = byKey.get(key);
        if (current != null && !current.canBeBegunAgain(now)) {
            return false;
        }
        long version = current == null ? 1 : current.version() + 1;
        byKey.put(key, new IdempotencyRecord(key, Status.IN_PROGRESS, null, now.plus(ttl), now.plus(inProgressTtl),
                version));
        return true;
    }

    @Override
    public synchronized boolean complete(String key, ModuleResult result) {
        IdempotencyRecord current = byKey.get(key);
        if (current == null || current.status() != Status.IN_PROGRESS) {
            return false;
        }
        byKey.put(key, new IdempotencyRecord(key, Status.COMPLETED, result, current.expiresAt(),
                current.inProgressExpiresAt(), current.version() + 1));
        return true;
    }

    @Override
    public synchronized Optional<IdempotencyRecord> get(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    @Override
    public synchronized boolean release(String key) {
        IdempotencyRecord current = byKey.get(key);
        if (current == null || current.status() != Status.IN_PROGRESS) {
            return false;
        }
        byKey.remove(key);
        return true;
    }
}

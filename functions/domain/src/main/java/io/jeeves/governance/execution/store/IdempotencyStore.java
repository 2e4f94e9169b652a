package io.jeeves.governance.execution.store;

import io.jeeves.governance.execution.module.ModuleResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Idempotency records of module invocations, one per key. Every write is conditional, so of concurrent
 * callers exactly one wins {@link #begin}.
 */
public interface IdempotencyStore {

    /**
     * Takes the key for one attempt: writes it IN_PROGRESS with a lease ending at {@code now +
     * inProgressTtl} and an expiry at {@code now + ttl}, only if no record is stored or the stored one
     * {@link IdempotencyRecord#canBeBegunAgain can be begun again}. False, and nothing written, otherwise.
     */
    boolean begin(String key, Instant now, Duration inProgressTtl, Duration ttl);

    /** Stores the result of an IN_PROGRESS key and makes it COMPLETED; false when the key is not IN_PROGRESS. */
    boolean complete(String key, ModuleResult result);

    /** The record as stored, expired or not. */
    Optional<IdempotencyRecord> get(String key);

    /** Removes an IN_PROGRESS record so the key can be retried at once; false when the key is not IN_PROGRESS. */
    boolean release(String key);
}

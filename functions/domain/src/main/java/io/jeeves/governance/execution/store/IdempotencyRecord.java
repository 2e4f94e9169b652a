package io.jeeves.governance.execution.store;

import io.jeeves.governance.execution.module.ModuleResult;
import java.time.Instant;

/**
 * The stored state of one idempotency key.
 *
 * @param result null while IN_PROGRESS
 * @param expiresAt when the whole record stops counting (the key may then run again)
 * @param inProgressExpiresAt when an IN_PROGRESS attempt's lease ends: past it, the attempt is taken to
 *        have crashed and the key may be begun again
 * @param version raised by every write
 */
public record IdempotencyRecord(String key, Status status, ModuleResult result, Instant expiresAt,
        Instant inProgressExpiresAt, long version) {

    public enum Status { IN_PROGRESS, COMPLETED }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public boolean isLeaseExpired(Instant now) {
        return !now.isBefore(inProgressExpiresAt);
    }

    /**
     * Whether {@link IdempotencyStore#begin} may replace this record at {@code now}: it expired, or it is
     * IN_PROGRESS and its lease ended. Every store decides with this one rule.
     */
    public boolean canBeBegunAgain(Instant now) {
        return isExpired(now) || status == Status.IN_PROGRESS && isLeaseExpired(now);
    }
}

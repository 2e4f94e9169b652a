package io.jeeves.kernel.store;

import io.jeeves.kernel.ratelimit.RateState;
import java.time.Instant;

/** Each user's rate windows, replaced by compare-and-set on the version. */
public interface RateLimitStore {

    /** The user's state, or {@link RateState#empty()} (version 0) for a user never seen. */
    RateState load(String userId);

    /**
     * Stores {@code next} if the stored version is still {@code next.version()} (0: no state stored yet).
     * {@code forgetAfter} is when the state can be dropped if nothing else is recorded.
     */
    boolean compareAndSet(String userId, RateState next, Instant forgetAfter);

    /** Drops states whose {@code forgetAfter} has passed; returns how many. */
    int deleteIdle(Instant now, int limit);
}

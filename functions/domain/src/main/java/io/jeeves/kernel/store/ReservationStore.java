package io.jeeves.kernel.store;

import io.jeeves.kernel.Counter;
import io.jeeves.kernel.UsageDelta;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Usage reserved ahead of a call whose cost is known only afterwards (an LLM call), then settled to what was
 * really used. Each reservation is written with its increment of the process's usage in one atomic step,
 * and settled with its correction in another, each at most once: a retried reserve or settle of the same
 * call id changes nothing.
 */
public interface ReservationStore {

    /**
     * One call's reservation.
     *
     * @param actual what was really used, once settled; null before
     * @param settledAt null before settled
     */
    record Reservation(String callId, String pid, UsageDelta reserved, Instant createdAt, UsageDelta actual,
            Instant settledAt) {
        public boolean settled() {
            return actual != null;
        }
    }

    /** What {@link #reserve} did. */
    enum Outcome {
        /** Stored, and the process's usage increased. */
        RESERVED,
        /** A reservation of this call id exists already (returned); nothing written. */
        EXISTS,
        /** The process is gone or terminated, a ceiling or the start-time condition failed; nothing written. */
        REFUSED
    }

    record Reserved(Outcome outcome, Reservation reservation) {
    }

    /**
     * Stores {@code reservation} and adds its {@code reserved} delta to the process's usage, atomically, only
     * if no reservation of its call id exists, the process exists and is not terminated, every counter with a
     * non-zero delta is at most its ceiling, and (when given) the process started at or after
     * {@code startedNotBefore}.
     */
    Reserved reserve(Reservation reservation, Map<Counter, Long> ceilings, Instant startedNotBefore);

    /**
     * Settles {@code reservation} (as stored) to {@code actual} and corrects the process's usage by
     * {@code actual - reserved} (up or down; no ceiling: what was spent was spent), atomically and once.
     * Returns the settled reservation (as stored when it was settled before).
     */
    Reservation settle(Reservation reservation, UsageDelta actual, Instant at);

    Optional<Reservation> get(String callId);
}

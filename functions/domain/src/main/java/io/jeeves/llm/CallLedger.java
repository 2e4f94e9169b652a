package io.jeeves.llm;

import io.jeeves.governance.artifact.Artifact;
import io.jeeves.kernel.UsageDelta;
import io.jeeves.kernel.store.ReservationStore.Reservation;
import java.util.List;

/**
 * Where an LLM call ends: its reservation settled to the real usage (the process's usage corrected) and its
 * records (the {@code llm_call} and {@code llm_usage} artifacts) inserted, in one atomic step. A call is then
 * never settled without its audit trail, nor recorded without being charged; and it costs one write.
 */
public interface CallLedger {
    /**
     * Settles {@code reservation} to {@code actual} and inserts {@code records} (new inline artifacts), all or
     * nothing. When the reservation was settled already (a retried call), nothing is written and the stored
     * settlement is returned.
     *
     * @throws io.jeeves.error.FailedPreconditionException when a record's id is taken by another write
     */
    Reservation settle(Reservation reservation, UsageDelta actual, List<Artifact> records);
}

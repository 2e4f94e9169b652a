package io.jeeves.llm;

import io.jeeves.error.JeevesException;
import io.jeeves.governance.artifact.Artifact;
import io.jeeves.governance.artifact.ArtifactStore;
import io.jeeves.kernel.UsageDelta;
import io.jeeves.kernel.store.ReservationStore;
import io.jeeves.kernel.store.ReservationStore.Reservation;
import java.time.Clock;
import java.util.List;

/** A test double of {@link CallLedger}: the settlement, then the records, under one lock. */
public final class InMemoryCallLedger implements CallLedger {
    private final ReservationStore reservations;
    private final ArtifactStore artifacts;
    private final Clock clock;

    public InMemoryCallLedger(ReservationStore reservations, ArtifactStore artifacts, Clock clock) {
        this.reservations = reservations;
        this.artifacts = artifacts;
        this.clock = clock;
    }

    @Override
    public synchronized Reservation settle(Reservation reservation, UsageDelta actual, List<Artifact> records) {
        Reservation stored = reservations.get(reservation.callId()).orElseThrow();
        if (stored.settled()) {
            return stored;
        }
        for (Artifact a : records) {
            if (artifacts.get(a.id()).isPresent()) {
                throw JeevesException.failedPrecondition("artifact " + a.id() + " exists already");
            }
        }
        Reservation settled = reservations.settle(stored, actual, clock.instant());
        records.forEach(artifacts::insert);
        return settled;
    }
}

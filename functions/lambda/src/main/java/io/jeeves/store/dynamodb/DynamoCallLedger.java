package io.jeeves.store.dynamodb;

import io.jeeves.governance.artifact.Artifact;
import io.jeeves.kernel.UsageDelta;
import io.jeeves.kernel.store.ReservationStore.Reservation;
import io.jeeves.llm.CallLedger;
import java.time.Clock;
import java.util.List;

/**
 * An LLM call's end on DynamoDB: one transaction marks its reservation settled, corrects the process's usage
 * and inserts its artifacts (each only if its id is free).
 */
public final class DynamoCallLedger implements CallLedger {
    private final DynamoReservationStore reservations;
    private final DynamoArtifactStore artifacts;
    private final Clock clock;

    public DynamoCallLedger(DynamoReservationStore reservations, DynamoArtifactStore artifacts, Clock clock) {
        this.reservations = reservations;
        this.artifacts = artifacts;
        this.clock = clock;
    }

    @Override
    public Reservation settle(Reservation reservation, UsageDelta actual, List<Artifact> records) {
        return reservations.settleWith(reservation, actual, clock.instant(),
                records.stream().map(artifacts::insertWrite).toList());
    }
}

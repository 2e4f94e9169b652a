package io.jeeves.store.dynamodb;

import io.jeeves.catalog.Catalog;
import io.jeeves.governance.artifact.ArtifactStore;
import io.jeeves.kernel.service.CleanupConfig;
import io.jeeves.kernel.service.KernelStores;
import io.jeeves.kernel.store.ReservationStore;
import io.jeeves.llm.CallLedger;
import io.jeeves.llm.CallLedgerContract;
import io.jeeves.testing.DynamoDbLocal;
import io.jeeves.testing.TestClock;

/** The call ledger against DynamoDB Local: one transaction of the settlement, the correction and the records. */
class DynamoCallLedgerTest extends CallLedgerContract {
    private String prefix;

    @Override
    protected KernelStores newStores() {
        prefix = DynamoDbLocal.freshTables();
        return DynamoStores.create(DynamoDbLocal.client(), id -> prefix + id, CleanupConfig.DEFAULTS);
    }

    @Override
    protected ReservationStore newReservationStore(KernelStores stores) {
        return new DynamoReservationStore(DynamoDbLocal.client(), prefix + Catalog.RESERVATIONS,
                (DynamoProcessStore) stores.processes());
    }

    @Override
    protected ArtifactStore newArtifactStore() {
        return new DynamoArtifactStore(DynamoDbLocal.client(), prefix + Catalog.ARTIFACTS_TABLE);
    }

    @Override
    protected CallLedger newLedger(ReservationStore reservations, ArtifactStore artifacts, TestClock clock) {
        return new DynamoCallLedger((DynamoReservationStore) reservations, (DynamoArtifactStore) artifacts, clock);
    }
}

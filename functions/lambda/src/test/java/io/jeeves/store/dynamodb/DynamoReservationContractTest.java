package io.jeeves.store.dynamodb;

import io.jeeves.catalog.Catalog;
import io.jeeves.kernel.service.CleanupConfig;
import io.jeeves.kernel.service.KernelStores;
import io.jeeves.kernel.store.ReservationStore;
import io.jeeves.kernel.store.contract.ReservationContract;
import io.jeeves.testing.DynamoDbLocal;

/** Reservations against DynamoDB Local: each reserve and settle one transaction with the process's usage. */
class DynamoReservationContractTest extends ReservationContract {
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
}

package io.jeeves.kernel.store.memory;

import io.jeeves.kernel.service.KernelStores;
import io.jeeves.kernel.store.ReservationStore;
import io.jeeves.kernel.store.contract.ReservationContract;

class InMemoryReservationTest extends ReservationContract {
    @Override
    protected KernelStores newStores() {
        return InMemoryStores.create();
    }

    @Override
    protected ReservationStore newReservationStore(KernelStores stores) {
        return new InMemoryReservationStore((InMemoryProcessStore) stores.processes());
    }
}

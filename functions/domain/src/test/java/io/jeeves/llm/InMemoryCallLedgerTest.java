package io.jeeves.llm;

import io.jeeves.governance.artifact.ArtifactStore;
import io.jeeves.governance.artifact.memory.InMemoryArtifactStore;
import io.jeeves.kernel.service.KernelStores;
import io.jeeves.kernel.store.ReservationStore;
import io.jeeves.kernel.store.memory.InMemoryProcessStore;
import io.jeeves.kernel.store.memory.InMemoryReservationStore;
import io.jeeves.kernel.store.memory.InMemoryStores;
import io.jeeves.testing.TestClock;

class InMemoryCallLedgerTest extends CallLedgerContract {
    @Override
    protected KernelStores newStores() {
        return InMemoryStores.create();
    }

    @Override
    protected ReservationStore newReservationStore(KernelStores stores) {
        return new InMemoryReservationStore((InMemoryProcessStore) stores.processes());
    }

    @Override
    protected ArtifactStore newArtifactStore() {
        return new InMemoryArtifactStore();
    }

    @Override
    protected CallLedger newLedger(ReservationStore reservations, ArtifactStore artifacts, TestClock clock) {
        return new InMemoryCallLedger(reservations, artifacts, clock);
    }
}

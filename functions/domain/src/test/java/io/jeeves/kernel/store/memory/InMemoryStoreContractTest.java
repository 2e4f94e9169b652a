package io.jeeves.kernel.store.memory;

import io.jeeves.kernel.service.KernelStores;
import io.jeeves.kernel.store.contract.StoreContract;

class InMemoryStoreContractTest extends StoreContract {
    @Override
    protected KernelStores newStores() {
        return InMemoryStores.create();
    }
}

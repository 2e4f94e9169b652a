package io.jeeves.kernel.store.memory;

import io.jeeves.kernel.service.KernelStores;
import io.jeeves.kernel.store.contract.KernelContract;

class InMemoryKernelTest extends KernelContract {
    @Override
    protected KernelStores newStores() {
        return InMemoryStores.create();
    }
}

package io.jeeves.store.dynamodb;

import io.jeeves.kernel.service.KernelStores;
import io.jeeves.kernel.store.contract.KernelContract;
import io.jeeves.testing.DynamoDbLocal;

/** The kernel's behaviour, against DynamoDB Local. */
class DynamoKernelTest extends KernelContract {
    @Override
    protected KernelStores newStores() {
        return DynamoDbLocal.freshStores();
    }
}

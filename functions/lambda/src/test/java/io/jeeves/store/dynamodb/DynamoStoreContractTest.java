package io.jeeves.store.dynamodb;

import io.jeeves.kernel.service.KernelStores;
import io.jeeves.kernel.store.contract.StoreContract;
import io.jeeves.testing.DynamoDbLocal;

/** The store contract, against DynamoDB Local. */
class DynamoStoreContractTest extends StoreContract {
    @Override
    protected KernelStores newStores() {
        return DynamoDbLocal.freshStores();
    }
}

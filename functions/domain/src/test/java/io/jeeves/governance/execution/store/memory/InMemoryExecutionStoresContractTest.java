package io.jeeves.governance.execution.store.memory;

import io.jeeves.governance.execution.store.IdempotencyStore;
import io.jeeves.governance.execution.store.RunStore;
import io.jeeves.governance.execution.store.contract.IdempotencyStoreContract;
import io.jeeves.governance.execution.store.contract.RunStoreContract;
import org.junit.jupiter.api.Nested;

class InMemoryExecutionStoresContractTest {
    @Nested
    class Runs extends RunStoreContract {
        @Override
        protected RunStore newStore() {
            return new InMemoryRunStore();
        }
    }

    @Nested
    class Idempotency extends IdempotencyStoreContract {
        @Override
        protected IdempotencyStore newStore() {
            return new InMemoryIdempotencyStore();
        }
    }
}

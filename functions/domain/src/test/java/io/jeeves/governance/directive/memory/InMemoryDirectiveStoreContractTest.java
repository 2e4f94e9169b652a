package io.jeeves.governance.directive.memory;

import io.jeeves.governance.directive.DirectiveStore;
import io.jeeves.governance.directive.contract.DirectiveStoreContract;

class InMemoryDirectiveStoreContractTest extends DirectiveStoreContract {
    @Override
    protected DirectiveStore newStore() {
        return new InMemoryDirectiveStore();
    }
}

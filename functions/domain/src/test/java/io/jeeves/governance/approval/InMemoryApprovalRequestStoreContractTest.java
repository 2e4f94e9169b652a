package io.jeeves.governance.approval;

class InMemoryApprovalRequestStoreContractTest extends ApprovalRequestStoreContract {
    @Override
    protected ApprovalRequestStore newStore() {
        return new InMemoryApprovalRequestStore();
    }
}

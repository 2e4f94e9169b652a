package io.jeeves.governance.approval;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Pending approvals in memory. */
public final class InMemoryApprovalRequestStore implements ApprovalRequestStore {
    private final Map<String, ApprovalRequest> requests = new ConcurrentHashMap<>();

    @Override
    public void put(ApprovalRequest request) {
        requests.put(request.directiveId(), request);
    }

    @Override
    public Optional<ApprovalRequest> get(String directiveId) {
        return Optional.ofNullable(requests.get(directiveId));
    }

    @Override
    public boolean take(String directiveId, String taskToken) {
        ApprovalRequest r = requests.get(directiveId);
        return r != null && r.taskToken().equals(taskToken) && requests.remove(directiveId, r);
    }
}

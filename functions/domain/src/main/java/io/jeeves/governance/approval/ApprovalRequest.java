package io.jeeves.governance.approval;

import java.time.Instant;
import java.util.Objects;

/**
 * A directive waiting for a person: the approval flow's task token, kept until the decision is sent or the
 * wait times out.
 *
 * @param approvalExecution the approval flow's execution ARN
 * @param expiresAt when the flow stops waiting (its time-out); the record is useless after it
 */
public record ApprovalRequest(String directiveId, String taskToken, String approvalExecution, Instant createdAt,
        Instant expiresAt) {
    public ApprovalRequest {
        Objects.requireNonNull(directiveId, "directiveId");
        Objects.requireNonNull(taskToken, "taskToken");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}

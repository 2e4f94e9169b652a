package io.jeeves.governance.approval;

import java.util.Optional;

/** The pending approval of each directive (at most one at a time). */
public interface ApprovalRequestStore {

    /** Stores the request, replacing an earlier one of the same directive (a new proposal's wait). */
    void put(ApprovalRequest request);

    Optional<ApprovalRequest> get(String directiveId);

    /**
     * Removes the request if it still holds {@code taskToken}: true for exactly one caller, so a decision is
     * sent once however many arrive.
     */
    boolean take(String directiveId, String taskToken);
}

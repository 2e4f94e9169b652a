package io.jeeves.functions.governance;

import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Map;
import java.util.Set;

/** The approval flow waits for a person: its task token kept until a decision or the time-out. */
public final class AwaitApprovalHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        flowOnly(inv);
        Args a = inv.args().allowOnly(Set.of("directive_id", "task_token", "approval_execution", "artifact_uri"));
        loop.awaitApproval(a.requiredString("directive_id"), a.requiredString("task_token"),
                a.optionalString("approval_execution"));
        return Reply.ok(Map.of("waiting", true));
    }
}

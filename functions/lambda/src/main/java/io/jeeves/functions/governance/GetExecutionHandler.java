package io.jeeves.functions.governance;

import io.jeeves.functions.views.GovernanceViews;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** GET /v1/executions/{run_id}: one run of a directive. */
public final class GetExecutionHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("run_id"));
        return Reply.ok(GovernanceViews.run(loop.runs().get(inv.caller(), a.requiredString("run_id"))));
    }
}

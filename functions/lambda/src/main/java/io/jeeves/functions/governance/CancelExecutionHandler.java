package io.jeeves.functions.governance;

import io.jeeves.functions.views.GovernanceViews;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** POST /v1/executions/{run_id}/cancel: the execution stopped, the run canceled, the directive aborted. */
public final class CancelExecutionHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("run_id"));
        var run = loop.cancel(inv.caller(), a.requiredString("run_id"));
        telemetry().count("execution_failures_total", "failure_type", "canceled");
        return Reply.ok(GovernanceViews.run(run));
    }
}

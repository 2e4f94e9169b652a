package io.jeeves.functions.governance;

import io.jeeves.functions.views.GovernanceViews;
import io.jeeves.governance.execution.RunStatus;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** GET /v1/memory/executions?status=&limit=: the memory reader's runs, newest first (summaries, limit at most 100). */
public final class ListMemoryExecutionsHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("status", "limit"));
        String status = a.optionalNonEmpty("status");
        return Reply.ok(GovernanceViews.runSummaries(loop.runs().list(inv.caller(), null,
                status == null ? null : RunStatus.parse(status, "status"), a.optionalInt("limit", 1, 100))));
    }
}

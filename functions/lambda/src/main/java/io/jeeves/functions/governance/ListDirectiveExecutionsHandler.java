package io.jeeves.functions.governance;

import io.jeeves.functions.views.GovernanceViews;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** GET /v1/directives/{directive_id}/executions: the directive's runs, newest first. */
public final class ListDirectiveExecutionsHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("directive_id"));
        String id = a.requiredString("directive_id");
        loop.directives().get(inv.caller(), id); // 404 for a directive the caller cannot see
        return Reply.ok(GovernanceViews.runs(loop.runs().forDirective(inv.caller(), id)));
    }
}

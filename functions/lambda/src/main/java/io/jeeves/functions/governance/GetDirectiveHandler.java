package io.jeeves.functions.governance;

import io.jeeves.functions.views.GovernanceViews;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** GET /v1/directives/{directive_id}. */
public final class GetDirectiveHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("directive_id"));
        return Reply.ok(GovernanceViews.directive(loop.directives().get(inv.caller(), a.requiredString("directive_id"))));
    }
}

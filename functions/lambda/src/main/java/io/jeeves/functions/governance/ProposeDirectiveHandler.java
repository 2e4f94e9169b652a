package io.jeeves.functions.governance;

import io.jeeves.functions.views.GovernanceViews;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** POST /v1/directives/{directive_id}/propose: proposed, and its approval flow started (a duplicate starts nothing new). */
public final class ProposeDirectiveHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("directive_id"));
        var d = loop.propose(inv.caller(), a.requiredString("directive_id"));
        directiveCounted(d);
        return Reply.ok(GovernanceViews.directive(d));
    }
}

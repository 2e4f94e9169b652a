package io.jeeves.functions.governance;

import io.jeeves.functions.views.GovernanceViews;
import io.jeeves.governance.directive.DirectiveStatus;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** A flow moves a directive (approved, blocked): one conditional write and its audit entry. */
public final class TransitionDirectiveHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        flowOnly(inv);
        Args a = inv.args().allowOnly(Set.of("directive_id", "to", "reason", "actor"));
        var d = loop.transitionDirective(a.requiredString("directive_id"), DirectiveStatus.parse(a.requiredString("to"), "to"),
                a.optionalString("reason"), a.optionalString("actor"));
        directiveCounted(d);
        return Reply.ok(GovernanceViews.directive(d));
    }
}

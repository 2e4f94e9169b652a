package io.jeeves.functions.governance;

import io.jeeves.error.JeevesException;
import io.jeeves.functions.views.GovernanceViews;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** GET /v1/memory/directives/latest?role=: the memory reader's latest directive of a role (a summary). */
public final class GetLatestDirectiveHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("role"));
        String role = a.optionalNonEmpty("role");
        if (role == null) {
            throw JeevesException.invalidArgument("role", "role is required");
        }
        return Reply.ok(GovernanceViews.summary(loop.directives().latest(inv.caller(), null, role)
                .orElseThrow(() -> JeevesException.notFound("No directive for role " + role))));
    }
}

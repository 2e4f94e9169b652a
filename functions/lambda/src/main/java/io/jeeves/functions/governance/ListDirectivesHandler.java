package io.jeeves.functions.governance;

import io.jeeves.functions.views.GovernanceViews;
import io.jeeves.governance.directive.DirectiveStatus;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** GET /v1/directives?owner=&role=&status=&limit=&next_token=: the caller's directives (an admin's: anyone's), oldest first. */
public final class ListDirectivesHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("owner", "role", "status", "limit", "next_token"));
        String status = a.optionalNonEmpty("status");
        return Reply.ok(GovernanceViews.directives(loop.directives().list(inv.caller(), a.optionalNonEmpty("owner"),
                a.optionalNonEmpty("role"), status == null ? null : DirectiveStatus.parse(status, "status"),
                a.optionalInt("limit", 1, 100), a.optionalNonEmpty("next_token"))));
    }
}

package io.jeeves.functions.governance;

import io.jeeves.functions.views.GovernanceViews;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** GET /v1/artifacts?type=&directive_id=&limit=&next_token=: the caller's artifacts, newest first. */
public final class ListArtifactsHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("type", "directive_id", "limit", "next_token"));
        return Reply.ok(GovernanceViews.artifacts(loop.artifacts().list(inv.caller(), a.optionalNonEmpty("type"),
                a.optionalNonEmpty("directive_id"), a.optionalInt("limit", 1, 100), a.optionalNonEmpty("next_token"))));
    }
}

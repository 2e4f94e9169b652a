package io.jeeves.functions.governance;

import io.jeeves.functions.views.GovernanceViews;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** GET /v1/memory/artifacts?type=&limit=: the memory reader's artifacts, newest first (summaries, limit at most 100). */
public final class ListMemoryArtifactsHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("type", "limit"));
        return Reply.ok(GovernanceViews.artifactSummaries(loop.artifacts().summaries(inv.caller(), a.optionalNonEmpty("type"),
                a.optionalInt("limit", 1, 100))));
    }
}

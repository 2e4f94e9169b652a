package io.jeeves.functions.governance;

import io.jeeves.functions.views.GovernanceViews;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** GET /v1/artifacts/{artifact_id}: an artifact's metadata. */
public final class GetArtifactHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("artifact_id"));
        return Reply.ok(GovernanceViews.artifact(loop.artifacts().get(inv.caller(), a.requiredString("artifact_id"))));
    }
}

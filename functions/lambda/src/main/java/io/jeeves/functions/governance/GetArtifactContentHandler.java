package io.jeeves.functions.governance;

import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** GET /v1/artifacts/{artifact_id}/content: the content as stored, with its content type. */
public final class GetArtifactContentHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("artifact_id"));
        var content = loop.artifacts().content(inv.caller(), a.requiredString("artifact_id"));
        return Reply.raw(content.bytes(), content.contentType());
    }
}

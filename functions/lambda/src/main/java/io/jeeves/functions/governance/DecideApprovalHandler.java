package io.jeeves.functions.governance;

import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** POST /v1/directives/{directive_id}/approval {approved, reason}: a person's decision, sent to the waiting flow once; 202 (the flow moves the directive). */
public final class DecideApprovalHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("directive_id", "approved", "reason"));
        Boolean approved = a.optionalBoolean("approved");
        if (approved == null) {
            throw io.jeeves.error.JeevesException.invalidArgument("approved", "approved (true or false) is required");
        }
        var d = loop.decide(inv.caller(), a.requiredString("directive_id"), approved, a.optionalString("reason"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("directive_id", d.id());
        body.put("approved", approved);
        body.put("status", d.status().wireName());
        return Reply.accepted(body);
    }
}

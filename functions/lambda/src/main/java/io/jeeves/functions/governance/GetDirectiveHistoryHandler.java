package io.jeeves.functions.governance;

import io.jeeves.functions.views.GovernanceViews;
import io.jeeves.governance.directive.DirectiveStatus;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** GET /v1/directives/{directive_id}/history: its transitions (who, when, from, to, why) and its flows' executions. */
public final class GetDirectiveHistoryHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("directive_id"));
        String id = a.requiredString("directive_id");
        var transitions = loop.directives().history(inv.caller(), id);
        List<String> approvals = new ArrayList<>();
        long n = 0;
        for (var t : transitions) {
            if (t.to() == DirectiveStatus.PROPOSED) {
                approvals.add(id + "-p" + (++n));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("directive_id", id);
        body.put("transitions", transitions.stream().map(GovernanceViews::transition).toList());
        body.put("approval_flows", approvals);
        body.put("executions", loop.runs().forDirective(inv.caller(), id).stream().map(GovernanceViews::run).toList());
        return Reply.ok(body);
    }
}

package io.jeeves.functions.governance;

import io.jeeves.functions.views.GovernanceViews;
import io.jeeves.governance.directive.DirectiveService;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** POST /v1/directives: a new directive, draft unless {@code "propose": true} (then its approval flow starts); 201. */
public final class CreateDirectiveHandler extends GovernanceHandler {
    private static final Set<String> FIELDS = Set.of("owner", "role", "type", "payload", "issued_by", "objective", "scope",
            "constraints", "success_metrics", "budget", "timebox", "propose");

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(FIELDS);
        var d = loop.create(inv.caller(), new DirectiveService.CreateRequest(a.optionalNonEmpty("owner"),
                a.optionalString("role"), a.optionalString("type"), a.optionalJsonObject("payload"),
                a.optionalNonEmpty("issued_by"), a.optionalString("objective"), a.optionalString("scope"),
                a.optionalStringList("constraints"), a.optionalStringList("success_metrics"), a.optionalString("budget"),
                a.optionalString("timebox"), a.booleanOr("propose", false)));
        directiveCounted(d);
        return Reply.created(GovernanceViews.directive(d));
    }
}

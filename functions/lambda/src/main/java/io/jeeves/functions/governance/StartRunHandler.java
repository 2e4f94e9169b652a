package io.jeeves.functions.governance;

import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** The execution flow's first step: the run created once and running, the directive executing. */
public final class StartRunHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        flowOnly(inv);
        Args a = inv.args().allowOnly(Set.of("directive_id", "request_key", "execution_arn"));
        return Reply.ok(loop.startRun(a.requiredString("directive_id"), a.requiredString("request_key"),
                a.optionalString("execution_arn")));
    }
}

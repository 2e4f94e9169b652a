package io.jeeves.functions.governance;

import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** The execution flow runs the directive's module, once per directive and run. */
public final class ExecuteModuleHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        flowOnly(inv);
        Args a = inv.args().allowOnly(Set.of("directive_id", "request_key"));
        var out = loop.executeModule(a.requiredString("directive_id"), a.requiredString("request_key"));
        telemetry().count("module_executions_total", "module_name", String.valueOf(out.get("module")), "status",
                String.valueOf(out.get("status")));
        return Reply.ok(out);
    }
}

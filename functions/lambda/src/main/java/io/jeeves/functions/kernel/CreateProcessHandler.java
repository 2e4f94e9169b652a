package io.jeeves.functions.kernel;

import io.jeeves.kernel.Priority;
import io.jeeves.kernel.ResourceQuota;
import io.jeeves.kernel.service.ProcessService;
import io.jeeves.functions.views.Views;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** CreateProcess: a new process, rate-limited per user and scheduled at once (201; 200 on an idempotent replay). */
public final class CreateProcessHandler extends KernelHandler {
    private static final Set<String> FIELDS = Set.of("pid", "request_id", "user_id", "session_id", "priority", "quota", "schedule");

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(FIELDS);
        Args quota = a.optionalObject("quota");
        String priority = a.optionalString("priority");
        ProcessService.Created c = kernel.processes().create(inv.caller(), new ProcessService.CreateRequest(
                a.requiredString("pid"), a.optionalNonEmpty("request_id"), a.optionalNonEmpty("user_id"),
                a.optionalNonEmpty("session_id"), priority == null ? null : Priority.parse(priority, "priority"),
                quota == null ? null : quota.intFields(ResourceQuota.FIELDS), a.booleanOr("schedule", true)));
        Views.ProcessInfo view = Views.process(c.process(), now());
        return c.created() ? Reply.created(view) : Reply.ok(view);
    }
}

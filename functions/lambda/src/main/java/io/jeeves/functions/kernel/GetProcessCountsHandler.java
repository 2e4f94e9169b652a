package io.jeeves.functions.kernel;


import io.jeeves.functions.views.Views;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** GetProcessCounts: the caller's processes by state (an admin's: everyone's, or one user's). */
public final class GetProcessCountsHandler extends KernelHandler {
    private static final Set<String> FIELDS = Set.of("user_id");

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(FIELDS);
        String user = a.optionalString("user_id");
        return Reply.ok(Views.counts(kernel.processes().counts(inv.caller(), user == null || user.isEmpty() ? null : user)));
    }
}

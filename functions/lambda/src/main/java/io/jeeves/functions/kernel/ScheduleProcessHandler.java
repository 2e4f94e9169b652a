package io.jeeves.functions.kernel;


import io.jeeves.functions.views.Views;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** ScheduleProcess: NEW to READY. */
public final class ScheduleProcessHandler extends KernelHandler {
    private static final Set<String> FIELDS = Set.of("pid");

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(FIELDS);
        return Reply.ok(Views.process(kernel.processes().schedule(inv.caller(), a.requiredString("pid")), now()));
    }
}

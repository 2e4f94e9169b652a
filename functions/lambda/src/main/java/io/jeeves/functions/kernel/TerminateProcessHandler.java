package io.jeeves.functions.kernel;


import io.jeeves.functions.views.Views;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** TerminateProcess (idempotent). */
public final class TerminateProcessHandler extends KernelHandler {
    private static final Set<String> FIELDS = Set.of("pid", "reason", "force");

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(FIELDS);
        a.optionalBoolean("force"); // accepted for compatibility; termination is always immediate
        return Reply.ok(Views.process(kernel.processes().terminate(inv.caller(), a.requiredString("pid"),
                a.optionalString("reason")), now()));
    }
}

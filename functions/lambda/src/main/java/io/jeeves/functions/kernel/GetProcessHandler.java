package io.jeeves.functions.kernel;


import io.jeeves.functions.views.Views;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** GetProcess. */
public final class GetProcessHandler extends KernelHandler {
    private static final Set<String> FIELDS = Set.of("pid");

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(FIELDS);
        return Reply.ok(Views.process(kernel.processes().get(inv.caller(), a.requiredString("pid")), now()));
    }
}

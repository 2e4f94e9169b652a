package io.jeeves.functions.kernel;

import io.jeeves.kernel.ProcessState;
import io.jeeves.functions.views.Views;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** TransitionState. */
public final class TransitionStateHandler extends KernelHandler {
    private static final Set<String> FIELDS = Set.of("pid", "new_state", "reason");

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(FIELDS);
        ProcessState target = ProcessState.parse(a.requiredString("new_state"), "new_state");
        return Reply.ok(Views.process(kernel.processes().transition(inv.caller(), a.requiredString("pid"), target,
                a.optionalString("reason")), now()));
    }
}

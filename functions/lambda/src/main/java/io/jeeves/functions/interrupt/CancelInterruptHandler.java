package io.jeeves.functions.interrupt;

import io.jeeves.functions.views.Views;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** CancelInterrupt: a pending interrupt becomes cancelled, its reason kept in {@code data.cancel_reason}. */
public final class CancelInterruptHandler extends InterruptHandler {
    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("interrupt_id", "reason"));
        return Reply.ok(Views.interrupt(interrupts.cancel(inv.caller(), a.requiredString("interrupt_id"),
                a.optionalString("reason"))));
    }
}

package io.jeeves.functions.interrupt;

import io.jeeves.functions.views.Views;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** GetInterrupt: a pending interrupt past its expiry reads back as expired. */
public final class GetInterruptHandler extends InterruptHandler {
    @Override
    protected Reply handle(Invocation inv) {
        String id = inv.args().allowOnly(Set.of("interrupt_id")).requiredString("interrupt_id");
        return Reply.ok(Views.interrupt(interrupts.get(inv.caller(), id)));
    }
}

package io.jeeves.functions.interrupt;

import io.jeeves.functions.views.Views;
import io.jeeves.kernel.interrupt.InterruptKind;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** GetPendingForSession: the caller's pending, unexpired interrupts of a session, oldest first. */
public final class GetPendingForSessionHandler extends InterruptHandler {
    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("session_id", "kinds"));
        List<String> names = a.optionalStringList("kinds");
        Set<InterruptKind> kinds = EnumSet.noneOf(InterruptKind.class);
        if (names != null) {
            names.forEach(n -> kinds.add(InterruptKind.parse(n, "kinds")));
        }
        return Reply.ok(Views.interrupts(interrupts.pendingForSession(inv.caller(), a.requiredString("session_id"), kinds)));
    }
}

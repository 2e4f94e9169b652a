package io.jeeves.functions.interrupt;

import io.jeeves.functions.views.Views;
import io.jeeves.kernel.interrupt.InterruptKind;
import io.jeeves.kernel.service.InterruptService.CreateRequest;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** CreateInterrupt (201): pending, expiring after its kind's TTL (or {@code ttl_seconds}). */
public final class CreateInterruptHandler extends InterruptHandler {
    private static final Set<String> FIELDS = Set.of("kind", "request_id", "user_id", "session_id", "envelope_id",
            "question", "message", "data", "ttl_seconds");

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(FIELDS);
        InterruptKind kind = InterruptKind.parse(a.requiredString("kind"), "kind");
        return Reply.created(Views.interrupt(interrupts.create(inv.caller(), new CreateRequest(kind,
                a.optionalString("request_id"), a.optionalNonEmpty("user_id"), a.requiredString("session_id"),
                a.optionalString("envelope_id"), a.optionalString("question"), a.optionalString("message"),
                a.optionalJsonObject("data"), a.optionalLong("ttl_seconds", 1, Long.MAX_VALUE)))));
    }
}

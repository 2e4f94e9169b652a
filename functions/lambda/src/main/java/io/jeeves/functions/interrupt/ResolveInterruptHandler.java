package io.jeeves.functions.interrupt;

import io.jeeves.functions.views.Views;
import io.jeeves.kernel.interrupt.InterruptResponse;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/**
 * ResolveInterrupt: {@code {response: {text?, approved?, decision?, data?}}}. The kernel stamps
 * {@code received_at}; an expired or already answered interrupt is FAILED_PRECONDITION.
 */
public final class ResolveInterruptHandler extends InterruptHandler {
    private static final Set<String> RESPONSE_FIELDS = Set.of("text", "approved", "decision", "data", "received_at");

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("interrupt_id", "response", "user_id"));
        Args r = a.optionalObject("response");
        InterruptResponse response = r == null ? new InterruptResponse(null, null, null, null, null)
                : readResponse(r.allowOnly(RESPONSE_FIELDS));
        String user = a.optionalNonEmpty("user_id");
        if (user != null && !inv.caller().canActFor(user)) {
            throw io.jeeves.error.JeevesException.notFound("Interrupt " + a.requiredString("interrupt_id") + " not found");
        }
        return Reply.ok(Views.interrupt(interrupts.resolve(inv.caller(), a.requiredString("interrupt_id"), response)));
    }

    private static InterruptResponse readResponse(Args r) {
        r.optionalString("received_at"); // accepted from older clients and ignored: the kernel stamps it
        return new InterruptResponse(r.optionalString("text"), r.optionalBoolean("approved"),
                r.optionalString("decision"), r.optionalJsonObject("data"), null);
    }
}

package io.jeeves.functions.kernel;

import io.jeeves.functions.views.Views;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** GetUserRateLimits (admins): the limits in force for a user, its override and the defaults. */
public final class GetUserRateLimitsHandler extends KernelHandler {
    @Override
    protected Reply handle(Invocation inv) {
        String user = inv.args().allowOnly(Set.of("user_id")).requiredString("user_id");
        return Reply.ok(Views.rateLimits(kernel.rateLimits().userLimits(inv.caller(), user)));
    }
}

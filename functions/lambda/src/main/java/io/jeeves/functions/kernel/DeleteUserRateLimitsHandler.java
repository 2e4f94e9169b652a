package io.jeeves.functions.kernel;

import io.jeeves.functions.views.Views;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** DeleteUserRateLimits (admins): the user falls back to the defaults; NOT_FOUND if there was no override. */
public final class DeleteUserRateLimitsHandler extends KernelHandler {
    @Override
    protected Reply handle(Invocation inv) {
        String user = inv.args().allowOnly(Set.of("user_id")).requiredString("user_id");
        return Reply.ok(Views.rateLimits(kernel.rateLimits().deleteUser(inv.caller(), user)));
    }
}

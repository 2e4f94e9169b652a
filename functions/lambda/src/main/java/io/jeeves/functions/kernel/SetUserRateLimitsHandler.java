package io.jeeves.functions.kernel;

import io.jeeves.functions.views.Views;
import io.jeeves.kernel.ratelimit.RateLimitConfig;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Map;
import java.util.Set;

/** SetUserRateLimits (admins): {@code {limits: {...}}} sets fields of the user's override. */
public final class SetUserRateLimitsHandler extends KernelHandler {
    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(Set.of("user_id", "limits"));
        Args limits = a.optionalObject("limits");
        Map<String, Integer> fields = limits == null ? Map.of() : limits.intFields(RateLimitConfig.FIELDS);
        return Reply.ok(Views.rateLimits(kernel.rateLimits().updateUser(inv.caller(), a.requiredString("user_id"), fields)));
    }
}

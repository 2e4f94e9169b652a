package io.jeeves.functions.kernel;

import io.jeeves.kernel.ratelimit.RateLimitConfig;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Map;
import java.util.Set;

/** SetRateLimitDefaults (admins): {@code {limits: {...}, reset?}}; fields sent are set, the others kept. */
public final class SetRateLimitDefaultsHandler extends KernelHandler {
    private static final Set<String> FIELDS = Set.of("limits", "reset");

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(FIELDS);
        Args limits = a.optionalObject("limits");
        Map<String, Integer> fields = limits == null ? Map.of() : limits.intFields(RateLimitConfig.FIELDS);
        return Reply.ok(kernel.rateLimits().updateDefaults(inv.caller(), fields, a.booleanOr("reset", false)).toMap());
    }
}

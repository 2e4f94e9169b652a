package io.jeeves.functions.kernel;


import io.jeeves.functions.views.Views;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** CheckRateLimit: with record (the default) an admitted request counts. */
public final class CheckRateLimitHandler extends KernelHandler {
    private static final Set<String> FIELDS = Set.of("user_id", "record", "endpoint");

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(FIELDS);
        a.optionalString("endpoint"); // accepted for compatibility; limits are per user
        return Reply.ok(Views.rateLimit(kernel.rateLimits().check(inv.caller(), a.optionalNonEmpty("user_id"),
                a.booleanOr("record", true))));
    }
}

package io.jeeves.functions.kernel;


import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** GetRateLimitDefaults (admins). */
public final class GetRateLimitDefaultsHandler extends KernelHandler {
    private static final Set<String> FIELDS = Set.of();

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(FIELDS);
        return Reply.ok(kernel.rateLimits().defaults(inv.caller()).toMap());
    }
}

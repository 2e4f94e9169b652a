package io.jeeves.functions.kernel;

import io.jeeves.kernel.ResourceQuota;
import java.util.Map;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** SetQuotaDefaults: fields sent are set (zero included), fields not sent are kept; reset starts from the base. */
public final class SetQuotaDefaultsHandler extends KernelHandler {
    private static final Set<String> FIELDS = Set.of("quota", "reset");

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(FIELDS);
        Args quota = a.optionalObject("quota");
        Map<String, Integer> fields = quota == null ? Map.of() : quota.intFields(ResourceQuota.FIELDS);
        return Reply.ok(kernel.quotaDefaults().update(inv.caller(), fields, a.booleanOr("reset", false)).toMap());
    }
}

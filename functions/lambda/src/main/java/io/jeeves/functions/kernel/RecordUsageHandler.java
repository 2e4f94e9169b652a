package io.jeeves.functions.kernel;

import io.jeeves.kernel.Process;
import io.jeeves.kernel.UsageDelta;
import io.jeeves.functions.views.Views;
import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** RecordUsage: refused as a whole (RESOURCE_EXHAUSTED, nothing recorded) past any quota. */
public final class RecordUsageHandler extends KernelHandler {
    private static final Set<String> FIELDS = Set.of("pid", "llm_calls", "tool_calls", "agent_hops", "iterations", "tokens_in", "tokens_out",
            "inference_requests", "inference_input_chars");

    @Override
    protected Reply handle(Invocation inv) {
        Args a = inv.args().allowOnly(FIELDS);
        long i32 = Integer.MAX_VALUE;
        UsageDelta delta = new UsageDelta(a.longOrZero("llm_calls", i32), a.longOrZero("tool_calls", i32),
                a.longOrZero("agent_hops", i32), a.longOrZero("iterations", i32), a.longOrZero("tokens_in", Long.MAX_VALUE),
                a.longOrZero("tokens_out", Long.MAX_VALUE), a.longOrZero("inference_requests", i32),
                a.longOrZero("inference_input_chars", Long.MAX_VALUE));
        Process p = kernel.quotas().record(inv.caller(), a.requiredString("pid"), delta);
        return Reply.ok(Views.usage(p, now()));
    }
}

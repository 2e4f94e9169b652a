package io.jeeves.functions.governance;

import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.util.Set;

/** The approval flow's policy gate: the evaluation, stored as a {@code policy_evaluation} artifact. */
public final class EvaluatePolicyHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        flowOnly(inv);
        Args a = inv.args().allowOnly(Set.of("directive_id", "evaluation_id"));
        long started = System.nanoTime();
        var out = loop.evaluatePolicy(a.requiredString("directive_id"), a.requiredString("evaluation_id"));
        telemetry().seconds("policy_evaluation_duration_seconds", (System.nanoTime() - started) / 1e9);
        telemetry().count("policy_evaluations_total", "verdict", Boolean.TRUE.equals(out.get("blocked")) ? "BLOCK" : "ALLOW");
        return Reply.ok(out);
    }
}

package io.jeeves.functions.governance;

import io.jeeves.runtime.Args;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** The execution flow's last step: the run completed or failed, the directive complete or aborted. */
public final class FinishRunHandler extends GovernanceHandler {
    @Override
    protected Reply handle(Invocation inv) {
        flowOnly(inv);
        Args a = inv.args().allowOnly(Set.of("directive_id", "request_key", "outcome", "error_type", "error"));
        String outcome = a.requiredString("outcome");
        if (!outcome.equals("completed") && !outcome.equals("failed")) {
            throw io.jeeves.error.JeevesException.invalidArgument("outcome", "outcome must be completed or failed");
        }
        var out = loop.finishRun(a.requiredString("directive_id"), a.requiredString("request_key"),
                outcome.equals("completed"), a.optionalString("error_type"), a.optionalString("error"));
        if (!outcome.equals("completed")) {
            telemetry().count("execution_failures_total", "failure_type", a.optionalString("error_type"));
        }
        Object started = out.get("started_at");
        Object ended = out.get("ended_at");
        if (started != null && ended != null) {
            telemetry().seconds("execution_duration_seconds",
                    Duration.between(Instant.parse((String) started), Instant.parse((String) ended)).toNanos() / 1e9);
        }
        telemetry().count("directives_total", "status", String.valueOf(out.get("directive_status")));
        return Reply.ok(out);
    }
}

package io.jeeves.functions.governance;

import io.jeeves.error.JeevesException;
import io.jeeves.governance.ControlLoop;
import io.jeeves.governance.directive.Directive;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.JeevesHandler;

/** A handler of the governance control loop: a route, or a step of the approval and execution flows. */
public abstract class GovernanceHandler extends JeevesHandler {
    protected final ControlLoop loop = bean(ControlLoop.class);

    /** A flow's step is invoked by Step Functions (directly), never over HTTP. */
    protected static void flowOnly(Invocation inv) {
        if (inv.http()) {
            throw JeevesException.permissionDenied(null, "This function is a step of the governance flows");
        }
    }

    /** {@code directives_total{status}}: a directive reached a status. */
    protected static void directiveCounted(Directive d) {
        telemetry().count("directives_total", "status", d.status().wireName());
    }
}

package io.jeeves.functions.ops;

import io.jeeves.kernel.service.CleanupService;
import io.jeeves.kernel.service.Kernel;
import io.jeeves.runtime.Invocation;
import io.jeeves.runtime.JeevesHandler;
import io.jeeves.runtime.Reply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scheduled garbage collector (an EventBridge rule invokes it; the event itself is ignored). */
public final class CleanupHandler extends JeevesHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CleanupHandler.class);
    private final CleanupService cleanup = bean(Kernel.class).cleanup();

    @Override
    protected Reply handle(Invocation inv) {
        if (inv.http()) {
            throw io.jeeves.error.JeevesException.notFound("No such route");
        }
        CleanupService.Report report = cleanup.runCycle();
        LOG.info("cleanup {}", report);
        return Reply.ok(new Summary(report.processesReaped(), report.zombiesRemoved(), report.sessionsRemoved(),
                report.interruptsExpired(), report.interruptsRemoved(), report.rateWindowsRemoved(),
                report.completedAt().toString()));
    }

    /** What one cycle did. */
    public record Summary(int processesReaped, int zombiesRemoved, int sessionsRemoved, int interruptsExpired,
            int interruptsRemoved, int rateWindowsRemoved, String completedAt) {
    }
}

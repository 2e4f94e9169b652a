package io.jeeves.kernel.service;

import io.jeeves.error.JeevesException;
import io.jeeves.kernel.Caller;
import io.jeeves.kernel.store.InterruptStore;
import io.jeeves.kernel.store.SessionStore;
import java.time.Clock;

/** GetSystemStatus: an operator's view across all users (scope jeeves/admin or jeeves/worker). */
public final class SystemStatusService {
    private final ProcessService processes;
    private final SessionStore sessions;
    private final InterruptStore interrupts;
    private final CleanupConfig cleanup;
    private final Clock clock;

    public SystemStatusService(ProcessService processes, SessionStore sessions, InterruptStore interrupts,
            CleanupConfig cleanup, Clock clock) {
        this.processes = processes;
        this.sessions = sessions;
        this.interrupts = interrupts;
        this.cleanup = cleanup;
        this.clock = clock;
    }

    /**
     * @param activeSessions sessions with activity within the session retention
     * @param pendingInterrupts interrupts stored as pending (some may have expired since the last sweep)
     */
    public record SystemStatus(ProcessService.Counts processes, long activeSessions, long pendingInterrupts) {
    }

    public SystemStatus status(Caller caller) {
        if (!caller.isWorker()) {
            throw JeevesException.permissionDenied(null, "System status requires scope jeeves/admin or jeeves/worker");
        }
        ProcessService.Counts counts = processes.counts(Caller.system(), null);
        long active = sessions.countActiveSince(clock.instant().minusSeconds(cleanup.sessionRetentionSeconds()));
        return new SystemStatus(counts, active, interrupts.countPending());
    }
}

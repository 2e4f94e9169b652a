package io.jeeves.kernel.service;

import io.jeeves.kernel.Process;
import io.jeeves.kernel.ProcessLifecycle;
import io.jeeves.kernel.ProcessState;
import io.jeeves.kernel.interrupt.Interrupt;
import io.jeeves.kernel.interrupt.InterruptStatus;
import io.jeeves.kernel.store.InterruptStore;
import io.jeeves.kernel.store.ProcessStore;
import io.jeeves.kernel.store.RateLimitStore;
import io.jeeves.kernel.store.SessionStore;
import java.time.Clock;
import java.time.Instant;

/**
 * The garbage collector of kernel-reference §11, wired to a schedule this time (fixes quirk §17.15).
 * Each cycle: reaps TERMINATED processes into ZOMBIE after a grace period, removes ZOMBIEs after the
 * retention, removes stale sessions, expires overdue pending interrupts, removes finished interrupts
 * after the retention, and forgets idle rate windows. Every phase is bounded per cycle and every write
 * is conditional, so overlapping cycles are harmless.
 */
public final class CleanupService {
    private final ProcessStore processes;
    private final SessionStore sessions;
    private final InterruptStore interrupts;
    private final RateLimitStore rateLimits;
    private final CleanupConfig config;
    private final Clock clock;

    public CleanupService(ProcessStore processes, SessionStore sessions, InterruptStore interrupts,
            RateLimitStore rateLimits, CleanupConfig config, Clock clock) {
        this.processes = processes;
        this.sessions = sessions;
        this.interrupts = interrupts;
        this.rateLimits = rateLimits;
        this.config = config;
        this.clock = clock;
    }

    public record Report(int processesReaped, int zombiesRemoved, int sessionsRemoved, int interruptsExpired,
            int interruptsRemoved, int rateWindowsRemoved, Instant completedAt) {
    }

    public Report runCycle() {
        Instant now = clock.instant();
        int limit = config.batchLimit();
        int reaped = 0;
        for (Process p : processes.inStateSince(ProcessState.TERMINATED,
                now.minusSeconds(config.terminatedGraceSeconds()), limit)) {
            if (processes.update(ProcessLifecycle.transition(p, ProcessState.ZOMBIE, p.reason(), now)).isPresent()) {
                reaped++;
            }
        }
        int zombies = 0;
        for (Process p : processes.inStateSince(ProcessState.ZOMBIE,
                now.minusSeconds(config.processRetentionSeconds()), limit)) {
            if (processes.delete(p.pid(), p.version())) {
                zombies++;
            }
        }
        int staleSessions = sessions.deleteInactiveBefore(now.minusSeconds(config.sessionRetentionSeconds()), limit);
        int expired = 0;
        for (Interrupt i : interrupts.pendingExpiredBy(now, limit)) {
            if (interrupts.update(i.withStatus(InterruptStatus.EXPIRED, null, i.response(), i.data())).isPresent()) {
                expired++;
            }
        }
        int removed = 0;
        Instant interruptCutoff = now.minusSeconds(config.interruptRetentionSeconds());
        for (InterruptStatus s : new InterruptStatus[] {InterruptStatus.RESOLVED, InterruptStatus.EXPIRED,
            InterruptStatus.CANCELLED}) {
            for (Interrupt i : interrupts.withStatusCreatedBefore(s, interruptCutoff, limit)) {
                if (interrupts.delete(i.id(), i.version())) {
                    removed++;
                }
            }
        }
        int windows = rateLimits.deleteIdle(now, limit);
        return new Report(reaped, zombies, staleSessions, expired, removed, windows, clock.instant());
    }
}

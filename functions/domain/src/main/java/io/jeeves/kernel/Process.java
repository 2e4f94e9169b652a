package io.jeeves.kernel;

import java.time.Duration;
import java.time.Instant;

/**
 * A process control block. Immutable: lifecycle operations return a new value with {@link #version}
 * unchanged; the store bumps the version when it writes (optimistic concurrency).
 *
 * @param reason why the process is BLOCKED, WAITING or TERMINATED (empty otherwise)
 */
public record Process(
        String pid,
        String requestId,
        String userId,
        String sessionId,
        ProcessState state,
        Priority priority,
        ResourceQuota quota,
        ResourceUsage usage,
        Instant createdAt,
        Instant stateChangedAt,
        Instant startedAt,
        Instant lastScheduledAt,
        Instant completedAt,
        String reason,
        long version) {

    public Process {
        reason = reason == null ? "" : reason;
    }

    /** Seconds the process has run: live while it runs, frozen once it completes, 0 if it never started. */
    public double elapsedSeconds(Instant now) {
        if (startedAt == null) {
            return 0.0;
        }
        if (completedAt == null) {
            return Duration.between(startedAt, now).toNanos() / 1e9;
        }
        return usage.elapsedSeconds();
    }

    Process with(ProcessState newState, Instant now, Instant started, Instant scheduled, Instant completed,
            String newReason, ResourceUsage newUsage) {
        return new Process(pid, requestId, userId, sessionId, newState, priority, quota, newUsage, createdAt, now,
                started, scheduled, completed, newReason, version);
    }

    public Process withUsage(ResourceUsage newUsage) {
        return new Process(pid, requestId, userId, sessionId, state, priority, quota, newUsage, createdAt,
                stateChangedAt, startedAt, lastScheduledAt, completedAt, reason, version);
    }

    public Process withVersion(long newVersion) {
        return new Process(pid, requestId, userId, sessionId, state, priority, quota, usage, createdAt,
                stateChangedAt, startedAt, lastScheduledAt, completedAt, reason, newVersion);
    }
}

package io.jeeves.kernel;

import io.jeeves.error.FailedPreconditionException;
import java.time.Instant;

/**
 * The lifecycle operations of kernel-reference §4.2, as pure functions from one PCB to the next.
 * Unlike the reference, every allowed transition really happens (§17.4): READY from NEW schedules,
 * from RUNNING preempts and from WAITING/BLOCKED resumes; WAITING and ZOMBIE change the state.
 */
public final class ProcessLifecycle {
    private ProcessLifecycle() {
    }

    /** A new process, in NEW. */
    public static Process create(String pid, String requestId, String userId, String sessionId, Priority priority,
            ResourceQuota quota, Instant now) {
        return new Process(pid, requestId, userId, sessionId, ProcessState.NEW, priority, quota, ResourceUsage.ZERO,
                now, now, null, null, null, "", 0L);
    }

    /**
     * Moves {@code p} to {@code target}. {@code reason} is kept for BLOCKED, WAITING and TERMINATED.
     *
     * @throws FailedPreconditionException when the transition table does not allow it
     */
    public static Process transition(Process p, ProcessState target, String reason, Instant now) {
        if (!p.state().canTransitionTo(target)) {
            throw new FailedPreconditionException(
                    "Invalid transition from " + p.state() + " to " + target + " for process " + p.pid(), "new_state");
        }
        String why = reason == null ? "" : reason;
        return switch (target) {
            // schedule (from NEW), preempt (from RUNNING) or resume (from WAITING/BLOCKED): back in the ready queue
            case READY -> p.with(ProcessState.READY, now, p.startedAt(), p.lastScheduledAt(), null, "", p.usage());
            case RUNNING -> p.with(ProcessState.RUNNING, now, p.startedAt() == null ? now : p.startedAt(), now, null, "",
                    p.usage());
            case WAITING, BLOCKED -> p.with(target, now, p.startedAt(), p.lastScheduledAt(), null, why, p.usage());
            case TERMINATED -> p.with(ProcessState.TERMINATED, now, p.startedAt(), p.lastScheduledAt(), now, why,
                    p.usage().withElapsedSeconds(p.elapsedSeconds(now)));
            case ZOMBIE -> p.with(ProcessState.ZOMBIE, now, p.startedAt(), p.lastScheduledAt(), p.completedAt(),
                    p.reason(), p.usage());
            case NEW -> throw new IllegalStateException("no transition leads to NEW");
        };
    }

    /** Terminate is idempotent: a process already TERMINATED or ZOMBIE is returned unchanged. */
    public static Process terminate(Process p, String reason, Instant now) {
        if (p.state().isTerminal()) {
            return p;
        }
        return transition(p, ProcessState.TERMINATED, reason, now);
    }

    /** ScheduleProcess: only NEW may be scheduled (kernel-reference §4.2). */
    public static Process schedule(Process p, Instant now) {
        if (p.state() != ProcessState.NEW) {
            throw new FailedPreconditionException(
                    "cannot schedule pid " + p.pid() + ": state is " + p.state() + ", expected NEW", null);
        }
        return transition(p, ProcessState.READY, "", now);
    }
}

package io.jeeves.governance.execution;

import io.jeeves.error.FailedPreconditionException;
import io.jeeves.error.JeevesException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The run lifecycle as pure functions from one run to the next: pending → running → completed | failed |
 * canceled, and pending → canceled. The timestamps are managed here and nowhere else: {@code startedAt} on
 * entering RUNNING, {@code endedAt} on entering a terminal status, {@code updatedAt} on every change.
 */
public final class RunLifecycle {
    private RunLifecycle() {
    }

    /** A new run, PENDING, with no attempts yet. */
    public static ExecutionRun create(String id, String directiveId, String owner, String module, String executionArn,
            Instant now) {
        return new ExecutionRun(id, directiveId, owner, RunStatus.PENDING, module, 0, null, null, now, null, null, now,
                0L, executionArn);
    }

    /**
     * Moves {@code run} to {@code target}. A COMPLETED run keeps {@code result} (null reads as an empty
     * output); a FAILED run needs {@code error}; no other target takes either. A malformed request is
     * refused (INVALID_ARGUMENT) before the table is consulted.
     *
     * @throws FailedPreconditionException when the table does not allow the transition; the message names
     *         the current status
     */
    public static ExecutionRun transition(ExecutionRun run, RunStatus target, Map<String, Object> result, RunError error,
            Instant now) {
        if (target == null) {
            throw JeevesException.invalidArgument("status", "status is required");
        }
        if (result != null && target != RunStatus.COMPLETED) {
            throw JeevesException.invalidArgument("result", "Only a completed run has a result");
        }
        if (target == RunStatus.FAILED && error == null) {
            throw JeevesException.invalidArgument("error", "A failed run needs an error");
        }
        if (error != null && target != RunStatus.FAILED) {
            throw JeevesException.invalidArgument("error", "Only a failed run has an error");
        }
        if (!run.status().canTransitionTo(target)) {
            throw new FailedPreconditionException("Run " + run.id() + " is " + run.status().wireName()
                    + " and cannot become " + target.wireName(), "status");
        }
        Instant startedAt = target == RunStatus.RUNNING ? now : run.startedAt();
        Instant endedAt = target.isTerminal() ? now : null;
        Map<String, Object> output = target == RunStatus.COMPLETED ? copy(result) : null;
        return run.with(target, run.attempts(), error, output, startedAt, endedAt, now, run.executionArn());
    }

    /** Counts one more invocation of the module; only a RUNNING run is invoked. */
    public static ExecutionRun recordAttempt(ExecutionRun run, Instant now) {
        if (run.status() != RunStatus.RUNNING) {
            throw new FailedPreconditionException("Run " + run.id() + " is " + run.status().wireName()
                    + ", not running; its module cannot be invoked", "status");
        }
        return run.with(run.status(), run.attempts() + 1, run.error(), run.result(), run.startedAt(), run.endedAt(), now,
                run.executionArn());
    }

    /** An unmodifiable copy that keeps insertion order and allows JSON nulls (Map.copyOf does not). */
    private static Map<String, Object> copy(Map<String, Object> m) {
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}

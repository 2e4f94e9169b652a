package io.jeeves.governance.execution;

import java.time.Instant;
import java.util.Map;

/**
 * One execution of a directive's module (issue 4 §4). Written only through {@link RunLifecycle} by
 * {@link RunService}; the store keeps it with an optimistic-concurrency {@code version}.
 *
 * @param id derived from the directive id and the request key (see {@link RunService#runId})
 * @param owner the user the directive belongs to; other users do not see the run
 * @param module the name of the execution module the run invokes (the directive's type)
 * @param attempts how many times the module was invoked for this run (Step Functions retries included)
 * @param error null unless {@code status} is FAILED
 * @param result the module's output; null until COMPLETED
 * @param startedAt set on entering RUNNING
 * @param endedAt set on entering a terminal status
 * @param executionArn the Step Functions execution driving the run; null when unknown
 */
public record ExecutionRun(
        String id,
        String directiveId,
        String owner,
        RunStatus status,
        String module,
        int attempts,
        RunError error,
        Map<String, Object> result,
        Instant createdAt,
        Instant startedAt,
        Instant endedAt,
        Instant updatedAt,
        long version,
        String executionArn) {

    public ExecutionRun withVersion(long newVersion) {
        return new ExecutionRun(id, directiveId, owner, status, module, attempts, error, result, createdAt, startedAt,
                endedAt, updatedAt, newVersion, executionArn);
    }

    ExecutionRun with(RunStatus newStatus, int newAttempts, RunError newError, Map<String, Object> newResult,
            Instant newStartedAt, Instant newEndedAt, Instant now, String newExecutionArn) {
        return new ExecutionRun(id, directiveId, owner, newStatus, module, newAttempts, newError, newResult, createdAt,
                newStartedAt, newEndedAt, now, version, newExecutionArn);
    }
}

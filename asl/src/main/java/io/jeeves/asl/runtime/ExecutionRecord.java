package io.jeeves.asl.runtime;

import java.time.Instant;

/**
 * An execution's summary as DescribeExecution reports it.
 *
 * @param definition the definition the execution runs (as it was when it started)
 * @param roleArn the state machine's role when the execution started ($$.Execution.RoleArn)
 * @param status RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED
 */
public record ExecutionRecord(String arn, String stateMachineArn, String name, String status, String input,
        String output, String error, String cause, Instant startDate, Instant stopDate, String definition,
        String roleArn, String parentArn) {

    public boolean running() {
        return "RUNNING".equals(status);
    }

    public ExecutionRecord finished(String newStatus, String newOutput, String newError, String newCause, Instant at) {
        return new ExecutionRecord(arn, stateMachineArn, name, newStatus, input, newOutput, newError, newCause, startDate,
                at, definition, roleArn, parentArn);
    }
}

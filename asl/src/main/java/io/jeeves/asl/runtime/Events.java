package io.jeeves.asl.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.asl.definition.StateType;
import io.jeeves.json.Json;

/**
 * History events with the AWS event types and detail fields (inputs and outputs as JSON text); see
 * {@link HistoryEvent} for how they are written and read back.
 */
final class Events {
    /** PassStateEntered, …, by state type (made once: two of these per state run). */
    private static final String[] ENTERED = typeNames("StateEntered");
    private static final String[] EXITED = typeNames("StateExited");

    private Events() {
    }

    private static String[] typeNames(String suffix) {
        StateType[] types = StateType.values();
        String[] names = new String[types.length];
        for (StateType type : types) {
            names[type.ordinal()] = type.name() + suffix;
        }
        return names;
    }

    private static HistoryEvent event(String type, long t, Object... details) {
        return new HistoryEvent(t, type, details);
    }

    private static Long number(Integer value) {
        return value == null ? null : value.longValue();
    }

    static HistoryEvent executionStarted(long t, JsonNode input, String roleArn, String stateMachineArn) {
        return event("ExecutionStarted", t, "input", Json.write(input), "roleArn", roleArn,
                "stateMachineArn", stateMachineArn);
    }

    static HistoryEvent executionSucceeded(long t, String output) {
        return event("ExecutionSucceeded", t, "output", output);
    }

    /** ExecutionFailed, ExecutionAborted, ExecutionTimedOut: {error, cause}. */
    static HistoryEvent executionEnded(String type, long t, String error, String cause) {
        return event(type, t, "error", error, "cause", cause);
    }

    static HistoryEvent stateEntered(StateType type, long t, String name, String input) {
        return HistoryEvent.state(t, ENTERED[type.ordinal()], name, input);
    }

    static HistoryEvent stateExited(StateType type, long t, String name, String output) {
        return HistoryEvent.state(t, EXITED[type.ordinal()], name, output);
    }

    /** ParallelStateStarted/Succeeded/Failed/Aborted, MapStateSucceeded/Failed/Aborted: no details. */
    static HistoryEvent plain(String type, long t) {
        return new HistoryEvent(t, type, null);
    }

    static HistoryEvent mapStarted(long t, int length) {
        return event("MapStateStarted", t, "length", (long) length);
    }

    static HistoryEvent mapIteration(String type, long t, String mapState, int index) {
        return event(type, t, "name", mapState, "index", (long) index);
    }

    static HistoryEvent taskScheduled(long t, TaskResource r, JsonNode parameters, Integer timeout, Integer heartbeat) {
        return event("TaskScheduled", t, "resourceType", r.service(), "resource", resourceName(r),
                "region", Engine.REGION, "parameters", Json.write(parameters), "timeoutInSeconds", number(timeout),
                "heartbeatInSeconds", number(heartbeat));
    }

    static HistoryEvent task(String type, long t, TaskResource r) {
        return event(type, t, "resourceType", r.service(), "resource", resourceName(r));
    }

    static HistoryEvent taskOutput(String type, long t, TaskResource r, JsonNode output) {
        return event(type, t, "resourceType", r.service(), "resource", resourceName(r), "output", Json.write(output));
    }

    static HistoryEvent taskError(String type, long t, TaskResource r, String error, String cause) {
        return event(type, t, "resourceType", r.service(), "resource", resourceName(r), "error", error, "cause", cause);
    }

    static HistoryEvent lambdaScheduled(long t, String functionArn, JsonNode input, Integer timeout) {
        return event("LambdaFunctionScheduled", t, "resource", functionArn, "input", Json.write(input),
                "timeoutInSeconds", number(timeout));
    }

    static HistoryEvent lambdaSucceeded(long t, JsonNode output) {
        return event("LambdaFunctionSucceeded", t, "output", Json.write(output));
    }

    /** LambdaFunctionFailed / LambdaFunctionTimedOut. */
    static HistoryEvent lambdaError(String type, long t, String error, String cause) {
        return event(type, t, "error", error, "cause", cause);
    }

    private static String resourceName(TaskResource r) {
        return switch (r.pattern()) {
            case REQUEST_RESPONSE -> r.action();
            case WAIT_FOR_TASK_TOKEN -> r.action() + ".waitForTaskToken";
            case SYNC -> r.action() + ".sync";
            case SYNC2 -> r.action() + ".sync:2";
        };
    }
}

package io.jeeves.asl.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.json.Json;

/**
 * History events in the shape GetExecutionHistory returns them (AWS event types and detail fields;
 * inputs and outputs as JSON text). {@code timestamp} is epoch milliseconds here; the API layer converts.
 */
final class Events {
    private Events() {
    }

    static ObjectNode event(String type, long timestamp) {
        ObjectNode e = Json.object();
        e.put("timestamp", timestamp);
        e.put("type", type);
        return e;
    }

    /** The details field of an event type, as AWS names it: TaskFailed → taskFailedEventDetails. */
    private static String detailsField(String type) {
        return Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails";
    }

    /** A payload field: the value's JSON text (as the engine has it already) and its details. */
    private static ObjectNode payload(ObjectNode details, String field, String json) {
        details.put(field, json);
        details.putObject(field + "Details").put("truncated", false);
        return details;
    }

    static ObjectNode executionStarted(long t, JsonNode input, String roleArn, String stateMachineArn) {
        ObjectNode e = event("ExecutionStarted", t);
        ObjectNode d = payload(e.putObject("executionStartedEventDetails"), "input", Json.write(input));
        d.put("roleArn", roleArn);
        d.put("stateMachineArn", stateMachineArn);
        return e;
    }

    static ObjectNode executionSucceeded(long t, String output) {
        ObjectNode e = event("ExecutionSucceeded", t);
        payload(e.putObject("executionSucceededEventDetails"), "output", output);
        return e;
    }

    /** ExecutionFailed, ExecutionAborted, ExecutionTimedOut: {error, cause}. */
    static ObjectNode executionEnded(String type, String detailsField, long t, String error, String cause) {
        ObjectNode e = event(type, t);
        ObjectNode d = e.putObject(detailsField);
        if (error != null) {
            d.put("error", error);
        }
        if (cause != null) {
            d.put("cause", cause);
        }
        return e;
    }

    static ObjectNode stateEntered(String stateType, long t, String name, String input) {
        ObjectNode e = event(stateType + "StateEntered", t);
        payload(e.putObject("stateEnteredEventDetails").put("name", name), "input", input);
        return e;
    }

    static ObjectNode stateExited(String stateType, long t, String name, String output) {
        ObjectNode e = event(stateType + "StateExited", t);
        payload(e.putObject("stateExitedEventDetails").put("name", name), "output", output);
        return e;
    }

    /** ParallelStateStarted/Succeeded/Failed/Aborted, MapStateSucceeded/Failed/Aborted: no details. */
    static ObjectNode plain(String type, long t) {
        return event(type, t);
    }

    static ObjectNode mapStarted(long t, int length) {
        ObjectNode e = event("MapStateStarted", t);
        e.putObject("mapStateStartedEventDetails").put("length", length);
        return e;
    }

    static ObjectNode mapIteration(String type, long t, String mapState, int index) {
        ObjectNode e = event(type, t);
        e.putObject(detailsField(type))
                .put("name", mapState).put("index", index);
        return e;
    }

    static ObjectNode taskScheduled(long t, TaskResource r, JsonNode parameters, Integer timeout, Integer heartbeat) {
        ObjectNode e = event("TaskScheduled", t);
        ObjectNode d = e.putObject("taskScheduledEventDetails");
        d.put("resourceType", r.service());
        d.put("resource", resourceName(r));
        d.put("region", "us-east-1");
        d.put("parameters", Json.write(parameters));
        if (timeout != null) {
            d.put("timeoutInSeconds", timeout);
        }
        if (heartbeat != null) {
            d.put("heartbeatInSeconds", heartbeat);
        }
        return e;
    }

    static ObjectNode task(String type, long t, TaskResource r) {
        ObjectNode e = event(type, t);
        ObjectNode d = e.putObject(detailsField(type));
        d.put("resourceType", r.service());
        d.put("resource", resourceName(r));
        return e;
    }

    static ObjectNode taskOutput(String type, long t, TaskResource r, JsonNode output) {
        ObjectNode e = task(type, t, r);
        payload((ObjectNode) e.get(detailsField(type)),
                "output", Json.write(output));
        return e;
    }

    static ObjectNode taskError(String type, long t, TaskResource r, String error, String cause) {
        ObjectNode e = task(type, t, r);
        ObjectNode d = (ObjectNode) e.get(detailsField(type));
        d.put("error", error);
        d.put("cause", cause);
        return e;
    }

    static ObjectNode lambdaScheduled(long t, String functionArn, JsonNode input, Integer timeout) {
        ObjectNode e = event("LambdaFunctionScheduled", t);
        ObjectNode d = payload(e.putObject("lambdaFunctionScheduledEventDetails").put("resource", functionArn), "input",
                Json.write(input));
        if (timeout != null) {
            d.put("timeoutInSeconds", timeout);
        }
        return e;
    }

    static ObjectNode lambdaSucceeded(long t, JsonNode output) {
        ObjectNode e = event("LambdaFunctionSucceeded", t);
        payload(e.putObject("lambdaFunctionSucceededEventDetails"), "output", Json.write(output));
        return e;
    }

    /** LambdaFunctionFailed / LambdaFunctionTimedOut. */
    static ObjectNode lambdaError(String type, long t, String error, String cause) {
        ObjectNode e = event(type, t);
        e.putObject(detailsField(type))
                .put("error", error).put("cause", cause);
        return e;
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

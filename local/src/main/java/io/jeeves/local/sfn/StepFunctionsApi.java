package io.jeeves.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.asl.runtime.Engine;
import io.jeeves.asl.runtime.ExecutionRecord;
import io.jeeves.asl.runtime.ExecutionStore;
import io.jeeves.asl.runtime.SfnException;
import io.jeeves.asl.runtime.StateMachineRecord;
import io.jeeves.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * The Step Functions API in AWS JSON 1.0: {@code X-Amz-Target: AWSStepFunctions.<Action>} with a JSON
 * body, answered with AWS's response shapes (timestamps in epoch seconds) and AWS's error names, so an
 * unmodified SDK or the AWS CLI works against the {@link Engine} by endpoint override.
 */
public final class StepFunctionsApi {
    public static final String TARGET_PREFIX = "AWSStepFunctions.";
    private static final String ERROR_NAMESPACE = "com.amazonaws.swf.service.v2.model#";

    /** A reply: HTTP status and JSON body. */
    public record Reply(int status, ObjectNode body, String errorType) {
        static Reply ok(ObjectNode body) {
            return new Reply(200, body, null);
        }

        static Reply error(String type, String message) {
            ObjectNode body = Json.object();
            body.put("__type", ERROR_NAMESPACE + type);
            body.put("message", message);
            return new Reply(400, body, type);
        }
    }

    private final Engine engine;
    private final Map<String, Function<Request, ObjectNode>> actions = Map.ofEntries(
            Map.entry("CreateStateMachine", this::createStateMachine),
            Map.entry("UpdateStateMachine", this::updateStateMachine),
            Map.entry("DescribeStateMachine", this::describeStateMachine),
            Map.entry("ListStateMachines", this::listStateMachines),
            Map.entry("DeleteStateMachine", this::deleteStateMachine),
            Map.entry("StartExecution", this::startExecution),
            Map.entry("DescribeExecution", this::describeExecution),
            Map.entry("StopExecution", this::stopExecution),
            Map.entry("ListExecutions", this::listExecutions),
            Map.entry("GetExecutionHistory", this::history),
            Map.entry("DescribeStateMachineForExecution", this::describeStateMachineForExecution),
            Map.entry("SendTaskSuccess", this::sendTaskSuccess),
            Map.entry("SendTaskFailure", this::sendTaskFailure),
            Map.entry("SendTaskHeartbeat", this::sendTaskHeartbeat),
            Map.entry("ValidateStateMachineDefinition", this::validateDefinition));

    public StepFunctionsApi(Engine engine) {
        this.engine = engine;
    }

    /**
     * Handles one request.
     *
     * @param target the X-Amz-Target header
     * @param body the request body
     */
    public Reply handle(String target, byte[] body) {
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            return Reply.error("UnknownOperationException", "Missing or unknown X-Amz-Target: " + target);
        }
        Function<Request, ObjectNode> action = actions.get(target.substring(TARGET_PREFIX.length()));
        if (action == null) {
            return Reply.error("UnknownOperationException", "Unsupported operation: " + target);
        }
        JsonNode json;
        try {
            json = body.length == 0 ? Json.object() : Json.read(body);
        } catch (java.io.IOException e) {
            return Reply.error("SerializationException", "The request body is not valid JSON");
        }
        if (!json.isObject()) {
            return Reply.error("SerializationException", "The request body must be a JSON object");
        }
        try {
            return Reply.ok(action.apply(new Request((ObjectNode) json)));
        } catch (SfnException e) {
            return Reply.error(e.type(), e.getMessage());
        }
    }

    /** The request's members, typed as the API defines them; a wrong type is a ValidationException. */
    private record Request(ObjectNode json) {
        String string(String field) {
            JsonNode v = json.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                throw SfnException.validation("1 validation error detected: Value at '" + field
                        + "' failed to satisfy constraint: Member must be a string");
            }
            return v.asText();
        }

        String required(String field) {
            String v = string(field);
            if (v == null) {
                throw SfnException.validation("1 validation error detected: Value null at '" + field
                        + "' failed to satisfy constraint: Member must not be null");
            }
            return v;
        }

        int integer(String field) {
            JsonNode v = json.get(field);
            if (v == null || v.isNull()) {
                return 0;
            }
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw SfnException.validation("1 validation error detected: Value at '" + field
                        + "' failed to satisfy constraint: Member must be an integer");
            }
            return v.asInt();
        }

        boolean bool(String field) {
            JsonNode v = json.get(field);
            return v != null && v.asBoolean(false);
        }
    }

    static BigDecimal seconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
    }

    private static ObjectNode object() {
        return Json.object();
    }

    private ObjectNode createStateMachine(Request r) {
        StateMachineRecord m = engine.createStateMachine(r.required("name"), r.required("definition"), r.string("roleArn"),
                r.string("type"));
        ObjectNode out = object();
        out.put("stateMachineArn", m.arn());
        out.put("creationDate", seconds(m.creationDate()));
        return out;
    }

    private ObjectNode updateStateMachine(Request r) {
        StateMachineRecord m = engine.updateStateMachine(r.required("stateMachineArn"), r.string("definition"),
                r.string("roleArn"));
        ObjectNode out = object();
        out.put("updateDate", seconds(m.updateDate()));
        out.put("revisionId", m.revisionId());
        return out;
    }

    private ObjectNode describeStateMachine(Request r) {
        return machine(engine.describeStateMachine(r.required("stateMachineArn")));
    }

    private static ObjectNode machine(StateMachineRecord m) {
        ObjectNode out = object();
        out.put("stateMachineArn", m.arn());
        out.put("name", m.name());
        out.put("status", "ACTIVE");
        out.put("definition", m.definition());
        out.put("roleArn", m.roleArn());
        out.put("type", m.type());
        out.put("creationDate", seconds(m.creationDate()));
        out.putObject("loggingConfiguration").put("level", "OFF").put("includeExecutionData", false);
        out.putObject("tracingConfiguration").put("enabled", false);
        out.put("revisionId", m.revisionId());
        return out;
    }

    private ObjectNode describeStateMachineForExecution(Request r) {
        ExecutionRecord e = engine.describeExecution(r.required("executionArn"));
        StateMachineRecord m = engine.describeStateMachine(e.stateMachineArn());
        ObjectNode out = object();
        out.put("stateMachineArn", m.arn());
        out.put("name", m.name());
        out.put("definition", e.definition());
        out.put("roleArn", m.roleArn());
        out.put("updateDate", seconds(m.updateDate()));
        return out;
    }

    private ObjectNode listStateMachines(Request r) {
        ExecutionStore.Page<StateMachineRecord> page = engine.listStateMachines(r.integer("maxResults"),
                r.string("nextToken"));
        ObjectNode out = object();
        ArrayNode items = out.putArray("stateMachines");
        for (StateMachineRecord m : page.items()) {
            items.addObject().put("stateMachineArn", m.arn()).put("name", m.name()).put("type", m.type())
                    .put("creationDate", seconds(m.creationDate()));
        }
        next(out, page);
        return out;
    }

    private static void next(ObjectNode out, ExecutionStore.Page<?> page) {
        if (page.nextToken() != null) {
            out.put("nextToken", page.nextToken());
        }
    }

    private ObjectNode deleteStateMachine(Request r) {
        engine.deleteStateMachine(r.required("stateMachineArn"));
        return object();
    }

    private ObjectNode startExecution(Request r) {
        ExecutionRecord e = engine.startExecution(r.required("stateMachineArn"), r.string("name"), r.string("input"));
        ObjectNode out = object();
        out.put("executionArn", e.arn());
        out.put("startDate", seconds(e.startDate()));
        return out;
    }

    private ObjectNode describeExecution(Request r) {
        ExecutionRecord e = engine.describeExecution(r.required("executionArn"));
        ObjectNode out = summary(e);
        out.put("input", e.input());
        out.putObject("inputDetails").put("included", true);
        if (e.output() != null) {
            out.put("output", e.output());
            out.putObject("outputDetails").put("included", true);
        }
        if (e.error() != null) {
            out.put("error", e.error());
        }
        if (e.cause() != null) {
            out.put("cause", e.cause());
        }
        return out;
    }

    private static ObjectNode summary(ExecutionRecord e) {
        ObjectNode out = object();
        out.put("executionArn", e.arn());
        out.put("stateMachineArn", e.stateMachineArn());
        out.put("name", e.name());
        out.put("status", e.status());
        out.put("startDate", seconds(e.startDate()));
        if (e.stopDate() != null) {
            out.put("stopDate", seconds(e.stopDate()));
        }
        return out;
    }

    private ObjectNode stopExecution(Request r) {
        ExecutionRecord e = engine.stopExecution(r.required("executionArn"), r.string("error"), r.string("cause"));
        ObjectNode out = object();
        out.put("stopDate", seconds(e.stopDate() == null ? Instant.now() : e.stopDate()));
        return out;
    }

    private ObjectNode listExecutions(Request r) {
        ExecutionStore.Page<ExecutionRecord> page = engine.listExecutions(r.required("stateMachineArn"),
                r.string("statusFilter"), r.integer("maxResults"), r.string("nextToken"));
        ObjectNode out = object();
        ArrayNode items = out.putArray("executions");
        page.items().forEach(e -> items.add(summary(e)));
        next(out, page);
        return out;
    }

    private ObjectNode history(Request r) {
        boolean includeData = !r.json().has("includeExecutionData") || r.bool("includeExecutionData");
        ExecutionStore.Page<JsonNode> page = engine.history(r.required("executionArn"), r.bool("reverseOrder"),
                r.integer("maxResults"), r.string("nextToken"));
        ObjectNode out = object();
        ArrayNode events = out.putArray("events");
        for (JsonNode stored : page.items()) {
            ObjectNode event = stored.deepCopy();
            event.put("timestamp", BigDecimal.valueOf(stored.path("timestamp").asLong()).movePointLeft(3));
            if (!includeData) {
                event.fields().forEachRemaining(f -> {
                    if (f.getValue().isObject()) {
                        ((ObjectNode) f.getValue()).remove(java.util.List.of("input", "output"));
                    }
                });
            }
            events.add(event);
        }
        next(out, page);
        return out;
    }

    private ObjectNode sendTaskSuccess(Request r) {
        engine.sendTaskSuccess(r.required("taskToken"), r.required("output"));
        return object();
    }

    private ObjectNode sendTaskFailure(Request r) {
        engine.sendTaskFailure(r.required("taskToken"), r.string("error"), r.string("cause"));
        return object();
    }

    private ObjectNode sendTaskHeartbeat(Request r) {
        engine.sendTaskHeartbeat(r.required("taskToken"));
        return object();
    }

    private ObjectNode validateDefinition(Request r) {
        ObjectNode out = object();
        ArrayNode diagnostics = out.putArray("diagnostics");
        try {
            Engine.validate(r.required("definition"));
            out.put("result", "OK");
        } catch (SfnException e) {
            if (!e.type().equals("InvalidDefinition")) {
                throw e;
            }
            out.put("result", "FAIL");
            diagnostics.addObject().put("severity", "ERROR").put("code", "SCHEMA_VALIDATION_FAILED")
                    .put("message", e.getMessage());
        }
        return out;
    }
}

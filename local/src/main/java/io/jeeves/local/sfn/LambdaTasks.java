package io.jeeves.local.sfn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.jeeves.asl.AslError;
import io.jeeves.asl.runtime.TaskCall;
import io.jeeves.asl.runtime.TaskInvoker;
import io.jeeves.json.Json;
import io.jeeves.local.lambda.LambdaRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Lambda tasks: a function ARN as the Resource, and {@code arn:aws:states:::lambda:invoke} (plain and
 * {@code .waitForTaskToken}). Functions run in-process through the {@link LambdaRegistry}. A function
 * error surfaces as Step Functions reports it: the error is the function's {@code errorType}, the cause
 * its error document; a missing function is {@code Lambda.ResourceNotFoundException}.
 */
public final class LambdaTasks implements TaskInvoker {
    private final LambdaRegistry registry;

    public LambdaTasks(LambdaRegistry registry) {
        this.registry = registry;
    }

    @Override
    public JsonNode invoke(TaskCall call) {
        if (call.resource().legacyLambda()) {
            return parse(run(call.resource().functionArn(), call.parameters()).payload());
        }
        if (!call.resource().action().equals("invoke")) {
            throw AslError.runtime("Unsupported Lambda integration: " + call.resource().arn());
        }
        JsonNode p = call.parameters();
        JsonNode name = p.get("FunctionName");
        if (name == null || !name.isTextual()) {
            throw new AslError("Lambda.InvalidParameterValueException",
                    "FunctionName is required (Service: Lambda, Status Code: 400)");
        }
        String invocationType = p.path("InvocationType").asText("RequestResponse");
        String function = name.asText();
        if (p.hasNonNull("Qualifier")) {
            function = function + ":" + p.get("Qualifier").asText();
        }
        JsonNode payload = p.has("Payload") ? p.get("Payload") : Json.object();
        if (invocationType.equals("Event")) {
            LambdaRegistry.Function f = function(function);
            Thread t = new Thread(() -> registry.invoke(f, bytes(payload)), "lambda-event-" + f.name());
            t.setDaemon(true);
            t.start();
            return response(202, null, null);
        }
        LambdaRegistry.Result r = run(function, payload);
        return response(200, parse(r.payload()), r.requestId());
    }

    private static byte[] bytes(JsonNode payload) {
        // a string Payload is sent as it is (it is meant to be JSON text), anything else as its JSON
        return payload.isTextual() ? payload.asText().getBytes(StandardCharsets.UTF_8) : Json.writeBytes(payload);
    }

    private LambdaRegistry.Function function(String name) {
        return registry.find(name).orElseThrow(() -> new AslError("Lambda.ResourceNotFoundException",
                "Function not found: " + name + " (Service: AWSLambda; Status Code: 404; Error Code: "
                        + "ResourceNotFoundException)"));
    }

    private LambdaRegistry.Result run(String name, JsonNode payload) {
        LambdaRegistry.Function f = function(name);
        byte[] in = bytes(payload);
        if (in.length > LambdaRegistry.PAYLOAD_LIMIT) {
            throw new AslError("Lambda.RequestTooLargeException", "Request must be smaller than "
                    + LambdaRegistry.PAYLOAD_LIMIT + " bytes for the InvokeFunction operation");
        }
        LambdaRegistry.Result r = registry.invoke(f, in);
        if (r.failed()) {
            String cause = new String(r.payload(), StandardCharsets.UTF_8);
            JsonNode doc = parse(r.payload());
            String error = doc.path("errorType").isTextual() ? doc.get("errorType").asText() : "Lambda.Unknown";
            throw new AslError(error, cause);
        }
        return r;
    }

    /** The function's response as JSON; a response that is not JSON is kept as a string. */
    private static JsonNode parse(byte[] payload) {
        if (payload.length == 0) {
            return Json.MAPPER.nullNode();
        }
        try {
            return Json.read(payload);
        } catch (IOException e) {
            return TextNode.valueOf(new String(payload, StandardCharsets.UTF_8));
        }
    }

    /** The shape of {@code lambda:invoke}'s result: the payload under Payload, with the SDK's metadata. */
    private static ObjectNode response(int status, JsonNode payload, String requestId) {
        ObjectNode out = Json.object();
        out.put("ExecutedVersion", "$LATEST");
        if (payload != null) {
            out.set("Payload", payload);
        }
        ObjectNode http = out.putObject("SdkHttpMetadata");
        ObjectNode headers = http.putObject("HttpHeaders");
        headers.put("Content-Type", "application/json");
        headers.put("X-Amz-Executed-Version", "$LATEST");
        if (requestId != null) {
            headers.put("x-amzn-RequestId", requestId);
        }
        ObjectNode all = http.putObject("AllHttpHeaders");
        headers.fields().forEachRemaining(h -> all.putArray(h.getKey()).add(h.getValue()));
        http.put("HttpStatusCode", status);
        out.putObject("SdkResponseMetadata").put("RequestId", requestId == null ? "" : requestId);
        out.put("StatusCode", status);
        return out;
    }
}

package io.jeeves.local.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the Lambda REST API that SDKs and the AWS CLI need to call the local functions:
 * {@code Invoke} (RequestResponse, Event, DryRun), {@code GetFunction} and {@code ListFunctions}, with
 * Lambda's headers ({@code X-Amz-Function-Error}, {@code X-Amz-Executed-Version}) and error names.
 */
public final class LambdaApi {
    public static final String PREFIX = "/2015-03-31/functions";
    private static final Logger LOG = LoggerFactory.getLogger(LambdaApi.class);
    private static final Pattern INVOKE = Pattern.compile(PREFIX + "/([^/]+)/invocations/?");
    private static final Pattern FUNCTION = Pattern.compile(PREFIX + "/([^/]+)/?");

    /** A reply: status, headers and body bytes. */
    public record Reply(int status, Map<String, String> headers, byte[] body) {
        static Reply json(int status, ObjectNode body) {
            return new Reply(status, Map.of("Content-Type", "application/json"), Json.writeBytes(body));
        }

        static Reply error(int status, String type, String message) {
            ObjectNode body = Json.object();
            body.put("Type", "User");
            body.put("message", message);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put("x-amzn-ErrorType", type);
            return new Reply(status, headers, Json.writeBytes(body));
        }
    }

    private final LambdaRegistry registry;
    private final ExecutorService async;

    /** @param async runs Event (asynchronous) invocations */
    public LambdaApi(LambdaRegistry registry, ExecutorService async) {
        this.registry = registry;
        this.async = async;
    }

    public static boolean handles(String path) {
        return path.startsWith(PREFIX);
    }

    public Reply handle(String method, String path, Map<String, String> headers, byte[] body) {
        Matcher invoke = INVOKE.matcher(path);
        if (invoke.matches()) {
            if (!method.equals("POST")) {
                return Reply.error(405, "MethodNotAllowedException", "Invoke takes POST");
            }
            return invoke(decode(invoke.group(1)), headers.getOrDefault("x-amz-invocation-type", "RequestResponse"),
                    body);
        }
        if (method.equals("GET") && (path.equals(PREFIX) || path.equals(PREFIX + "/"))) {
            return list();
        }
        Matcher function = FUNCTION.matcher(path);
        if (method.equals("GET") && function.matches()) {
            String name = decode(function.group(1));
            return find(name).map(LambdaApi::getFunction).orElseGet(() -> notFound(name));
        }
        return Reply.error(404, "ResourceNotFoundException", "Unsupported Lambda operation: " + method + " " + path);
    }

    private static Reply getFunction(LambdaRegistry.Function f) {
        ObjectNode out = Json.object();
        configurationOf(f, out.putObject("Configuration"));
        out.putObject("Code").put("RepositoryType", "S3").put("Location", "local");
        return Reply.json(200, out);
    }

    private Optional<LambdaRegistry.Function> find(String name) {
        return registry.find(name);
    }

    private static Reply notFound(String name) {
        return Reply.error(404, "ResourceNotFoundException", "Function not found: " + name);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private Reply invoke(String name, String invocationType, byte[] body) {
        Optional<LambdaRegistry.Function> target = find(name);
        if (target.isEmpty()) {
            return notFound(name);
        }
        if (body.length > LambdaRegistry.PAYLOAD_LIMIT) {
            return Reply.error(413, "RequestTooLargeException", "Request must be smaller than "
                    + LambdaRegistry.PAYLOAD_LIMIT + " bytes for the InvokeFunction operation");
        }
        byte[] payload = body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body;
        LambdaRegistry.Function f = target.get();
        switch (invocationType) {
            case "DryRun" -> {
                return new Reply(204, Map.of(), new byte[0]);
            }
            case "Event" -> {
                async.execute(() -> {
                    LambdaRegistry.Result r = registry.invoke(f, payload);
                    if (r.failed()) {
                        LOG.warn("asynchronous invocation of {} failed: {}", f.name(),
                                new String(r.payload(), StandardCharsets.UTF_8));
                    }
                });
                return new Reply(202, Map.of(), new byte[0]);
            }
            case "RequestResponse" -> {
                LambdaRegistry.Result r = registry.invoke(f, payload);
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Content-Type", "application/json");
                headers.put("X-Amz-Executed-Version", r.executedVersion());
                headers.put("x-amzn-RequestId", r.requestId());
                if (r.failed()) {
                    headers.put("X-Amz-Function-Error", r.functionError());
                }
                if (r.payload().length > LambdaRegistry.PAYLOAD_LIMIT) {
                    return Reply.error(502, "ResponseSizeTooLargeException", "Response payload size exceeded maximum "
                            + "allowed payload size (" + LambdaRegistry.PAYLOAD_LIMIT + " bytes).");
                }
                return new Reply(200, headers, r.payload());
            }
            default -> {
                return Reply.error(400, "InvalidParameterValueException", "Unsupported invocation type: "
                        + invocationType);
            }
        }
    }

    private Reply list() {
        ObjectNode out = Json.object();
        ArrayNode functions = out.putArray("Functions");
        registry.functions().stream().sorted(Comparator.comparing(LambdaRegistry.Function::name))
                .forEach(f -> configurationOf(f, functions.addObject()));
        return Reply.json(200, out);
    }

    private static ObjectNode configurationOf(LambdaRegistry.Function f, ObjectNode c) {
        c.put("FunctionName", f.name());
        c.put("FunctionArn", f.arn());
        c.put("Runtime", "java21");
        c.put("Handler", f.handlerClass());
        c.put("Description", f.description());
        c.put("Timeout", f.timeoutSeconds());
        c.put("MemorySize", 1024);
        c.put("Version", "$LATEST");
        c.put("PackageType", "Zip");
        c.put("State", "Active");
        return c;
    }
}

package io.jeeves.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.error.JeevesException;
import io.jeeves.error.PayloadTooLargeException;
import io.jeeves.error.UnauthenticatedException;
import io.jeeves.json.Json;
import io.jeeves.kernel.Caller;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The one place where Lambda events become domain requests and replies become Lambda responses.
 * An API Gateway HTTP API payload v2 event is recognised by {@code version: "2.0"} with
 * {@code requestContext.http}; anything else is a direct invocation whose payload is the RPC body.
 */
public final class EventAdapter {
    /** Largest request body accepted over HTTP; exactly this size is accepted. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    public static final String PROBLEM_BASE = "https://jeeves.dev/problems/";

    private EventAdapter() {
    }

    public static boolean isHttp(JsonNode event) {
        return event != null && event.isObject() && "2.0".equals(event.path("version").asText())
                && event.path("requestContext").path("http").isObject();
    }

    /** Parses an event; errors are JeevesExceptions (over HTTP, after the method and path are known). */
    public static Invocation parse(JsonNode event, String lambdaRequestId) {
        if (!isHttp(event)) {
            if (event == null || !event.isObject()) {
                throw JeevesException.invalidArgument(null, "The payload must be a JSON object");
            }
            return new Invocation(false, null, null, Args.of((ObjectNode) event), Caller.system(), lambdaRequestId);
        }
        JsonNode ctx = event.path("requestContext");
        String requestId = ctx.path("requestId").asText(lambdaRequestId);
        String method = ctx.path("http").path("method").asText();
        String rawPath = event.path("rawPath").asText(ctx.path("http").path("path").asText());
        return new Invocation(true, method, rawPath, null, null, requestId);
    }

    /** Completes an HTTP invocation with its caller and arguments; kept apart so failures still reply as problems. */
    public static Invocation complete(Invocation head, JsonNode event) {
        if (!head.http()) {
            return head;
        }
        Caller caller = caller(event.path("requestContext").path("authorizer").path("jwt"));
        ObjectNode merged = body(event);
        Set<String> textual = new HashSet<>();
        mergeText(merged, event.path("queryStringParameters"), textual, "query");
        mergeText(merged, event.path("pathParameters"), textual, "path");
        return new Invocation(true, head.method(), head.rawPath(), new Args(merged, Set.copyOf(textual), ""), caller,
                head.requestId());
    }

    private static Caller caller(JsonNode jwt) {
        JsonNode claims = jwt.path("claims");
        String sub = claims.path("sub").asText("");
        if (sub.isEmpty()) {
            throw new UnauthenticatedException("A bearer token with a subject is required");
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (jwt.path("scopes").isArray()) {
            jwt.path("scopes").forEach(s -> scopes.add(s.asText()));
        } else {
            String text = claims.path("scope").asText(claims.path("scp").asText(""));
            for (String s : text.split(" ")) {
                if (!s.isBlank()) {
                    scopes.add(s);
                }
            }
        }
        return Caller.user(sub, scopes);
    }

    private static ObjectNode body(JsonNode event) {
        JsonNode bodyNode = event.get("body");
        if (bodyNode == null || bodyNode.isNull() || bodyNode.asText().isEmpty()) {
            return Json.object();
        }
        byte[] bytes = event.path("isBase64Encoded").asBoolean(false)
                ? decode(bodyNode.asText())
                : bodyNode.asText().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new PayloadTooLargeException("The request body is " + bytes.length + " bytes; at most "
                    + MAX_BODY_BYTES + " are accepted");
        }
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw JeevesException.invalidArgument(null, "Malformed JSON body: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw JeevesException.invalidArgument(null, "Unreadable body");
        }
        if (parsed == null || parsed.isMissingNode()) {
            return Json.object();
        }
        if (!parsed.isObject()) {
            throw JeevesException.invalidArgument(null, "The request body must be a JSON object");
        }
        return (ObjectNode) parsed;
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw JeevesException.invalidArgument(null, "The body is not valid base64");
        }
    }

    private static void mergeText(ObjectNode into, JsonNode params, Set<String> textual, String where) {
        if (!params.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = params.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String value = e.getValue().asText();
            JsonNode inBody = into.get(name);
            if (inBody != null && !textual.contains(name) && !(inBody.isTextual() && inBody.textValue().equals(value))) {
                throw JeevesException.invalidArgument(name, name + " in the body does not match the " + where);
            }
            into.put(name, value);
            textual.add(name);
        }
    }

    /** The Lambda response for a successful reply. */
    public static JsonNode success(Invocation inv, Reply reply) {
        Reply.Raw raw = reply.body() instanceof Reply.Raw r ? r : null;
        if (!inv.http()) {
            if (raw != null) {
                return Json.object().put("content_type", raw.contentType())
                        .put("content_base64", Base64.getEncoder().encodeToString(raw.bytes()));
            }
            return Json.tree(reply.body());
        }
        ObjectNode out = Json.object();
        out.put("statusCode", reply.status());
        ObjectNode headers = out.putObject("headers");
        headers.put("content-type", raw == null ? "application/json" : raw.contentType());
        headers.put("cache-control", "no-store");
        headers.put("x-request-id", inv.requestId());
        if (raw != null) {
            headers.put("x-content-type-options", "nosniff"); // stored content is served, never interpreted
        }
        reply.headers().forEach(headers::put);
        if (raw != null) {
            out.put("body", Base64.getEncoder().encodeToString(raw.bytes()));
            out.put("isBase64Encoded", true);
        } else {
            out.put("body", Json.write(reply.body()));
            out.put("isBase64Encoded", false);
        }
        return out;
    }

    /** An RFC 7807 problem response. */
    public static JsonNode problem(Invocation inv, JeevesException e) {
        ObjectNode body = Json.object();
        body.put("type", PROBLEM_BASE + e.code().slug());
        body.put("title", e.code().title());
        body.put("status", e.code().httpStatus());
        body.put("detail", e.getMessage());
        body.put("code", e.code().name());
        if (e.field() != null) {
            body.put("field", e.field());
        }
        if (inv.rawPath() != null) {
            body.put("instance", inv.rawPath());
        }
        body.put("request_id", inv.requestId());
        if (e.retryAfterSeconds() != null) {
            body.put("retry_after_seconds", e.retryAfterSeconds());
        }
        ObjectNode out = Json.object();
        out.put("statusCode", e.code().httpStatus());
        ObjectNode headers = out.putObject("headers");
        headers.put("content-type", "application/problem+json");
        headers.put("cache-control", "no-store");
        headers.put("x-request-id", inv.requestId());
        if (e.retryAfterSeconds() != null) {
            headers.put("retry-after", Long.toString(e.retryAfterSeconds()));
        }
        out.put("body", Json.write(body));
        out.put("isBase64Encoded", false);
        return out;
    }
}

package io.jeeves.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.jeeves.catalog.RouteSpec;
import io.jeeves.json.Json;
import io.jeeves.local.lambda.LambdaRegistry;
import io.jeeves.runtime.HttpApiEvent;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An API Gateway HTTP API in miniature: routes from the catalog, a JWT authorizer with per-route
 * scopes, the payload v2 event, and the Lambda proxy response turned back into HTTP. Gateway-level
 * refusals look like API Gateway's own ({@code {"message": "Unauthorized"}} and so on); everything
 * else is the function's reply, byte for byte.
 */
final class LocalApiGateway {
    private static final Logger LOG = LoggerFactory.getLogger(LocalApiGateway.class);
    /** API Gateway HTTP APIs accept payloads up to 10 MB. */
    static final int MAX_PAYLOAD = 10 * 1024 * 1024;

    private final RouteTable routes;
    private final LambdaRegistry functions;
    private final String prefix;
    private final Jwt jwt;
    private LocalHttpServer server;

    LocalApiGateway(RouteTable routes, LambdaRegistry functions, String prefix, Jwt jwt) {
        this.routes = routes;
        this.functions = functions;
        this.prefix = prefix;
        this.jwt = jwt;
    }

    int start(String host, int port) throws IOException {
        server = LocalHttpServer.start(host, port, Math.max(64, Runtime.getRuntime().availableProcessors() * 8),
                "jeeves-api", this::handle);
        return server.port();
    }

    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            if (path.startsWith("/local/")) {
                local(ex, path);
                return;
            }
            byte[] body = LocalHttpServer.readBody(ex.getRequestBody(), MAX_PAYLOAD);
            if (body == null) {
                message(ex, 413, "Request Entity Too Large");
                return;
            }
            Optional<RouteTable.Match> match = routes.match(ex.getRequestMethod(), path);
            if (match.isEmpty()) {
                message(ex, 404, "Not Found");
                return;
            }
            RouteTable.Match m = match.get();
            Optional<JsonNode> claims = bearer(ex).flatMap(jwt::verify);
            if (claims.isEmpty()) {
                ex.getResponseHeaders().add("www-authenticate", "Bearer");
                message(ex, 401, "Unauthorized");
                return;
            }
            List<String> scopes = scopes(claims.get());
            RouteSpec route = m.route();
            if (!route.scopes().isEmpty() && route.scopes().stream().noneMatch(scopes::contains)) {
                message(ex, 403, "Forbidden");
                return;
            }
            HttpApiEvent event = new HttpApiEvent().route(route.routeKey(), route.method(), path)
                    .requestId(UUID.randomUUID().toString())
                    .sourceIp(ex.getRemoteAddress().getAddress().getHostAddress())
                    .authorizer(stringClaims(claims.get()), route.scopes().isEmpty() ? null : scopes)
                    .body(body.length == 0 ? null : body);
            ex.getRequestHeaders().forEach((name, values) -> values.forEach(v -> event.header(name, v)));
            String rawQuery = ex.getRequestURI().getRawQuery();
            event.rawQuery(rawQuery);
            query(rawQuery).forEach((k, vs) -> vs.forEach(v -> event.query(k, v)));
            m.pathParameters().forEach(event::pathParameter);
            byte[] response;
            try {
                LambdaRegistry.Function target = functions.find(prefix + m.function().name()).orElseThrow();
                response = functions.invokeOrThrow(target, Json.writeBytes(event.toJson()));
            } catch (RuntimeException e) {
                LOG.error("{} failed", m.function().name(), e);
                message(ex, 500, "Internal Server Error");
                return;
            }
            proxyResponse(ex, Json.MAPPER.readTree(response));
        } catch (IOException | RuntimeException e) {
            LOG.error("request failed", e);
            throw e;
        }
    }

    private void local(HttpExchange ex, String path) throws IOException {
        switch (ex.getRequestMethod() + " " + path) {
            case "POST /local/token" -> token(ex);
            case "GET /local/.well-known/jwks.json" -> json(ex, 200, jwt.jwks());
            case "GET /local/health" -> {
                ObjectNode ok = Json.object();
                ok.put("status", "ok");
                json(ex, 200, ok);
            }
            default -> message(ex, 404, "Not Found");
        }
    }

    /** {@code POST /local/token {"sub": "...", "scopes": [...], "ttl_seconds": 3600}}: a signed bearer token. */
    private void token(HttpExchange ex) throws IOException {
        byte[] body = LocalHttpServer.readBody(ex.getRequestBody(), MAX_PAYLOAD);
        JsonNode req;
        try {
            req = body == null || body.length == 0 ? Json.object() : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            tokenError(ex, "the body must be JSON");
            return;
        }
        String sub = req.path("sub").isTextual() ? req.path("sub").asText() : "";
        if (sub.isEmpty()) {
            tokenError(ex, "sub is required (a non-empty string)");
            return;
        }
        List<String> scopes = new ArrayList<>();
        if (req.has("scopes")) {
            if (!req.path("scopes").isArray()) {
                tokenError(ex, "scopes must be an array of strings");
                return;
            }
            for (JsonNode s : req.path("scopes")) {
                if (!s.isTextual() || s.asText().isBlank() || s.asText().contains(" ")) {
                    tokenError(ex, "scopes must be an array of strings without spaces");
                    return;
                }
                scopes.add(s.asText());
            }
        }
        long ttl = req.path("ttl_seconds").asLong(3600);
        if (ttl < 1 || ttl > 86_400) {
            tokenError(ex, "ttl_seconds must be between 1 and 86400");
            return;
        }
        ObjectNode out = Json.object();
        out.put("access_token", jwt.issue(sub, scopes, ttl));
        out.put("token_type", "Bearer");
        out.put("expires_in", ttl);
        out.put("scope", String.join(" ", scopes));
        json(ex, 200, out);
    }

    private static void tokenError(HttpExchange ex, String detail) throws IOException {
        ObjectNode p = Json.object();
        p.put("type", "https://jeeves.dev/problems/invalid-argument");
        p.put("title", "Invalid argument");
        p.put("status", 400);
        p.put("detail", detail);
        p.put("code", "INVALID_ARGUMENT");
        byte[] bytes = Json.writeBytes(p);
        ex.getResponseHeaders().add("content-type", "application/problem+json");
        ex.sendResponseHeaders(400, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static Optional<String> bearer(HttpExchange ex) {
        String h = ex.getRequestHeaders().getFirst("authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(h.substring(7).trim());
    }

    private static List<String> scopes(JsonNode claims) {
        List<String> out = new ArrayList<>();
        for (String s : claims.path("scope").asText("").split(" ")) {
            if (!s.isBlank()) {
                out.add(s);
            }
        }
        return out;
    }

    /** API Gateway hands claims to the function as strings; arrays look like "[a b]". */
    private static Map<String, String> stringClaims(JsonNode claims) {
        Map<String, String> out = new LinkedHashMap<>();
        claims.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(i -> items.add(i.asText()));
                out.put(e.getKey(), "[" + String.join(" ", items) + "]");
            } else {
                out.put(e.getKey(), v.isTextual() ? v.asText() : v.toString());
            }
        });
        return out;
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static void proxyResponse(HttpExchange ex, JsonNode r) throws IOException {
        int status = r.path("statusCode").asInt(200);
        r.path("headers").fields().forEachRemaining(h -> ex.getResponseHeaders().add(h.getKey(), h.getValue().asText()));
        String body = r.path("body").asText("");
        byte[] bytes = r.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("apigw-requestid", UUID.randomUUID().toString());
        LocalHttpServer.send(ex, status, bytes);
    }

    private static void message(HttpExchange ex, int status, String message) throws IOException {
        ObjectNode m = Json.object();
        m.put("message", message);
        json(ex, status, m);
    }

    private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        ex.getResponseHeaders().add("content-type", "application/json");
        LocalHttpServer.send(ex, status, Json.writeBytes(body));
    }

}

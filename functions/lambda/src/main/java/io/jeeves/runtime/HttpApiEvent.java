package io.jeeves.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.catalog.RouteSpec;
import io.jeeves.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the API Gateway HTTP API payload v2 event that AWS delivers to a Lambda integration, with a
 * JWT authorizer's context: used by the local stack for every request, and by tests.
 */
public final class HttpApiEvent {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private String routeKey = "$default";
    private String method = "GET";
    private String rawPath = "/";
    private String rawQueryString = "";
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private final Map<String, String> pathParameters = new LinkedHashMap<>();
    private Map<String, String> claims;
    private List<String> scopes;
    private byte[] body;
    private String sourceIp = "127.0.0.1";
    private String requestId = UUID.randomUUID().toString();

    public HttpApiEvent route(String routeKey, String method, String rawPath) {
        this.routeKey = routeKey;
        this.method = method;
        this.rawPath = rawPath;
        return this;
    }

    /** The route's key, method and path, with the path parameters filled in. */
    public HttpApiEvent route(RouteSpec route, Map<String, String> pathParameters) {
        String raw = route.path();
        for (var e : pathParameters.entrySet()) {
            raw = raw.replace("{" + e.getKey() + "}", e.getValue());
            pathParameter(e.getKey(), e.getValue());
        }
        return route(route.routeKey(), route.method(), raw);
    }

    /**
     * A caller authenticated by the JWT authorizer: claims {@code sub} and {@code scope}; API Gateway
     * fills {@code scopes} only on routes that require scopes.
     */
    public HttpApiEvent caller(String subject, List<String> scopeList, RouteSpec route) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("sub", subject);
        c.put("scope", String.join(" ", scopeList));
        return authorizer(c, route.scopes().isEmpty() ? null : scopeList);
    }

    /** The raw query string; its parameters are decoded by the caller and given with {@link #query}. */
    public HttpApiEvent rawQuery(String raw) {
        this.rawQueryString = raw == null ? "" : raw;
        return this;
    }

    /** A query parameter; repeated names are joined with commas, as API Gateway does. */
    public HttpApiEvent query(String name, String value) {
        query.merge(name, value, (a, b) -> a + "," + b);
        return this;
    }

    public HttpApiEvent pathParameter(String name, String value) {
        pathParameters.put(name, value);
        return this;
    }

    /** A header; names are lower-cased and repeated values joined with commas, as API Gateway does. */
    public HttpApiEvent header(String name, String value) {
        headers.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + "," + b);
        return this;
    }

    /** The JWT authorizer's output: claims as strings, and the scopes when the route requires scopes. */
    public HttpApiEvent authorizer(Map<String, String> claims, List<String> scopes) {
        this.claims = claims;
        this.scopes = scopes;
        return this;
    }

    public HttpApiEvent body(byte[] body) {
        this.body = body;
        return this;
    }

    public HttpApiEvent body(String body) {
        return body(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    public HttpApiEvent sourceIp(String ip) {
        this.sourceIp = ip;
        return this;
    }

    public HttpApiEvent requestId(String id) {
        this.requestId = id;
        return this;
    }

    public ObjectNode toJson() {
        Instant now = Instant.now();
        ObjectNode e = Json.object();
        e.put("version", "2.0");
        e.put("routeKey", routeKey);
        e.put("rawPath", rawPath);
        e.put("rawQueryString", rawQueryString);
        ObjectNode h = e.putObject("headers");
        headers.forEach(h::put);
        if (!query.isEmpty()) {
            ObjectNode q = e.putObject("queryStringParameters");
            query.forEach(q::put);
        }
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("accountId", InProcessContext.ACCOUNT);
        ctx.put("apiId", "local");
        if (claims != null) {
            ObjectNode jwt = ctx.putObject("authorizer").putObject("jwt");
            ObjectNode c = jwt.putObject("claims");
            claims.forEach(c::put);
            if (scopes == null) {
                jwt.putNull("scopes");
            } else {
                ArrayNode s = jwt.putArray("scopes");
                scopes.forEach(s::add);
            }
        }
        ctx.put("domainName", headers.getOrDefault("host", "localhost"));
        ctx.put("domainPrefix", "localhost");
        ObjectNode http = ctx.putObject("http");
        http.put("method", method);
        http.put("path", rawPath);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", sourceIp);
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        ctx.put("requestId", requestId);
        ctx.put("routeKey", routeKey);
        ctx.put("stage", "$default");
        ctx.put("time", TIME.format(now));
        ctx.put("timeEpoch", now.toEpochMilli());
        if (!pathParameters.isEmpty()) {
            ObjectNode p = e.putObject("pathParameters");
            pathParameters.forEach(p::put);
        }
        if (body != null) {
            boolean text = isUtf8Text(body);
            e.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            e.put("isBase64Encoded", !text);
        } else {
            e.put("isBase64Encoded", false);
        }
        return e;
    }

    private static boolean isUtf8Text(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}

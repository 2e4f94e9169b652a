package io.jeeves.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The benchmarks' HTTP client of the local stack's API: JSON in and out, tokens from its token endpoint. */
final class ApiCalls {
    private final URI api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiCalls(URI api) {
        this.api = api;
    }

    /** The reply's JSON body with its status added as {@code _status}. */
    JsonNode call(String method, String path, String token, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = r.body().isEmpty() ? Json.object() : Json.read(r.body());
        ((ObjectNode) node).put("_status", r.statusCode());
        return node;
    }

    /** As {@link #call}, failing on any status but 2xx. */
    JsonNode ok(String method, String path, String token, Object body) throws IOException, InterruptedException {
        JsonNode r = call(method, path, token, body);
        if (r.path("_status").asInt() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + r);
        }
        return r;
    }

    String token(String sub, String... scopes) throws IOException, InterruptedException {
        return call("POST", "/local/token", null, Map.of("sub", sub, "scopes", List.of(scopes))).path("access_token").asText();
    }
}

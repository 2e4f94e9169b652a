package io.jeeves.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A plain HTTP client for the local stack, as any user of the API would have. */
final class ApiClient {
    record Reply(int status, HttpResponse<String> raw, JsonNode body) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(URI base) {
        this.base = base;
    }

    String token(String sub, String... scopes) {
        Reply r = send("POST", "/local/token", null, Map.of("sub", sub, "scopes", List.of(scopes)));
        if (r.status() != 200) {
            throw new IllegalStateException("token: " + r.raw().body());
        }
        return r.body().path("access_token").asText();
    }

    Reply send(String method, String path, String token, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        String json = body == null ? null : body instanceof String s ? s : Json.write(body);
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("content-type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = r.body().isEmpty() ? Json.object() : Json.read(r.body());
            return new Reply(r.statusCode(), r, parsed);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply get(String path, String token) {
        return send("GET", path, token, null);
    }

    Reply post(String path, String token, Object body) {
        return send("POST", path, token, body);
    }
}

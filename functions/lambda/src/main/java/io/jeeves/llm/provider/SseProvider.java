package io.jeeves.llm.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.json.Json;
import io.jeeves.llm.LlmListener;
import io.jeeves.llm.LlmProvider;
import io.jeeves.llm.LlmRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;

/** A provider that POSTs JSON to one endpoint and reads its reply from server-sent events. */
abstract class SseProvider implements LlmProvider {
    private final String name;
    private final URI endpoint;
    private final Map<String, String> headers;
    private final HttpStreams http;

    /** @param base the API's base URL; {@code path} is appended to it (trailing slashes dropped) */
    SseProvider(String name, URI base, String path, Map<String, String> headers, HttpClient client, long maxResponseBytes) {
        this.name = name;
        this.endpoint = URI.create(base.toString().replaceAll("/+$", "") + path);
        this.headers = Map.copyOf(headers);
        this.http = new HttpStreams(client, maxResponseBytes, name);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final void stream(LlmRequest request, LlmListener listener) {
        http.stream(endpoint, headers, Json.writeBytes(body(request)), request.timeout(), reply(listener));
    }

    /** Reads a reply from a recorded stream arriving in {@code pieces}, as {@link #stream} does (for tests). */
    final void decode(List<byte[]> pieces, LlmListener listener) {
        HttpStreams.decode(pieces, reply(listener));
    }

    /** The request's JSON body in the backend's format. */
    abstract ObjectNode body(LlmRequest request);

    /** A reply that turns the backend's events into the listener's. */
    abstract HttpStreams.Reply reply(LlmListener listener);
}

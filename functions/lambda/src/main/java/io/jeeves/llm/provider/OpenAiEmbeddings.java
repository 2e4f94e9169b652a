package io.jeeves.llm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.json.Json;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import io.jeeves.llm.embedding.EmbeddingProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI-compatible embeddings ({@code POST {base}/embeddings}: OpenAI, Azure, Ollama, vLLM, LiteLLM), with
 * the chat adapters' failure mapping.
 */
public final class OpenAiEmbeddings implements EmbeddingProvider {
    public static final String NAME = "openai";
    private final URI endpoint;
    private final String model;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final HttpStreams http;

    public OpenAiEmbeddings(URI baseUrl, String model, String apiKey, Duration timeout, HttpClient client) {
        URI base = baseUrl == null ? OpenAiProvider.DEFAULT_BASE_URL : baseUrl;
        this.endpoint = URI.create(base.toString().replaceAll("/+$", "") + "/embeddings");
        this.model = model;
        this.headers = apiKey == null ? Map.of() : Map.of("authorization", "Bearer " + apiKey);
        this.timeout = timeout;
        this.http = new HttpStreams(client, HttpStreams.DEFAULT_MAX_BYTES, NAME);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        ObjectNode body = Json.object().put("model", model).put("encoding_format", "float");
        texts.forEach(body.putArray("input")::add);
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(http.postForBody(endpoint, headers, Json.writeBytes(body), timeout));
        } catch (IOException e) {
            throw LlmException.of(LlmErrorType.PARSE, "the openai embeddings answer is not JSON");
        }
        JsonNode data = answer.path("data");
        if (data.size() != texts.size()) {
            throw LlmException.of(LlmErrorType.PARSE, "the openai embeddings answer holds " + data.size() + " vectors for "
                    + texts.size() + " texts");
        }
        float[][] out = new float[texts.size()][];
        for (JsonNode d : data) {
            int index = d.path("index").asInt(-1);
            JsonNode e = d.path("embedding");
            if (index < 0 || index >= out.length || !e.isArray() || e.isEmpty()) {
                throw LlmException.of(LlmErrorType.PARSE, "the openai embeddings answer has a malformed vector");
            }
            float[] v = new float[e.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) e.get(i).asDouble();
            }
            out[index] = v;
        }
        return new ArrayList<>(List.of(out));
    }
}

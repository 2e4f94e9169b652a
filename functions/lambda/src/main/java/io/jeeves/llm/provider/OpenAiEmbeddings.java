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
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * OpenAI-compatible embeddings ({@code POST {base}/embeddings}: OpenAI, Azure, Ollama, vLLM, LiteLLM): the texts
 * in one request, the vectors back by their {@code index}, with the chat adapters' transport and failure mapping
 * (no retries: the caller decides). {@code dimensions} is sent only when configured: text-embedding-3 models
 * shorten their vectors to it, other servers may not know the field.
 */
public final class OpenAiEmbeddings implements EmbeddingProvider {
    public static final String NAME = "openai";
    private final URI endpoint;
    private final String model;
    private final int dimensions;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final HttpStreams http;

    /** @param dimensions the vectors' length, or 0 for the model's own */
    public OpenAiEmbeddings(URI baseUrl, String model, int dimensions, String apiKey, Duration timeout, HttpClient client) {
        URI base = baseUrl == null ? OpenAiProvider.DEFAULT_BASE_URL : baseUrl;
        this.endpoint = URI.create(base.toString().replaceAll("/+$", "") + "/embeddings");
        this.model = model;
        this.dimensions = dimensions;
        this.headers = apiKey == null ? Map.of() : Map.of("authorization", "Bearer " + apiKey);
        this.timeout = timeout;
        this.http = new HttpStreams(client, HttpStreams.DEFAULT_MAX_BYTES, NAME);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        EmbeddingProvider.checked(texts);
        ObjectNode body = Json.object().put("model", model).put("encoding_format", "float");
        if (dimensions > 0) {
            body.put("dimensions", dimensions);
        }
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
            if (index < 0 || index >= out.length || out[index] != null) {
                throw LlmException.of(LlmErrorType.PARSE, "the openai embeddings answer has a vector of index "
                        + d.path("index") + " for " + texts.size() + " texts");
            }
            out[index] = EmbeddingVectors.floats(d.path("embedding"), NAME, dimensions);
        }
        return Arrays.asList(out);
    }
}

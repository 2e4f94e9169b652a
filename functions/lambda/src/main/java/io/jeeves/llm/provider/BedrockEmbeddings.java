package io.jeeves.llm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import io.jeeves.llm.embedding.EmbeddingProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;

/**
 * Amazon Titan text embeddings on Bedrock ({@code amazon.titan-embed-text-v2:0} and its kin): one InvokeModel
 * per text, {@code {"inputText": ...}} in, {@code {"embedding": [...]}} out, through the same SDK client as
 * the chat provider; failures mapped as it maps them.
 */
public final class BedrockEmbeddings implements EmbeddingProvider {
    public static final String NAME = "bedrock";
    private final BedrockRuntimeAsyncClient client;
    private final String model;
    private final Duration timeout;

    public BedrockEmbeddings(BedrockRuntimeAsyncClient client, String model, Duration timeout) {
        this.client = client;
        this.model = model;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            byte[] body = Json.writeBytes(Json.object().put("inputText", text));
            byte[] answer;
            try {
                answer = client.invokeModel(InvokeModelRequest.builder().modelId(model).contentType("application/json")
                        .accept("application/json").body(SdkBytes.fromByteArray(body)).build())
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).body().asByteArray();
            } catch (ExecutionException e) {
                throw BedrockProvider.error(e.getCause());
            } catch (TimeoutException e) {
                throw LlmException.of(LlmErrorType.TIMEOUT, "bedrock did not answer within " + timeout.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw LlmException.of(LlmErrorType.CONNECTION, "interrupted while calling bedrock");
            }
            out.add(vector(answer));
        }
        return out;
    }

    private static float[] vector(byte[] answer) {
        JsonNode e;
        try {
            e = Json.MAPPER.readTree(answer).path("embedding");
        } catch (IOException ex) {
            throw LlmException.of(LlmErrorType.PARSE, "the bedrock embeddings answer is not JSON");
        }
        if (!e.isArray() || e.isEmpty()) {
            throw LlmException.of(LlmErrorType.PARSE, "the bedrock embeddings answer has no embedding");
        }
        float[] v = new float[e.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) e.get(i).asDouble();
        }
        return v;
    }
}

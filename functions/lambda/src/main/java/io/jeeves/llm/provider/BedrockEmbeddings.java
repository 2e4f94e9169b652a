package io.jeeves.llm.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.json.Json;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import io.jeeves.llm.embedding.EmbeddingProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

/**
 * Amazon Titan text embeddings on Bedrock ({@code amazon.titan-embed-text-v2:0} and its kin): one InvokeModel
 * per text, {@code {"inputText": ...}} in ({@code "dimensions"} too when configured: 256, 512 or 1024 for v2),
 * {@code {"embedding": [...]}} out, through the same SDK client as the chat provider (no SDK retries); failures
 * mapped as it maps them ({@link BedrockErrors}).
 */
public final class BedrockEmbeddings implements EmbeddingProvider {
    public static final String NAME = "bedrock";
    private final BedrockRuntimeAsyncClient client;
    private final String model;
    private final int dimensions;
    private final Duration timeout;

    /** @param dimensions the vectors' length, or 0 for the model's own */
    public BedrockEmbeddings(BedrockRuntimeAsyncClient client, String model, int dimensions, Duration timeout) {
        this.client = client;
        this.model = model;
        this.dimensions = dimensions;
        this.timeout = timeout;
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
        List<float[]> out = new ArrayList<>(texts.size());
        for (String text : EmbeddingProvider.checked(texts)) {
            ObjectNode body = Json.object().put("inputText", text);
            if (dimensions > 0) {
                body.put("dimensions", dimensions);
            }
            out.add(vector(invoke(Json.writeBytes(body))));
        }
        return out;
    }

    /** One InvokeModel, waited for at most the time-out (then abandoned: its connection is closed). */
    private byte[] invoke(byte[] body) {
        CompletableFuture<InvokeModelResponse> call = client.invokeModel(InvokeModelRequest.builder().modelId(model)
                .contentType("application/json").accept("application/json").body(SdkBytes.fromByteArray(body)).build());
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS).body().asByteArray();
        } catch (ExecutionException e) {
            throw BedrockErrors.of(e.getCause());
        } catch (TimeoutException e) {
            call.cancel(true);
            throw LlmException.of(LlmErrorType.TIMEOUT, "bedrock did not answer within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw LlmException.of(LlmErrorType.CONNECTION, "interrupted while calling bedrock");
        }
    }

    private float[] vector(byte[] answer) {
        try {
            return EmbeddingVectors.floats(Json.MAPPER.readTree(answer).path("embedding"), NAME, dimensions);
        } catch (IOException ex) {
            throw LlmException.of(LlmErrorType.PARSE, "the bedrock embeddings answer is not JSON");
        }
    }
}

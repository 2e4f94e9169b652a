package io.jeeves.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.jeeves.json.Json;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import io.jeeves.testing.LlmTestServer;
import io.jeeves.testing.LlmTestServer.Answer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/** Titan embeddings through the real SDK's InvokeModel against a local endpoint. */
class BedrockEmbeddingsTest {
    static LlmTestServer server;
    static BedrockRuntimeAsyncClient client;

    @BeforeAll
    static void start() {
        server = new LlmTestServer();
        client = BedrockProvider.client("us-east-1", java.net.URI.create("http://127.0.0.1:" + server.baseUrl().getPort()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void oneInvokeModelPerTextAndFailuresInTheTaxonomy() throws Exception {
        server.answering(r -> Answer.of(200, "application/json",
                "{\"embedding\":[0.25,-0.5,1.0],\"inputTextTokenCount\":4}"));
        BedrockEmbeddings e = new BedrockEmbeddings(client, "amazon.titan-embed-text-v2:0", Duration.ofSeconds(5));
        int before = server.requests();
        List<float[]> v = e.embed(List.of("one", "two"));
        assertThat(v).hasSize(2);
        assertThat(v.get(1)).containsExactly(0.25f, -0.5f, 1.0f);
        assertThat(server.requests() - before).isEqualTo(2);
        LlmTestServer.Received r = server.received().get(server.requests() - 1);
        assertThat(r.path()).isEqualTo("/model/amazon.titan-embed-text-v2:0/invoke");
        assertThat(Json.read(r.text()).path("inputText").asText()).isEqualTo("two");
        assertThat(r.header("authorization")).startsWith("AWS4-HMAC-SHA256");

        server.answering(q -> Answer.of(429, "application/json", "{\"message\":\"slow down\"}")
                .withHeader("x-amzn-ErrorType", "ThrottlingException"));
        assertThat(failure(e)).isEqualTo(LlmErrorType.RATE_LIMITED);
        server.answering(q -> Answer.of(200, "application/json", "{\"nothing\":true}"));
        assertThat(failure(e)).isEqualTo(LlmErrorType.PARSE);
    }

    private static LlmErrorType failure(BedrockEmbeddings e) {
        try {
            e.embed(List.of("x"));
        } catch (LlmException ex) {
            return ex.type();
        }
        throw new AssertionError("no failure");
    }
}

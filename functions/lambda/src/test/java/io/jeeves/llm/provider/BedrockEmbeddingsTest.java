package io.jeeves.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.InvalidArgumentException;
import io.jeeves.json.Json;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import io.jeeves.testing.LlmTestServer;
import io.jeeves.testing.LlmTestServer.Answer;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/**
 * Titan embeddings through the real SDK's InvokeModel (plain JSON over HTTP/1.1, SigV4-signed with static
 * credentials) against a local endpoint.
 */
class BedrockEmbeddingsTest {
    static final String MODEL = "amazon.titan-embed-text-v2:0";
    static LlmTestServer server;
    static BedrockRuntimeAsyncClient client;

    @BeforeAll
    static void start() {
        server = new LlmTestServer();
        client = BedrockProvider.client("us-east-1", URI.create("http://127.0.0.1:" + server.baseUrl().getPort()),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    static BedrockEmbeddings embeddings(int dimensions, Duration timeout) {
        return new BedrockEmbeddings(client, MODEL, dimensions, timeout);
    }

    static LlmException failure(Answer a, Duration timeout) {
        server.answering(r -> a);
        try {
            embeddings(0, timeout).embed(List.of("x"));
        } catch (LlmException e) {
            return e;
        }
        throw new AssertionError("no failure");
    }

    /** An error as Bedrock answers one: its type in a header, a message in the body. */
    static Answer error(int status, String type, String message) {
        return Answer.of(status, "application/json", "{\"message\":\"" + message + "\"}")
                .withHeader("x-amzn-ErrorType", type + ":http://internal.amazon.com/");
    }

    @Test
    void oneSignedInvokeModelPerText() throws Exception {
        server.answering(r -> Answer.of(200, "application/json",
                "{\"embedding\":[0.25,-0.5,1.0],\"inputTextTokenCount\":4}"));
        int before = server.requests();
        List<float[]> v = embeddings(0, Duration.ofSeconds(5)).embed(List.of("one", "two"));
        assertThat(v).hasSize(2);
        assertThat(v.get(1)).containsExactly(0.25f, -0.5f, 1.0f);
        assertThat(server.requests() - before).isEqualTo(2);
        LlmTestServer.Received r = server.received().get(server.requests() - 1);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/model/" + MODEL + "/invoke");
        assertThat(Json.read(r.text()).path("inputText").asText()).isEqualTo("two");
        assertThat(Json.read(r.text()).has("dimensions")).isFalse();
        assertThat(r.header("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/");
    }

    @Test
    void configuredDimensionsAreAskedForAndChecked() throws Exception {
        server.answering(r -> Answer.of(200, "application/json", "{\"embedding\":[0.6,0.8]}"));
        assertThat(embeddings(2, Duration.ofSeconds(5)).embedOne("x")).containsExactly(0.6f, 0.8f);
        assertThat(Json.read(server.received().get(server.requests() - 1).text()).path("dimensions").asInt()).isEqualTo(2);
        assertThatThrownBy(() -> embeddings(256, Duration.ofSeconds(5)).embed(List.of("x")))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.type()).isEqualTo(LlmErrorType.MISCONFIGURED));
        int before = server.requests();
        assertThatThrownBy(() -> embeddings(0, Duration.ofSeconds(5)).embed(Collections.nCopies(101, "x")))
                .isInstanceOf(InvalidArgumentException.class);
        assertThat(server.requests()).as("nothing sent for a batch past the bound").isEqualTo(before);
    }

    @Test
    void failuresMapToTheTaxonomy() {
        assertThat(failure(error(429, "ThrottlingException", "slow down"), Duration.ofSeconds(5)).type())
                .isEqualTo(LlmErrorType.RATE_LIMITED);
        LlmException internal = failure(error(500, "InternalServerException", "oops"), Duration.ofSeconds(5));
        assertThat(internal.type()).isEqualTo(LlmErrorType.BACKEND);
        assertThat(internal.retryable()).isTrue();
        assertThat(failure(error(400, "ValidationException", "too long"), Duration.ofSeconds(5)).type())
                .isEqualTo(LlmErrorType.INVALID_REQUEST);
        assertThat(failure(Answer.of(200, "application/json", "{\"nothing\":true}"), Duration.ofSeconds(5)).type())
                .isEqualTo(LlmErrorType.PARSE);
        assertThat(failure(Answer.of(200, "application/json", "{\"embedding\":"), Duration.ofSeconds(5)).type())
                .isEqualTo(LlmErrorType.PARSE);
    }

    @Test
    void aRefusedIdentityIsMisconfiguredWithoutTheAnswersText() {
        String denied = "User: arn:aws:iam::123456789012:user/ci is not authorized to perform: bedrock:InvokeModel";
        for (Answer a : List.of(error(403, "AccessDeniedException", denied),
                error(403, "UnrecognizedClientException", denied))) {
            LlmException e = failure(a, Duration.ofSeconds(5));
            assertThat(e.type()).isEqualTo(LlmErrorType.MISCONFIGURED);
            assertThat(e.getMessage()).doesNotContain("arn:aws").doesNotContain("123456789012").contains("credentials");
        }
    }

    @Test
    void aSlowModelTimesOut() {
        long t0 = System.nanoTime();
        LlmException e = failure(Answer.of(200, "application/json", "{\"embedding\":[1]}").withPause(2000),
                Duration.ofMillis(300));
        assertThat(e.type()).isEqualTo(LlmErrorType.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1500));
    }
}

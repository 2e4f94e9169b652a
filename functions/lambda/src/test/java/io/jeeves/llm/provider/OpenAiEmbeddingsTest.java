package io.jeeves.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.error.InvalidArgumentException;
import io.jeeves.json.Json;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import io.jeeves.testing.LlmTestServer;
import io.jeeves.testing.LlmTestServer.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OpenAI-compatible embeddings against a local server speaking the real format. */
class OpenAiEmbeddingsTest {
    static final String KEY = "sk-embed-0123456789abcdefghijklmnop";
    static final HttpClient CLIENT = Providers.httpClient();
    static LlmTestServer server;

    @BeforeAll
    static void start() {
        server = new LlmTestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static OpenAiEmbeddings embeddings(int dimensions, Duration timeout) {
        return new OpenAiEmbeddings(server.baseUrl(), "text-embedding-3-small", dimensions, KEY, timeout, CLIENT);
    }

    /** The failure of one call answered by {@code a}; its message never holds the key. */
    static LlmException failure(Answer a, Duration timeout) {
        server.answering(r -> a);
        try {
            embeddings(0, timeout).embed(List.of("x"));
        } catch (LlmException e) {
            assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("Bearer");
            return e;
        }
        throw new AssertionError("no failure");
    }

    static Answer ok(String body) {
        return Answer.of(200, "application/json", body);
    }

    static JsonNode lastRequest() throws Exception {
        return Json.read(server.received().get(server.requests() - 1).text());
    }

    @Test
    void vectorsInTheOrderOfTheTextsWhateverTheOrderOfTheAnswer() throws Exception {
        server.answering(r -> ok("""
                {"object":"list","data":[{"object":"embedding","index":1,"embedding":[0.5,-0.25,0.125]},
                 {"object":"embedding","index":0,"embedding":[1.0,0.0,-1.0]}],"model":"text-embedding-3-small",
                 "usage":{"prompt_tokens":5,"total_tokens":5}}"""));
        List<float[]> v = embeddings(0, Duration.ofSeconds(2)).embed(List.of("first", "second"));
        assertThat(v.get(0)).containsExactly(1.0f, 0.0f, -1.0f);
        assertThat(v.get(1)).containsExactly(0.5f, -0.25f, 0.125f);
        JsonNode sent = lastRequest();
        assertThat(sent.path("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(sent.path("encoding_format").asText()).isEqualTo("float");
        assertThat(sent.path("input")).hasSize(2);
        assertThat(sent.path("input").get(1).asText()).isEqualTo("second");
        assertThat(sent.has("dimensions")).as("the model's own length unless configured").isFalse();
        LlmTestServer.Received r = server.received().get(server.requests() - 1);
        assertThat(r.path()).isEqualTo("/v1/embeddings");
        assertThat(r.header("authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void configuredDimensionsAreAskedForAndChecked() throws Exception {
        server.answering(r -> ok("{\"data\":[{\"index\":0,\"embedding\":[0.6,0.8]}]}"));
        OpenAiEmbeddings two = embeddings(2, Duration.ofSeconds(2));
        assertThat(two.dimensions()).isEqualTo(2);
        assertThat(two.embedOne("x")).containsExactly(0.6f, 0.8f);
        assertThat(lastRequest().path("dimensions").asInt()).isEqualTo(2);
        assertThatThrownBy(() -> embeddings(3, Duration.ofSeconds(2)).embed(List.of("x")))
                .isInstanceOfSatisfying(LlmException.class, e -> {
                    assertThat(e.type()).isEqualTo(LlmErrorType.MISCONFIGURED);
                    assertThat(e.getMessage()).contains("2 dimensions", "3 configured");
                });
    }

    @Test
    void batchesBeyondTheBoundsAreRefusedBeforeAnythingIsSent() {
        int before = server.requests();
        OpenAiEmbeddings e = embeddings(0, Duration.ofSeconds(2));
        assertThatThrownBy(() -> e.embed(Collections.nCopies(101, "x"))).isInstanceOf(InvalidArgumentException.class)
                .hasFieldOrPropertyWithValue("field", "texts");
        assertThatThrownBy(() -> e.embed(List.of("ok", "y".repeat(8193)))).hasFieldOrPropertyWithValue("field", "texts[1]");
        assertThat(server.requests()).isEqualTo(before);
    }

    @Test
    void aRateLimitKeepsItsRetryAfter() {
        LlmException e = failure(Answer.of(429, "application/json",
                "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\"}}").withHeader("retry-after", "3"),
                Duration.ofSeconds(2));
        assertThat(e).extracting(LlmException::type, LlmException::retryAfter, LlmException::retryable)
                .containsExactly(LlmErrorType.RATE_LIMITED, Duration.ofSeconds(3), true);
    }

    @Test
    void aServerErrorIsRetryableWithTheBackendsMessageShortened() {
        String longMessage = "m".repeat(500);
        LlmException e = failure(Answer.of(500, "application/json",
                "{\"error\":{\"message\":\"" + longMessage + "\",\"type\":\"server_error\"}}"), Duration.ofSeconds(2));
        assertThat(e.type()).isEqualTo(LlmErrorType.BACKEND);
        assertThat(e.retryable()).isTrue();
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.getMessage()).contains("server_error: " + "m".repeat(180)).doesNotContain("m".repeat(200));
    }

    @Test
    void aRefusedKeyIsMisconfiguredWithoutTheBackendsText() {
        LlmException e = failure(Answer.of(401, "application/json",
                "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\",\"type\":\"invalid_request_error\"}}"),
                Duration.ofSeconds(2));
        assertThat(e.type()).isEqualTo(LlmErrorType.MISCONFIGURED);
        assertThat(e.getMessage()).doesNotContain("Incorrect").doesNotContain("sk-").contains("401");
    }

    @Test
    void unreadableAnswersAreParseErrors() {
        for (String body : List.of("{\"data\":[{\"index\":0,", "{\"data\":[]}", "not json",
                "{\"data\":[{\"index\":0,\"embedding\":[1,\"two\"]}]}", "{\"data\":[{\"index\":0,\"embedding\":[]}]}",
                "{\"data\":[{\"index\":5,\"embedding\":[1]}]}")) {
            assertThat(failure(ok(body), Duration.ofSeconds(2)).type()).as(body).isEqualTo(LlmErrorType.PARSE);
        }
        server.answering(r -> ok("{\"data\":[{\"index\":0,\"embedding\":[1]},{\"index\":0,\"embedding\":[2]}]}"));
        assertThatThrownBy(() -> embeddings(0, Duration.ofSeconds(2)).embed(List.of("a", "b")))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.type()).isEqualTo(LlmErrorType.PARSE));
    }

    @Test
    void aSlowBackendTimesOutAndAnAbsentOneIsAConnectionError() {
        long t0 = System.nanoTime();
        assertThat(failure(ok("{\"data\":[]}").withPause(1500), Duration.ofMillis(300)).type())
                .isEqualTo(LlmErrorType.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1400));
        assertThatThrownBy(() -> new OpenAiEmbeddings(URI.create("http://127.0.0.1:1/v1"), "m", 0, null,
                Duration.ofSeconds(1), CLIENT).embed(List.of("x")))
                .isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.type()).isEqualTo(LlmErrorType.CONNECTION));
    }
}

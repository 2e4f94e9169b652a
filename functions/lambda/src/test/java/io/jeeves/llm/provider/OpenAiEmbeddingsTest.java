package io.jeeves.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.json.Json;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import io.jeeves.testing.LlmTestServer;
import io.jeeves.testing.LlmTestServer.Answer;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OpenAI-compatible embeddings against a local server speaking the real format. */
class OpenAiEmbeddingsTest {
    static final String KEY = "sk-embed-0123456789abcdefghijklmnop";
    static LlmTestServer server;

    @BeforeAll
    static void start() {
        server = new LlmTestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static OpenAiEmbeddings embeddings(Duration timeout) {
        return new OpenAiEmbeddings(server.baseUrl(), "text-embedding-3-small", KEY, timeout, HttpClient.newHttpClient());
    }

    static LlmErrorType failure(Answer a, Duration timeout) {
        server.answering(r -> a);
        try {
            embeddings(timeout).embed(List.of("x"));
        } catch (LlmException e) {
            assertThat(e.getMessage()).doesNotContain(KEY);
            return e.type();
        }
        throw new AssertionError("no failure");
    }

    @Test
    void vectorsInTheOrderOfTheTextsWhateverTheOrderOfTheAnswer() throws Exception {
        server.answering(r -> Answer.of(200, "application/json", """
                {"object":"list","data":[{"object":"embedding","index":1,"embedding":[0.5,-0.25,0.125]},
                 {"object":"embedding","index":0,"embedding":[1.0,0.0,-1.0]}],"model":"text-embedding-3-small",
                 "usage":{"prompt_tokens":5,"total_tokens":5}}"""));
        List<float[]> v = embeddings(Duration.ofSeconds(2)).embed(List.of("first", "second"));
        assertThat(v.get(0)).containsExactly(1.0f, 0.0f, -1.0f);
        assertThat(v.get(1)).containsExactly(0.5f, -0.25f, 0.125f);
        var sent = Json.read(server.received().get(server.requests() - 1).text());
        assertThat(sent.path("model").asText()).isEqualTo("text-embedding-3-small");
        assertThat(sent.path("input").get(1).asText()).isEqualTo("second");
        assertThat(server.received().get(server.requests() - 1).path()).isEqualTo("/v1/embeddings");
        assertThat(server.received().get(server.requests() - 1).header("authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void failuresMapToTheTaxonomy() {
        assertThat(failure(Answer.of(429, "application/json", "{\"error\":{\"message\":\"slow\"}}")
                .withHeader("retry-after", "3"), Duration.ofSeconds(2))).isEqualTo(LlmErrorType.RATE_LIMITED);
        assertThat(failure(Answer.of(500, "application/json", "{}"), Duration.ofSeconds(2))).isEqualTo(LlmErrorType.BACKEND);
        assertThat(failure(Answer.of(401, "application/json", "{\"error\":{\"message\":\"bad key " + KEY + "\"}}"),
                Duration.ofSeconds(2))).isEqualTo(LlmErrorType.MISCONFIGURED);
        assertThat(failure(Answer.of(200, "application/json", "{\"data\":[{\"index\":0,"), Duration.ofSeconds(2)))
                .isEqualTo(LlmErrorType.PARSE);
        assertThat(failure(Answer.of(200, "application/json", "{\"data\":[]}"), Duration.ofSeconds(2)))
                .isEqualTo(LlmErrorType.PARSE);
        assertThat(failure(Answer.of(200, "application/json", "{\"data\":[]}").withPause(1200), Duration.ofMillis(300)))
                .isEqualTo(LlmErrorType.TIMEOUT);
        assertThatThrownBy(() -> new OpenAiEmbeddings(java.net.URI.create("http://127.0.0.1:1/v1"), "m", null,
                Duration.ofSeconds(1), HttpClient.newHttpClient()).embed(List.of("x")))
                .satisfies(e -> assertThat(((LlmException) e).type()).isEqualTo(LlmErrorType.CONNECTION));
    }
}

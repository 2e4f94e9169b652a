package io.jeeves.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import io.jeeves.llm.LlmMessage;
import io.jeeves.llm.LlmRequest;
import io.jeeves.llm.LlmTool;
import io.jeeves.llm.LlmToolCall;
import io.jeeves.testing.LlmTestServer;
import io.jeeves.testing.LlmTestServer.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Anthropic adapter against a local server speaking the Messages API's streaming format. */
class AnthropicProviderTest {
    static final String KEY = "sk-ant-api03-test0123456789abcdefghijklmnop";
    static byte[] recording;
    static LlmTestServer server;

    @BeforeAll
    static void start() throws IOException {
        try (InputStream in = AnthropicProviderTest.class.getResourceAsStream("/llm/anthropic-stream.sse")) {
            recording = in.readAllBytes();
        }
        server = new LlmTestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static AnthropicProvider provider() {
        return new AnthropicProvider(server.baseUrl(), KEY, HttpStreams.defaultClient(Duration.ofSeconds(2)),
                HttpStreams.DEFAULT_MAX_BYTES);
    }

    static LlmRequest request(Duration timeout) {
        return new LlmRequest("claude-3-5-haiku-20241022", List.of(LlmMessage.of("system", "Be brief."),
                LlmMessage.of("user", "Weather in Zürich?"),
                new LlmMessage("assistant", "Checking.", null, List.of(new LlmToolCall("toolu_1", "lookup", "{\"q\":\"z\"}"))),
                new LlmMessage("tool", "{\"ok\":true}", "toolu_1", List.of()),
                LlmMessage.of("user", "And tomorrow?")),
                List.of(new LlmTool("get_forecast", "The forecast", "{\"type\":\"object\"}")), 0.5, 300, timeout);
    }

    static final List<String> EXPECTED = List.of("token:Okay", "token:,", "token: let", "token:'s", "token: check",
            "token: the", "token: weather", "token: in", "token: Zürich", "token: ☀️", "token:.",
            "tool_call:toolu_01T1x1fJ34qAmk2tNTrN7Up6/get_forecast/{\"city\": \"Zürich\", \"days\": 3}", "usage:472/89",
            "done:tool_calls");

    @Test
    void aRecordedStreamOverHttpAndCutAnywhere() {
        server.answering(r -> Answer.sse(recording, 100, 1000, 1001));
        List<String> events = new ArrayList<>();
        provider().stream(request(Duration.ofSeconds(2)), e -> events.add(OpenAiProviderTest.describe(e)));
        assertThat(events).isEqualTo(EXPECTED);
        for (int cut = 1; cut < recording.length; cut++) {
            List<String> out = new ArrayList<>();
            provider().decode(List.of(Arrays.copyOf(recording, cut), Arrays.copyOfRange(recording, cut, recording.length)),
                    e -> out.add(OpenAiProviderTest.describe(e)));
            assertThat(out).as("cut at %d", cut).isEqualTo(EXPECTED);
        }
    }

    @Test
    void theRequestSpeaksTheMessagesApi() throws IOException {
        server.answering(r -> Answer.sse(recording));
        provider().complete(request(Duration.ofSeconds(2)));
        LlmTestServer.Received r = server.received().get(server.requests() - 1);
        assertThat(r.path()).isEqualTo("/v1/messages");
        assertThat(r.header("x-api-key")).isEqualTo(KEY);
        assertThat(r.header("anthropic-version")).isEqualTo("2023-06-01");
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("system").asText()).isEqualTo("Be brief.");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(300);
        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(3); // user, assistant (text + tool_use), user (tool_result + text)
        assertThat(messages.get(1).path("content").get(1).path("type").asText()).isEqualTo("tool_use");
        assertThat(messages.get(1).path("content").get(1).path("input").path("q").asText()).isEqualTo("z");
        assertThat(messages.get(2).path("content").get(0).path("type").asText()).isEqualTo("tool_result");
        assertThat(messages.get(2).path("content").get(0).path("tool_use_id").asText()).isEqualTo("toolu_1");
        assertThat(messages.get(2).path("content").get(1).path("text").asText()).isEqualTo("And tomorrow?");
        assertThat(body.path("tools").get(0).path("input_schema").path("type").asText()).isEqualTo("object");
    }

    private static LlmException failure(Answer answer) {
        server.answering(r -> answer);
        try {
            provider().complete(request(Duration.ofSeconds(2)));
        } catch (LlmException e) {
            return e;
        }
        throw new AssertionError("no failure");
    }

    @Test
    void errorsMapToTheTaxonomy() {
        LlmException overloaded = failure(Answer.of(529, "application/json",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        assertThat(overloaded.type()).isEqualTo(LlmErrorType.BACKEND);
        assertThat(overloaded.retryable()).isTrue();
        LlmException limited = failure(Answer.of(429, "application/json",
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow\"}}").withHeader("retry-after", "12"));
        assertThat(limited.type()).isEqualTo(LlmErrorType.RATE_LIMITED);
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(12));
        String inStream = new String(recording, StandardCharsets.UTF_8).substring(0, 900)
                .replaceAll("[^\\n]*$", "") + "\nevent: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}\n\n";
        LlmException mid = failure(Answer.sse(inStream.getBytes(StandardCharsets.UTF_8)));
        assertThat(mid.type()).isEqualTo(LlmErrorType.BACKEND);
        assertThat(mid.retryable()).isTrue();
        LlmException key = failure(Answer.of(401, "application/json",
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key " + KEY + "\"}}"));
        assertThat(key.type()).isEqualTo(LlmErrorType.MISCONFIGURED);
        assertThat(key.getMessage()).doesNotContain(KEY);
        byte[] half = Arrays.copyOf(recording, recording.length / 2);
        assertThat(failure(Answer.sse(half)).type()).isEqualTo(LlmErrorType.PARSE);
    }
}

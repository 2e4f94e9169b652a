package io.jeeves.llm.provider;

import static io.jeeves.llm.provider.ProviderTests.assertNoKey;
import static io.jeeves.llm.provider.ProviderTests.decoded;
import static io.jeeves.llm.provider.ProviderTests.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Anthropic adapter against a local server speaking the Messages API's streaming format. */
class AnthropicProviderTest {
    static final String KEY = "sk-ant-api03-test0123456789abcdefghijklmnop";
    static final byte[] RECORDING = ProviderTests.recording("/llm/anthropic-stream.sse");
    static LlmTestServer server;

    @BeforeAll
    static void start() {
        server = new LlmTestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static AnthropicProvider provider() {
        return provider(KEY);
    }

    static AnthropicProvider provider(String key) {
        return new AnthropicProvider(server.baseUrl(), key, HttpStreams.defaultClient(Duration.ofSeconds(1)),
                HttpStreams.DEFAULT_MAX_BYTES);
    }

    static LlmRequest request(Duration timeout) {
        return new LlmRequest("claude-3-5-haiku-20241022", List.of(LlmMessage.of("system", "Be brief."),
                LlmMessage.of("user", "Weather in Zürich?"),
                new LlmMessage("assistant", "Checking.", null, List.of(new LlmToolCall("toolu_1", "lookup", "{\"q\":\"z\"}"))),
                new LlmMessage("tool", "{\"ok\":true}", "toolu_1", List.of()),
                LlmMessage.of("user", "And tomorrow?"), LlmMessage.of("system", "Answer in English.")),
                List.of(new LlmTool("get_forecast", "The forecast", "{\"type\":\"object\"}")), 0.5, 300, timeout);
    }

    static final LlmRequest REQUEST = request(Duration.ofSeconds(2));

    static final List<String> EXPECTED = List.of("token:Okay", "token:,", "token: let", "token:'s", "token: check",
            "token: the", "token: weather", "token: in", "token: Zürich", "token: ☀️", "token:.",
            "tool_call:toolu_01T1x1fJ34qAmk2tNTrN7Up6/get_forecast/{\"city\": \"Zürich\", \"days\": 3}", "usage:472/89",
            "done:tool_calls");

    private static LlmException failure(Answer answer) {
        return ProviderTests.failure(server, answer, provider(), REQUEST);
    }

    /** The recording up to the event that holds {@code marker}, then {@code rest} (whole events, LF ends). */
    private static byte[] recordingUpTo(String marker, String rest) {
        String text = new String(RECORDING, StandardCharsets.UTF_8);
        int at = text.lastIndexOf("event:", text.indexOf(marker));
        return (text.substring(0, at) + rest).getBytes(StandardCharsets.UTF_8);
    }

    private static String event(String name, String json) {
        return "event: " + name + "\ndata: " + json + "\n\n";
    }

    @Test
    void aRecordedStreamOverHttpInAnyChunking() {
        server.answering(r -> Answer.sse(RECORDING, 100, 1000, 1001));
        assertThat(events(provider(), REQUEST)).isEqualTo(EXPECTED);
        byte[] crlf = ProviderTests.crlf(RECORDING);
        server.answering(r -> Answer.sse(crlf, ProviderTests.every(7, crlf.length)));
        assertThat(events(provider(), REQUEST)).isEqualTo(EXPECTED);
        assertThat(provider().complete(REQUEST).content()).isEqualTo("Okay, let's check the weather in Zürich ☀️.");
    }

    @Test
    void theSameEventsWhereverTheStreamIsCutWithLfOrCrLf() {
        ProviderTests.assertSameEventsWhereverCut(provider(), RECORDING, EXPECTED);
    }

    @Test
    void eventsAreReadByTheirTypeWhenTheStreamNamesNone() {
        String unnamed = new String(RECORDING, StandardCharsets.UTF_8).replaceAll("(?m)^event: .*\n", "");
        assertThat(decoded(provider(), List.of(unnamed.getBytes(StandardCharsets.UTF_8)))).isEqualTo(EXPECTED);
    }

    @Test
    void theRequestSpeaksTheMessagesApi() throws IOException {
        server.answering(r -> Answer.sse(RECORDING));
        provider().complete(REQUEST);
        LlmTestServer.Received r = server.received().get(server.requests() - 1);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/v1/messages");
        assertThat(r.header("x-api-key")).isEqualTo(KEY);
        assertThat(r.header("authorization")).isNull();
        assertThat(r.header("anthropic-version")).isEqualTo("2023-06-01");
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("model").asText()).isEqualTo("claude-3-5-haiku-20241022");
        assertThat(body.path("system").asText()).isEqualTo("Be brief.\n\nAnswer in English.");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(300);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.path("stream").asBoolean()).isTrue();
        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(3); // user, assistant (text + tool_use), user (tool_result + text)
        assertThat(messages.get(0).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(0).path("content").get(0).path("text").asText()).isEqualTo("Weather in Zürich?");
        JsonNode assistant = messages.get(1);
        assertThat(assistant.path("role").asText()).isEqualTo("assistant");
        assertThat(assistant.path("content").get(0).path("text").asText()).isEqualTo("Checking.");
        JsonNode use = assistant.path("content").get(1);
        assertThat(use.path("type").asText()).isEqualTo("tool_use");
        assertThat(use.path("id").asText()).isEqualTo("toolu_1");
        assertThat(use.path("name").asText()).isEqualTo("lookup");
        assertThat(use.path("input").path("q").asText()).isEqualTo("z"); // an object, not the JSON text
        JsonNode results = messages.get(2);
        assertThat(results.path("role").asText()).isEqualTo("user");
        assertThat(results.path("content").get(0).path("type").asText()).isEqualTo("tool_result");
        assertThat(results.path("content").get(0).path("tool_use_id").asText()).isEqualTo("toolu_1");
        assertThat(results.path("content").get(0).path("content").asText()).isEqualTo("{\"ok\":true}");
        assertThat(results.path("content").get(1).path("text").asText()).isEqualTo("And tomorrow?");
        JsonNode tool = body.path("tools").get(0);
        assertThat(tool.path("name").asText()).isEqualTo("get_forecast");
        assertThat(tool.path("description").asText()).isEqualTo("The forecast");
        assertThat(tool.path("input_schema").path("type").asText()).isEqualTo("object");
    }

    @Test
    void withoutAKeyNoKeyHeader() {
        server.answering(r -> Answer.sse(RECORDING));
        provider(null).complete(REQUEST);
        assertThat(server.received().get(server.requests() - 1).header("x-api-key")).isNull();
    }

    @Test
    void stopReasonsAreNormalisedAndUsageComesBeforeDone() {
        String[][] reasons = {{"end_turn", "stop"}, {"stop_sequence", "stop"}, {"max_tokens", "length"},
                {"tool_use", "tool_calls"}};
        for (String[] reason : reasons) {
            byte[] stream = recordingUpTo("\"message_delta\"", event("message_delta", "{\"type\":\"message_delta\","
                    + "\"delta\":{\"stop_reason\":\"" + reason[0] + "\"},\"usage\":{\"output_tokens\":12}}")
                    + event("message_stop", "{\"type\":\"message_stop\"}"));
            List<String> events = decoded(provider(), List.of(stream));
            assertThat(events.subList(events.size() - 2, events.size())).as(reason[0])
                    .containsExactly("usage:472/12", "done:" + reason[1]);
        }
    }

    @Test
    void httpErrorsMapToTheTaxonomy() {
        LlmException overloaded = failure(Answer.of(529, "application/json",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        assertThat(overloaded.type()).isEqualTo(LlmErrorType.BACKEND);
        assertThat(overloaded.httpStatus()).isEqualTo(529);
        assertThat(overloaded.retryable()).isTrue();
        assertThat(overloaded.getMessage()).contains("overloaded_error: Overloaded");

        LlmException limited = failure(Answer.of(429, "application/json",
                "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow\"}}").withHeader("retry-after", "12"));
        assertThat(limited.type()).isEqualTo(LlmErrorType.RATE_LIMITED);
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(12));

        LlmException internal = failure(Answer.of(500, "application/json",
                "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}"));
        assertThat(internal.type()).isEqualTo(LlmErrorType.BACKEND);
        assertThat(internal.retryable()).isTrue();

        LlmException invalid = failure(Answer.of(400, "application/json",
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: required\"}}"));
        assertThat(invalid.type()).isEqualTo(LlmErrorType.INVALID_REQUEST);
        assertThat(invalid.retryable()).isFalse();

        LlmException key = failure(Answer.of(401, "application/json",
                "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key " + KEY + "\"}}"));
        assertThat(key.type()).isEqualTo(LlmErrorType.MISCONFIGURED);
        assertNoKey(key, KEY);
    }

    @Test
    void anErrorEventMidStreamFailsTheCallByItsType() {
        String[][] cases = {{"overloaded_error", "BACKEND", "true"}, {"rate_limit_error", "RATE_LIMITED", "true"},
                {"api_error", "BACKEND", "true"}, {"invalid_request_error", "INVALID_REQUEST", "false"}};
        for (String[] c : cases) {
            byte[] stream = recordingUpTo("\" weather\"", event("error",
                    "{\"type\":\"error\",\"error\":{\"type\":\"" + c[0] + "\",\"message\":\"it failed\"}}"));
            server.answering(r -> Answer.sse(stream));
            List<String> seen = new java.util.ArrayList<>();
            LlmException e = assertThrows(LlmException.class,
                    () -> provider().stream(REQUEST, x -> seen.add(ProviderTests.describe(x))));
            assertThat(e.type()).as(c[0]).isEqualTo(LlmErrorType.valueOf(c[1]));
            assertThat(e.retryable()).as(c[0]).isEqualTo(Boolean.parseBoolean(c[2]));
            assertThat(e.getMessage()).contains(c[0] + ": it failed");
            assertThat(seen).as("the tokens before it").hasSize(6);
        }
    }

    @Test
    void malformedCutShortAndDroppedStreamsAreParseErrors() {
        byte[] malformed = new String(RECORDING, StandardCharsets.UTF_8).replace("\"text\":\" check\"}}", "\"text\":\" check\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(failure(Answer.sse(malformed)).type()).isEqualTo(LlmErrorType.PARSE);
        byte[] startMalformed = new String(RECORDING, StandardCharsets.UTF_8).replace("\"input_tokens\":472", "\"input_tokens\":")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(failure(Answer.sse(startMalformed)).type()).isEqualTo(LlmErrorType.PARSE);

        byte[] half = Arrays.copyOf(RECORDING, RECORDING.length / 2);
        LlmException ended = failure(Answer.sse(half));
        assertThat(ended.type()).isEqualTo(LlmErrorType.PARSE);
        assertThat(ended.getMessage()).contains("ended before it was done");
        // everything but message_stop: the reply is not known to be whole
        assertThat(failure(Answer.sse(recordingUpTo("\"message_stop\"", ""))).type()).isEqualTo(LlmErrorType.PARSE);
        LlmException dropped = failure(Answer.sse(half).cutOff());
        assertThat(dropped.type()).isEqualTo(LlmErrorType.CONNECTION); // retryable, and retried only before output
        assertThat(dropped.retryable()).isTrue();
        assertThat(dropped.getMessage()).contains("broke off");
    }

    @Test
    void aStalledStreamTimesOut() {
        server.answering(r -> Answer.sse(RECORDING, RECORDING.length / 2).stallingBeforeTheLast(3000));
        LlmException e = assertThrows(LlmException.class, () -> provider().complete(request(Duration.ofMillis(300))));
        assertThat(e.type()).isEqualTo(LlmErrorType.TIMEOUT);
    }

    @Test
    void aListenerThatStopsClosesTheConnection() throws InterruptedException {
        ProviderTests.assertStopsEarlyAndCloses(server, provider(), REQUEST, RECORDING, 3);
    }
}

package io.jeeves.llm.provider;

import static io.jeeves.llm.provider.ProviderTests.assertNoKey;
import static io.jeeves.llm.provider.ProviderTests.decoded;
import static io.jeeves.llm.provider.ProviderTests.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import io.jeeves.llm.LlmMessage;
import io.jeeves.llm.LlmReply;
import io.jeeves.llm.LlmRequest;
import io.jeeves.llm.LlmTool;
import io.jeeves.llm.LlmToolCall;
import io.jeeves.testing.LlmTestServer;
import io.jeeves.testing.LlmTestServer.Answer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAI adapter against a local server speaking the Chat Completions wire format. */
class OpenAiProviderTest {
    static final String KEY = "sk-test-0123456789abcdefghijklmnopqrstuv";
    static final byte[] RECORDING = ProviderTests.recording("/llm/openai-stream.sse");
    static LlmTestServer server;

    @BeforeAll
    static void start() {
        server = new LlmTestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static OpenAiProvider provider() {
        return provider(server.baseUrl(), KEY, Map.of(), HttpStreams.DEFAULT_MAX_BYTES);
    }

    static OpenAiProvider provider(URI base, String key, Map<String, String> headers, long maxBytes) {
        return new OpenAiProvider(base, key, headers, HttpStreams.defaultClient(Duration.ofSeconds(1)), maxBytes);
    }

    static LlmRequest request(Duration timeout) {
        return new LlmRequest("gpt-4o-mini", List.of(LlmMessage.of("system", "Be brief."),
                LlmMessage.of("user", "Weather in Zürich?"),
                new LlmMessage("assistant", "", null, List.of(new LlmToolCall("call_1", "lookup", "{\"q\":\"z\"}"))),
                new LlmMessage("tool", "{\"ok\":true}", "call_1", List.of())),
                List.of(new LlmTool("get_forecast", "The forecast", "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")),
                0.3, 200, timeout);
    }

    static final LlmRequest REQUEST = request(Duration.ofSeconds(2));

    static final List<String> EXPECTED = List.of("token:The", "token: weather", "token: in", "token: Zürich", "token: is",
            "token: sunny", "token: ☀️", "token:,", "token: 21", "token:°C", "token:.",
            "tool_call:call_Xy12/get_forecast/{\"city\": \"Zürich\", \"days\": 3}", "usage:57/31", "done:tool_calls");

    private static LlmException failure(Answer answer, Duration timeout) {
        return ProviderTests.failure(server, answer, provider(), request(timeout));
    }

    private static LlmException failure(Answer answer) {
        return failure(answer, Duration.ofSeconds(2));
    }

    /** A stream of the given chunks' JSON, each a data event. */
    private static List<byte[]> stream(String... chunks) {
        StringBuilder b = new StringBuilder();
        for (String c : chunks) {
            b.append("data: ").append(c).append("\n\n");
        }
        return List.of(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRecordedStreamBecomesTokensAToolCallUsageAndDone() {
        server.answering(r -> Answer.sse(RECORDING));
        assertThat(events(provider(), REQUEST)).isEqualTo(EXPECTED);
        LlmReply reply = provider().complete(REQUEST);
        assertThat(reply.content()).isEqualTo("The weather in Zürich is sunny ☀️, 21°C.");
        assertThat(reply.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void theSameEventsWhereverTheStreamIsCutWithLfOrCrLf() {
        ProviderTests.assertSameEventsWhereverCut(provider(), RECORDING, EXPECTED);
    }

    @Test
    void theSameEventsOverHttpInAnyChunking() {
        for (int cut = 1; cut < RECORDING.length; cut += 97) { // HTTP chunks cut across the stream
            int at = cut;
            server.answering(r -> Answer.sse(RECORDING, at, Math.min(RECORDING.length - 1, at + 41)));
            assertThat(events(provider(), REQUEST)).as("cut at %d", cut).isEqualTo(EXPECTED);
        }
        byte[] crlf = ProviderTests.crlf(RECORDING);
        server.answering(r -> Answer.sse(crlf, ProviderTests.every(7, crlf.length)));
        assertThat(events(provider(), REQUEST)).isEqualTo(EXPECTED);
    }

    @Test
    void theRequestSpeaksTheWireFormat() throws IOException {
        server.answering(r -> Answer.sse(RECORDING));
        provider().complete(REQUEST);
        LlmTestServer.Received r = server.received().get(server.requests() - 1);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        assertThat(r.header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(200);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
        JsonNode messages = body.path("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).isEqualTo("Be brief.");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("Weather in Zürich?");
        JsonNode call = messages.get(2).path("tool_calls").get(0);
        assertThat(messages.get(2).path("content").isNull()).isTrue(); // only tool calls: content null, as OpenAI sends it
        assertThat(call.path("id").asText()).isEqualTo("call_1");
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("function").path("name").asText()).isEqualTo("lookup");
        assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"q\":\"z\"}");
        assertThat(messages.get(3).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(3).path("tool_call_id").asText()).isEqualTo("call_1");
        JsonNode tool = body.path("tools").get(0);
        assertThat(tool.path("type").asText()).isEqualTo("function");
        assertThat(tool.path("function").path("name").asText()).isEqualTo("get_forecast");
        assertThat(tool.path("function").path("description").asText()).isEqualTo("The forecast");
        assertThat(tool.path("function").path("parameters").path("properties").path("city").path("type").asText())
                .isEqualTo("string");
    }

    @Test
    void withoutAKeyNoAuthorisationAndExtraHeadersAsGiven() throws IOException {
        server.answering(r -> Answer.sse(RECORDING));
        // a trailing slash on the base URL (as configurations often have it) does not double the path's
        URI base = URI.create(server.baseUrl() + "/");
        provider(base, null, Map.of("api-key", "azure-key-1"), HttpStreams.DEFAULT_MAX_BYTES)
                .complete(new LlmRequest("llama3", List.of(LlmMessage.of("user", "hi")), List.of(), null, 50, Duration.ofSeconds(2)));
        LlmTestServer.Received r = server.received().get(server.requests() - 1);
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        assertThat(r.header("authorization")).isNull();
        assertThat(r.header("api-key")).isEqualTo("azure-key-1");
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.has("temperature")).isFalse(); // the backend's default
        assertThat(body.has("tools")).isFalse();
    }

    @Test
    void backendAnswersMapToTheTaxonomy() {
        LlmException limited = failure(Answer.of(429, "application/json",
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}").withHeader("retry-after", "7"));
        assertThat(limited.type()).isEqualTo(LlmErrorType.RATE_LIMITED);
        assertThat(limited.retryable()).isTrue();
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7));

        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(30));
        LlmException dated = failure(Answer.of(429, "application/json", "{}").withHeader("retry-after", date));
        assertThat(dated.type()).isEqualTo(LlmErrorType.RATE_LIMITED);
        assertThat(dated.retryAfter()).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31));

        for (int status : new int[] {500, 503}) {
            LlmException unavailable = failure(Answer.of(status, "application/json",
                    "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
            assertThat(unavailable.type()).isEqualTo(LlmErrorType.BACKEND);
            assertThat(unavailable.httpStatus()).isEqualTo(status);
            assertThat(unavailable.retryable()).isTrue();
            assertThat(unavailable.getMessage()).contains("server_error: overloaded");
        }

        LlmException invalid = failure(Answer.of(400, "application/json",
                "{\"error\":{\"message\":\"max_tokens is too large\",\"type\":\"invalid_request_error\"}}"));
        assertThat(invalid.type()).isEqualTo(LlmErrorType.INVALID_REQUEST);
        assertThat(invalid.retryable()).isFalse();
        assertThat(invalid.httpStatus()).isEqualTo(400);

        LlmException html = failure(Answer.of(502, "text/html", "<html>" + "x".repeat(5000) + "</html>"));
        assertThat(html.type()).isEqualTo(LlmErrorType.BACKEND);
        assertThat(html.getMessage()).isEqualTo("the openai backend answered 502"); // not JSON: the status alone
        LlmException longMessage = failure(Answer.of(400, "application/json",
                "{\"error\":{\"message\":\"" + "m".repeat(1000) + "\",\"type\":\"invalid_request_error\"}}"));
        assertThat(longMessage.getMessage().length()).isLessThan(260);
    }

    @Test
    void anUnauthorisedKeyNeverAppearsInTheError() {
        for (int status : new int[] {401, 403}) {
            LlmException e = failure(Answer.of(status, "application/json",
                    "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY.substring(0, 10) + "****"
                            + KEY.substring(KEY.length() - 6) + " " + KEY + "\",\"type\":\"invalid_request_error\","
                            + "\"code\":\"invalid_api_key\"}}"));
            assertThat(e.type()).isEqualTo(LlmErrorType.MISCONFIGURED);
            assertThat(e.retryable()).isFalse();
            assertNoKey(e, KEY);
        }
    }

    @Test
    void malformedCutOffAndOversizedStreamsAreParseErrors() {
        String text = new String(RECORDING, StandardCharsets.UTF_8);
        byte[] malformed = text.replaceFirst("\\{\"content\":\" weather\"}", "{\"content\":\" weather\"").getBytes(StandardCharsets.UTF_8);
        LlmException bad = failure(Answer.sse(malformed));
        assertThat(bad.type()).isEqualTo(LlmErrorType.PARSE);
        assertThat(bad.getMessage()).contains("not JSON").doesNotContain("weather"); // nothing of the body

        byte[] half = Arrays.copyOf(RECORDING, RECORDING.length / 2);
        LlmException ended = failure(Answer.sse(half)); // the body ends cleanly, the reply does not
        assertThat(ended.type()).isEqualTo(LlmErrorType.PARSE);
        assertThat(ended.getMessage()).contains("ended before it was done");
        LlmException dropped = failure(Answer.sse(half).cutOff()); // the server goes away mid-body
        assertThat(dropped.type()).isEqualTo(LlmErrorType.CONNECTION); // retryable, and retried only before output
        assertThat(dropped.retryable()).isTrue();
        assertThat(dropped.getMessage()).contains("broke off before it was done");

        server.answering(r -> Answer.sse(RECORDING));
        OpenAiProvider small = provider(server.baseUrl(), KEY, Map.of(), 1000);
        assertThatThrownBy(() -> small.complete(REQUEST)).isInstanceOf(LlmException.class)
                .hasMessageContaining("exceeds 1000 bytes")
                .satisfies(t -> assertThat(((LlmException) t).type()).isEqualTo(LlmErrorType.PARSE));
    }

    @Test
    void aStreamNeedsDoneOrAFinishReason() {
        OpenAiProvider p = provider();
        assertThat(decoded(p, stream("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":null}]}",
                "[DONE]"))).containsExactly("token:hi", "done:stop");
        assertThat(decoded(p, stream("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"length\"}]}")))
                .containsExactly("token:hi", "done:length"); // servers that never send [DONE]
        assertThatThrownBy(() -> decoded(p, stream("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}")))
                .isInstanceOf(LlmException.class).hasMessageContaining("ended before it was done");
    }

    @Test
    void finishReasonsAreNormalisedAndToolCallsComeWhenTheChoiceFinishes() {
        OpenAiProvider p = provider();
        // the legacy function_call reason, pieces of two calls interleaved by index, arguments cut mid-string
        List<String> events = decoded(p, stream(
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"b\",\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"y\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"\\\":2}\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"function_call\"}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}", "[DONE]"));
        assertThat(events).containsExactly("tool_call:a/f/{}", "tool_call:b/g/{\"y\":2}", "usage:3/4", "done:tool_calls");
        // the calls come as soon as the choice finishes, not held back for the usage that follows it
        byte[] finished = stream("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"a\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"tool_calls\"}]}").get(0);
        byte[] usage = stream("{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4}}", "[DONE]").get(0);
        byte[] both = Arrays.copyOf(finished, finished.length + usage.length);
        System.arraycopy(usage, 0, both, finished.length, usage.length);
        server.answering(r -> Answer.sse(both, finished.length).stallingBeforeTheLast(3000));
        List<String> beforeTheUsage = new java.util.ArrayList<>();
        assertThatThrownBy(() -> p.stream(request(Duration.ofMillis(300)), e -> beforeTheUsage.add(ProviderTests.describe(e))))
                .isInstanceOf(LlmException.class);
        assertThat(beforeTheUsage).containsExactly("tool_call:a/f/{}");
        for (String[] reason : new String[][] {{"stop", "stop"}, {"length", "length"}, {"content_filter", "content_filter"},
                {"tool_calls", "tool_calls"}}) {
            assertThat(decoded(p, stream("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason[0] + "\"}]}",
                    "[DONE]"))).containsExactly("done:" + reason[1]);
        }
    }

    @Test
    void anErrorInsideTheStreamFailsTheCall() {
        OpenAiProvider p = provider();
        LlmException backend = org.junit.jupiter.api.Assertions.assertThrows(LlmException.class, () -> decoded(p, stream(
                "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}",
                "{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}")));
        assertThat(backend.type()).isEqualTo(LlmErrorType.BACKEND);
        assertThat(backend.getMessage()).contains("server_error: The server had an error");
        LlmException limited = org.junit.jupiter.api.Assertions.assertThrows(LlmException.class, () -> decoded(p, stream(
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}")));
        assertThat(limited.type()).isEqualTo(LlmErrorType.RATE_LIMITED);
    }

    @Test
    void slowHeadersASlowFirstByteOrAStalledStreamTimeOut() {
        server.answering(r -> {
            sleep(3000); // before the status line: no response within the time-out
            return Answer.sse(RECORDING);
        });
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> provider().complete(request(Duration.ofMillis(300)))).isInstanceOf(LlmException.class)
                .satisfies(t -> assertThat(((LlmException) t).type()).isEqualTo(LlmErrorType.TIMEOUT))
                .hasMessageContaining("did not answer within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));

        LlmException slow = failure(Answer.sse(RECORDING).withPause(3000), Duration.ofMillis(300)); // headers, no body
        assertThat(slow.type()).isEqualTo(LlmErrorType.TIMEOUT);
        assertThat(slow.retryable()).isTrue();

        // half the stream at once (tokens delivered), then nothing for longer than the time-out
        List<String> seen = new java.util.ArrayList<>();
        server.answering(r -> Answer.sse(RECORDING, RECORDING.length / 2).stallingBeforeTheLast(3000));
        long t1 = System.nanoTime();
        assertThatThrownBy(() -> provider().stream(request(Duration.ofMillis(300)), e -> seen.add(ProviderTests.describe(e))))
                .isInstanceOf(LlmException.class)
                .satisfies(t -> assertThat(((LlmException) t).type()).isEqualTo(LlmErrorType.TIMEOUT))
                .hasMessageContaining("stalled for more than 300 ms");
        assertThat(seen).isNotEmpty().allMatch(e -> e.startsWith("token:"));
        assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(Duration.ofMillis(2500)); // not the whole stall
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void refusedUnresolvableOrNotTlsIsAConnectionError() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free once closed: nothing listens there
        }
        URI plainHttp = URI.create(server.baseUrl().toString().replace("http:", "https:")); // a TLS handshake with plain HTTP
        for (URI base : List.of(URI.create("http://127.0.0.1:" + port + "/v1"), URI.create("http://llm.backend.invalid/v1"),
                plainHttp)) {
            OpenAiProvider nowhere = provider(base, KEY, Map.of(), HttpStreams.DEFAULT_MAX_BYTES);
            LlmException e = org.junit.jupiter.api.Assertions.assertThrows(LlmException.class, () -> nowhere.complete(REQUEST));
            assertThat(e.type()).as(base.toString()).isEqualTo(LlmErrorType.CONNECTION);
            assertThat(e.retryable()).isTrue();
            assertNoKey(e, KEY);
        }
    }

    @Test
    void aListenerThatStopsClosesTheConnection() throws InterruptedException {
        ProviderTests.assertStopsEarlyAndCloses(server, provider(), REQUEST, RECORDING, 3);
    }
}

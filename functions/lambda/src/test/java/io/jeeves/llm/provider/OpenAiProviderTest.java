package io.jeeves.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmEvent;
import io.jeeves.llm.LlmException;
import io.jeeves.llm.LlmMessage;
import io.jeeves.llm.LlmReply;
import io.jeeves.llm.LlmRequest;
import io.jeeves.llm.LlmTool;
import io.jeeves.llm.LlmToolCall;
import io.jeeves.testing.LlmTestServer;
import io.jeeves.testing.LlmTestServer.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAI adapter against a local server speaking the Chat Completions wire format. */
class OpenAiProviderTest {
    static final String KEY = "sk-test-0123456789abcdefghijklmnopqrstuv";
    static byte[] recording;
    static LlmTestServer server;

    @BeforeAll
    static void start() throws IOException {
        try (InputStream in = OpenAiProviderTest.class.getResourceAsStream("/llm/openai-stream.sse")) {
            recording = in.readAllBytes();
        }
        server = new LlmTestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static OpenAiProvider provider() {
        return new OpenAiProvider(server.baseUrl(), KEY, Map.of(), HttpStreams.defaultClient(Duration.ofSeconds(2)),
                HttpStreams.DEFAULT_MAX_BYTES);
    }

    static LlmRequest request(Duration timeout) {
        return new LlmRequest("gpt-4o-mini", List.of(LlmMessage.of("system", "Be brief."),
                LlmMessage.of("user", "Weather in Zürich?"),
                new LlmMessage("assistant", "", null, List.of(new LlmToolCall("call_1", "lookup", "{\"q\":\"z\"}"))),
                new LlmMessage("tool", "{\"ok\":true}", "call_1", List.of())),
                List.of(new LlmTool("get_forecast", "The forecast", "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")),
                0.3, 200, timeout);
    }

    /** The events of one call, each as kind:payload. */
    static List<String> events(OpenAiProvider p, LlmRequest r) {
        List<String> out = new ArrayList<>();
        p.stream(r, e -> {
            out.add(describe(e));
            return true;
        });
        return out;
    }

    static String describe(LlmEvent e) {
        if (e instanceof LlmEvent.Token t) {
            return "token:" + t.text();
        }
        if (e instanceof LlmEvent.ToolCall c) {
            return "tool_call:" + c.call().id() + "/" + c.call().name() + "/" + c.call().arguments();
        }
        if (e instanceof LlmEvent.Usage u) {
            return "usage:" + u.inputTokens() + "/" + u.outputTokens();
        }
        return e.kind() + ":" + ((LlmEvent.Done) e).finishReason();
    }

    static final List<String> EXPECTED = List.of("token:The", "token: weather", "token: in", "token: Zürich", "token: is",
            "token: sunny", "token: ☀️", "token:,", "token: 21", "token:°C", "token:.",
            "tool_call:call_Xy12/get_forecast/{\"city\": \"Zürich\", \"days\": 3}", "usage:57/31", "done:tool_calls");

    @Test
    void aRecordedStreamBecomesTokensAToolCallUsageAndDone() {
        server.answering(r -> Answer.sse(recording));
        assertThat(events(provider(), request(Duration.ofSeconds(2)))).isEqualTo(EXPECTED);
        LlmReply reply = provider().complete(request(Duration.ofSeconds(2)));
        assertThat(reply.content()).isEqualTo("The weather in Zürich is sunny ☀️, 21°C.");
        assertThat(reply.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void theSameEventsWhereverTheStreamIsCut() {
        // every byte offset: inside lines, inside "\n\n", inside multi-byte characters; then one byte at a time
        for (int cut = 1; cut < recording.length; cut++) {
            List<String> out = new ArrayList<>();
            provider().decode(List.of(java.util.Arrays.copyOf(recording, cut),
                    java.util.Arrays.copyOfRange(recording, cut, recording.length)), e -> out.add(describe(e)));
            assertThat(out).as("cut at %d", cut).isEqualTo(EXPECTED);
        }
        List<byte[]> bytes = new ArrayList<>();
        for (byte b : recording) {
            bytes.add(new byte[] {b});
        }
        List<String> out = new ArrayList<>();
        provider().decode(bytes, e -> out.add(describe(e)));
        assertThat(out).isEqualTo(EXPECTED);
    }

    @Test
    void theSameEventsOverHttpInAnyChunking() {
        for (int cut = 1; cut < recording.length; cut += 97) { // HTTP chunks cut across the stream
            int at = cut;
            server.answering(r -> Answer.sse(recording, at, Math.min(recording.length - 1, at + 41)));
            assertThat(events(provider(), request(Duration.ofSeconds(2)))).as("cut at %d", cut).isEqualTo(EXPECTED);
        }
        byte[] crlf = new String(recording, StandardCharsets.UTF_8).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        int[] odd = new int[crlf.length / 7];
        for (int i = 0; i < odd.length; i++) {
            odd[i] = (i + 1) * 7;
        }
        server.answering(r -> Answer.sse(crlf, odd));
        assertThat(events(provider(), request(Duration.ofSeconds(2)))).isEqualTo(EXPECTED);
    }

    @Test
    void theRequestSpeaksTheWireFormat() throws IOException {
        server.answering(r -> Answer.sse(recording));
        provider().complete(request(Duration.ofSeconds(2)));
        LlmTestServer.Received r = server.received().get(server.requests() - 1);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        assertThat(r.header("authorization")).isEqualTo("Bearer " + KEY);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(200);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(body.path("messages")).hasSize(4);
        assertThat(body.path("messages").get(2).path("tool_calls").get(0).path("function").path("arguments").asText())
                .isEqualTo("{\"q\":\"z\"}");
        assertThat(body.path("messages").get(3).path("tool_call_id").asText()).isEqualTo("call_1");
        assertThat(body.path("tools").get(0).path("function").path("parameters").path("properties").has("city")).isTrue();
    }

    private static LlmException failure(Answer answer, Duration timeout) {
        server.answering(r -> answer);
        try {
            provider().complete(request(timeout));
        } catch (LlmException e) {
            return e;
        }
        throw new AssertionError("no failure");
    }

    @Test
    void backendAnswersMapToTheTaxonomy() {
        LlmException limited = failure(Answer.of(429, "application/json",
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}").withHeader("retry-after", "7"),
                Duration.ofSeconds(2));
        assertThat(limited.type()).isEqualTo(LlmErrorType.RATE_LIMITED);
        assertThat(limited.retryable()).isTrue();
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7));

        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(30));
        LlmException dated = failure(Answer.of(429, "application/json", "{}").withHeader("retry-after", date),
                Duration.ofSeconds(2));
        assertThat(dated.retryAfter()).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31));

        LlmException unavailable = failure(Answer.of(503, "application/json",
                "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"), Duration.ofSeconds(2));
        assertThat(unavailable.type()).isEqualTo(LlmErrorType.BACKEND);
        assertThat(unavailable.httpStatus()).isEqualTo(503);
        assertThat(unavailable.retryable()).isTrue();
        assertThat(unavailable.getMessage()).contains("server_error: overloaded");

        LlmException invalid = failure(Answer.of(400, "application/json",
                "{\"error\":{\"message\":\"max_tokens is too large\",\"type\":\"invalid_request_error\"}}"),
                Duration.ofSeconds(2));
        assertThat(invalid.type()).isEqualTo(LlmErrorType.INVALID_REQUEST);
        assertThat(invalid.retryable()).isFalse();
    }

    @Test
    void anUnauthorisedKeyNeverAppearsInTheError() {
        LlmException e = failure(Answer.of(401, "application/json",
                "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY.substring(0, 8) + "****" + KEY.substring(30)
                        + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"), Duration.ofSeconds(2));
        assertThat(e.type()).isEqualTo(LlmErrorType.MISCONFIGURED);
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY.substring(0, 8)).doesNotContain(KEY.substring(30));
        }
    }

    @Test
    void malformedCutOffAndOversizedStreamsAreParseErrors() {
        String text = new String(recording, StandardCharsets.UTF_8);
        byte[] malformed = text.replaceFirst("\\{\"content\":\" weather\"}", "{\"content\":\" weather\"").getBytes(StandardCharsets.UTF_8);
        assertThat(failure(Answer.sse(malformed), Duration.ofSeconds(2)).type()).isEqualTo(LlmErrorType.PARSE);

        byte[] half = java.util.Arrays.copyOf(recording, recording.length / 2);
        assertThat(failure(Answer.sse(half), Duration.ofSeconds(2)).getMessage()).contains("ended before it was done");
        assertThat(droppedMidway(half).type()).isEqualTo(LlmErrorType.CONNECTION);

        server.answering(r -> Answer.sse(recording));
        OpenAiProvider small = new OpenAiProvider(server.baseUrl(), KEY, Map.of(),
                HttpStreams.defaultClient(Duration.ofSeconds(2)), 1000);
        assertThatThrownBy(() -> small.complete(request(Duration.ofSeconds(2)))).isInstanceOf(LlmException.class)
                .hasMessageContaining("exceeds 1000 bytes")
                .satisfies(t -> assertThat(((LlmException) t).type()).isEqualTo(LlmErrorType.PARSE));
    }

    /** A backend that dies mid-answer: half a chunked body, then the connection closed. */
    private static LlmException droppedMidway(byte[] part) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (java.net.Socket s = socket.accept()) {
                    java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                            StandardCharsets.ISO_8859_1));
                    int length = 0;
                    for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    in.skip(length);
                    java.io.OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
                            + Integer.toHexString(part.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(part);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException e) {
                    // the client went away first
                }
            });
            t.start();
            OpenAiProvider p = new OpenAiProvider(java.net.URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1"),
                    KEY, Map.of(), HttpStreams.defaultClient(Duration.ofSeconds(2)), HttpStreams.DEFAULT_MAX_BYTES);
            try {
                p.complete(request(Duration.ofSeconds(2)));
            } catch (LlmException e) {
                return e;
            }
            throw new AssertionError("no failure");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aSlowFirstByteOrAStalledStreamTimesOut() {
        LlmException slow = failure(Answer.sse(recording).withPause(1500), Duration.ofMillis(300));
        assertThat(slow.type()).isEqualTo(LlmErrorType.TIMEOUT);
        assertThat(slow.retryable()).isTrue();

        int mid = recording.length / 2; // the first half at once, then nothing for longer than the time-out
        LlmException stalled = failure(Answer.sse(recording, mid).withPause(800), Duration.ofMillis(300));
        assertThat(stalled.type()).isEqualTo(LlmErrorType.TIMEOUT);
    }

    @Test
    void aRefusedConnectionIsAConnectionError() {
        OpenAiProvider nowhere = new OpenAiProvider(java.net.URI.create("http://127.0.0.1:1/v1"), null, Map.of(),
                HttpStreams.defaultClient(Duration.ofSeconds(1)), HttpStreams.DEFAULT_MAX_BYTES);
        assertThatThrownBy(() -> nowhere.complete(request(Duration.ofSeconds(1)))).isInstanceOf(LlmException.class)
                .satisfies(t -> assertThat(((LlmException) t).type()).isEqualTo(LlmErrorType.CONNECTION));
    }

    @Test
    void aListenerThatStopsClosesTheConnection() throws InterruptedException {
        int[] cuts = new int[40];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = (i + 1) * (recording.length / 41);
        }
        server.answering(r -> Answer.sse(recording, cuts).withPause(20));
        int before = server.disconnects();
        List<String> seen = new ArrayList<>();
        provider().stream(request(Duration.ofSeconds(2)), e -> {
            seen.add(describe(e));
            return seen.size() < 3;
        });
        assertThat(seen).hasSize(3);
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (server.disconnects() == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.disconnects()).isGreaterThan(before);
    }
}

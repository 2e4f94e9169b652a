package io.jeeves.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmEvent;
import io.jeeves.llm.LlmException;
import io.jeeves.llm.LlmMessage;
import io.jeeves.llm.LlmRequest;
import io.jeeves.llm.LlmTool;
import io.jeeves.llm.LlmToolCall;
import io.jeeves.testing.LlmTestServer;
import io.jeeves.testing.LlmTestServer.Answer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeServiceClientConfiguration;
import software.amazon.awssdk.services.bedrockruntime.endpoints.BedrockRuntimeEndpointProvider;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * The Bedrock adapter through the real AWS SDK (bedrockruntime 2.41.30 on the 2.41.28 core, Netty, SigV4)
 * against a local endpoint that answers ConverseStream the way Bedrock does on the wire: binary event-stream
 * frames ({@code application/vnd.amazon.eventstream}); errors as an HTTP status with {@code x-amzn-ErrorType}
 * and a {@code {"message":...}} body, or as an exception frame inside the stream.
 */
class BedrockProviderTest {
    static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    static final String SECRET = "wJalrXUtnFEMI-test-secret";
    static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", SECRET));
    static LlmTestServer server;
    static BedrockRuntimeAsyncClient client;

    @BeforeAll
    static void start() {
        server = new LlmTestServer();
        client = BedrockProvider.client("us-east-1", local(server.baseUrl().getPort()), CREDENTIALS);
        // the first call loads the SDK's classes (about a second), which the timings below must not count
        server.answering(r -> stream(textReply("end_turn")));
        events(request(Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    static URI local(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** One event frame, as Bedrock sends it. */
    static byte[] frame(String eventType, String json) {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":event-type", HeaderValue.fromString(eventType));
        h.put(":content-type", HeaderValue.fromString("application/json"));
        h.put(":message-type", HeaderValue.fromString("event"));
        return new Message(h, json.getBytes(StandardCharsets.UTF_8)).toByteBuffer().array();
    }

    /** An exception frame: how Bedrock fails a stream that has started. */
    static byte[] exception(String type, String message) {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":exception-type", HeaderValue.fromString(type));
        h.put(":content-type", HeaderValue.fromString("application/json"));
        h.put(":message-type", HeaderValue.fromString("exception"));
        return new Message(h, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8)).toByteBuffer().array();
    }

    static byte[] delta(int index, String text) {
        return frame("contentBlockDelta", "{\"contentBlockIndex\":" + index + ",\"delta\":{\"text\":\"" + text + "\"},"
                + "\"p\":\"abcdefgh\"}");
    }

    /** The start of a reply (its role, then text). */
    static List<byte[]> opening() {
        return new ArrayList<>(List.of(frame("messageStart", "{\"role\":\"assistant\",\"p\":\"abcd\"}"),
                delta(0, "Sunny"), delta(0, " in Zürich.")));
    }

    /** A text reply, as recorded from ConverseStream (the {@code p} fields pad the frames, as Bedrock's do). */
    static List<byte[]> textReply(String stopReason) {
        List<byte[]> f = opening();
        f.add(frame("contentBlockStop", "{\"contentBlockIndex\":0,\"p\":\"abc\"}"));
        f.add(frame("messageStop", "{\"stopReason\":\"" + stopReason + "\",\"p\":\"abcdef\"}"));
        f.add(frame("metadata", "{\"usage\":{\"inputTokens\":25,\"outputTokens\":6,\"totalTokens\":31},"
                + "\"metrics\":{\"latencyMs\":310},\"p\":\"ab\"}"));
        return f;
    }

    /** Text, then a tool use whose input comes in three pieces. */
    static List<byte[]> toolReply() {
        List<byte[]> f = opening();
        f.add(frame("contentBlockStop", "{\"contentBlockIndex\":0,\"p\":\"a\"}"));
        f.add(frame("contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":{\"toolUseId\":"
                + "\"tooluse_kZJMlvQmRJ6eAyJE5GIl7Q\",\"name\":\"get_forecast\"}},\"p\":\"a\"}"));
        for (String piece : List.of("", "{\\\"city\\\": \\\"Zür", "ich\\\", \\\"days\\\"", ": 2}")) {
            f.add(frame("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"" + piece
                    + "\"}},\"p\":\"abc\"}"));
        }
        f.add(frame("contentBlockStop", "{\"contentBlockIndex\":1,\"p\":\"a\"}"));
        f.add(frame("messageStop", "{\"stopReason\":\"tool_use\",\"p\":\"abc\"}"));
        f.add(frame("metadata", "{\"usage\":{\"inputTokens\":33,\"outputTokens\":21,\"totalTokens\":54},"
                + "\"metrics\":{\"latencyMs\":420},\"p\":\"ab\"}"));
        return f;
    }

    static Answer stream(List<byte[]> frames) {
        return new Answer(200, Map.of("content-type", "application/vnd.amazon.eventstream",
                "x-amzn-requestid", "8f7e6d5c-0000-4000-8000-000000000001"), frames, 0, false);
    }

    static Answer error(int status, String type) {
        return Answer.of(status, "application/json", "{\"message\":\"" + type + " happened\"}")
                .withHeader("x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/");
    }

    static LlmRequest request(Duration timeout) {
        return new LlmRequest(MODEL, List.of(LlmMessage.of("system", "Be brief."),
                LlmMessage.of("system", "Answer in English."),
                LlmMessage.of("user", "Weather in Zürich?"),
                new LlmMessage("assistant", "Let me look.", null,
                        List.of(new LlmToolCall("tooluse_1", "get_forecast", "{\"city\":\"Zürich\",\"days\":1}"))),
                new LlmMessage("tool", "{\"sky\":\"sunny\"}", "tooluse_1", List.of()),
                LlmMessage.of("user", "And tomorrow?")),
                List.of(new LlmTool("get_forecast", "The forecast of a city",
                        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}")),
                0.25, 256, timeout);
    }

    static List<LlmEvent> events(LlmRequest request) {
        List<LlmEvent> events = new ArrayList<>();
        new BedrockProvider(client).stream(request, events::add);
        return events;
    }

    @Test
    void aTextReplyStreamsItsTokensThenUsageAndDoneFromASignedRequest() throws Exception {
        server.answering(r -> stream(textReply("end_turn")));
        assertThat(events(request(Duration.ofSeconds(5)))).containsExactly(new LlmEvent.Token("Sunny"),
                new LlmEvent.Token(" in Zürich."), new LlmEvent.Usage(25, 6), new LlmEvent.Done("stop"));

        LlmTestServer.Received r = server.received().get(server.requests() - 1);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/model/" + MODEL + "/converse-stream");
        assertThat(r.header("authorization")).matches("AWS4-HMAC-SHA256 Credential=AKIDTEST/\\d{8}/us-east-1/bedrock/"
                + "aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}");
        assertThat(r.header("x-amz-date")).matches("\\d{8}T\\d{6}Z");
        assertThat(r.text()).doesNotContain(SECRET);

        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("system")).isEqualTo(Json.read("[{\"text\":\"Be brief.\"},{\"text\":\"Answer in English.\"}]"));
        // roles alternate: the tool result and the next user message are one user turn
        assertThat(body.path("messages")).isEqualTo(Json.read("[{\"role\":\"user\",\"content\":[{\"text\":\"Weather in Zürich?\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"text\":\"Let me look.\"},{\"toolUse\":{\"toolUseId\":\"tooluse_1\","
                + "\"name\":\"get_forecast\",\"input\":{\"city\":\"Zürich\",\"days\":1}}}]},"
                + "{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"tooluse_1\",\"content\":[{\"text\":"
                + "\"{\\\"sky\\\":\\\"sunny\\\"}\"}]}},{\"text\":\"And tomorrow?\"}]}]"));
        assertThat(body.path("toolConfig")).isEqualTo(Json.read("{\"tools\":[{\"toolSpec\":{\"name\":\"get_forecast\","
                + "\"description\":\"The forecast of a city\",\"inputSchema\":{\"json\":{\"type\":\"object\",\"properties\":"
                + "{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}}]}"));
        assertThat(body.path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(256);
        assertThat(body.path("inferenceConfig").path("temperature").asDouble()).isEqualTo(0.25);
    }

    @Test
    void withoutTemperatureOrToolsTheRequestLeavesThemOut() throws Exception {
        server.answering(r -> stream(textReply("end_turn")));
        events(new LlmRequest(MODEL, List.of(LlmMessage.of("user", "Hi"),
                new LlmMessage("assistant", "", null, List.of()), LlmMessage.of("user", "Still there?")), null, null, 64,
                Duration.ofSeconds(5)));
        JsonNode body = Json.MAPPER.readTree(server.received().get(server.requests() - 1).body());
        assertThat(body.has("toolConfig")).isFalse();
        assertThat(body.has("system")).isFalse();
        assertThat(body.path("inferenceConfig")).isEqualTo(Json.read("{\"maxTokens\":64}"));
        // an empty assistant message is left out (Converse refuses empty content), the user's turns join
        assertThat(body.path("messages")).isEqualTo(Json.read("[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"},"
                + "{\"text\":\"Still there?\"}]}]"));
    }

    @Test
    void aToolUseWhoseInputArrivesInPiecesIsOneToolCall() {
        server.answering(r -> stream(toolReply()));
        assertThat(events(request(Duration.ofSeconds(5)))).containsExactly(new LlmEvent.Token("Sunny"),
                new LlmEvent.Token(" in Zürich."),
                new LlmEvent.ToolCall(new LlmToolCall("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "get_forecast",
                        "{\"city\": \"Zürich\", \"days\": 2}")),
                new LlmEvent.Usage(33, 21), new LlmEvent.Done("tool_calls"));
    }

    @ParameterizedTest
    @CsvSource({"end_turn, stop", "stop_sequence, stop", "max_tokens, length", "tool_use, tool_calls",
        "content_filtered, content_filter", "guardrail_intervened, content_filter"})
    void stopReasonsAreNormalised(String stopReason, String finishReason) {
        server.answering(r -> stream(textReply(stopReason)));
        List<LlmEvent> events = events(request(Duration.ofSeconds(5)));
        assertThat(events.get(events.size() - 1)).isEqualTo(new LlmEvent.Done(finishReason));
    }

    /** The call's failure; the SDK (retries off) sent exactly one request, the gateway retries. */
    static LlmException failure(BedrockRuntimeAsyncClient c, Answer a, Duration timeout, List<LlmEvent> seen) {
        server.answering(r -> a);
        int before = server.requests();
        try {
            new BedrockProvider(c).stream(request(timeout), seen::add);
        } catch (LlmException e) {
            assertThat(server.requests() - before).as("requests sent").isEqualTo(1);
            ProviderTests.assertNoKey(e, SECRET);
            assertThat(e.getMessage()).doesNotContain("Zürich"); // nothing of the conversation
            return e;
        }
        throw new AssertionError("no failure");
    }

    static LlmException failure(Answer a, Duration timeout) {
        return failure(client, a, timeout, new ArrayList<>());
    }

    @ParameterizedTest
    @CsvSource({"429, ThrottlingException, RATE_LIMITED, true, 429",
        "429, ServiceQuotaExceededException, RATE_LIMITED, true, 429",
        "400, ValidationException, INVALID_REQUEST, false, 400",
        "403, AccessDeniedException, MISCONFIGURED, false, ",
        "403, UnrecognizedClientException, MISCONFIGURED, false, ",
        "404, ResourceNotFoundException, MISCONFIGURED, false, ",
        "408, ModelTimeoutException, TIMEOUT, true, ",
        "500, InternalServerException, BACKEND, true, 500",
        "503, ServiceUnavailableException, BACKEND, true, 503"})
    void httpErrorsMapToTheTaxonomyWithOneRequestEach(int status, String errorType, LlmErrorType type, boolean retryable,
            Integer httpStatus) {
        LlmException e = failure(error(status, errorType), Duration.ofSeconds(5));
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.httpStatus()).isEqualTo(httpStatus);
        assertThat(e.getMessage()).contains("bedrock answered " + status + " " + errorType);
        if (status == 403) {
            assertThat(e.getMessage()).doesNotContain("happened"); // the service's text may describe the credentials
        } else {
            assertThat(e.getMessage()).contains(errorType + " happened");
        }
    }

    @Test
    void aServiceMessageIsCutTo200Characters() {
        String longMessage = "x".repeat(5000);
        LlmException e = failure(Answer.of(400, "application/json", "{\"message\":\"" + longMessage + "\"}")
                .withHeader("x-amzn-ErrorType", "ValidationException"), Duration.ofSeconds(5));
        assertThat(e.getMessage()).contains("x".repeat(200)).doesNotContain("x".repeat(201)).hasSizeLessThan(300);
    }

    @ParameterizedTest
    @CsvSource({"modelStreamErrorException, BACKEND, true, 424",
        "internalServerException, BACKEND, true, 500",
        "serviceUnavailableException, BACKEND, true, 503",
        "throttlingException, RATE_LIMITED, true, 429",
        "validationException, INVALID_REQUEST, false, 400"})
    void anExceptionFrameFailsTheStreamAfterItsTokens(String exceptionType, LlmErrorType type, boolean retryable,
            int httpStatus) {
        List<byte[]> frames = opening();
        frames.add(exception(exceptionType, "The model stopped"));
        List<LlmEvent> seen = new ArrayList<>();
        LlmException e = failure(client, stream(frames), Duration.ofSeconds(5), seen);
        assertThat(seen).containsExactly(new LlmEvent.Token("Sunny"), new LlmEvent.Token(" in Zürich."));
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.httpStatus()).isEqualTo(httpStatus);
        assertThat(e.getMessage()).contains(exceptionType + ": The model stopped");
    }

    @Test
    void aStreamThatEndsBeforeTheMessageStopsIsAParseError() {
        List<byte[]> cut = textReply("end_turn").subList(0, 4); // up to contentBlockStop
        List<LlmEvent> seen = new ArrayList<>();
        assertThat(failure(client, stream(cut), Duration.ofSeconds(5), seen).type()).isEqualTo(LlmErrorType.PARSE);
        assertThat(seen).hasSize(2);
    }

    @Test
    void aConnectionDroppedMidStreamIsAConnectionError() {
        List<LlmEvent> seen = new ArrayList<>();
        LlmException e = failure(client, stream(opening()).cutOff(), Duration.ofSeconds(5), seen);
        assertThat(e.type()).isEqualTo(LlmErrorType.CONNECTION);
        assertThat(e.retryable()).isTrue();
        assertThat(seen).hasSize(2);
    }

    @Test
    void aFrameThatFailsItsChecksumIsAParseError() {
        List<byte[]> frames = opening();
        byte[] corrupt = frames.get(2).clone();
        corrupt[corrupt.length - 1] ^= 1;
        frames.set(2, corrupt);
        assertThat(failure(stream(frames), Duration.ofSeconds(5)).type()).isEqualTo(LlmErrorType.PARSE);
    }

    @Test
    void aSlowFirstEventTimesOutAndTheConnectionIsClosed() throws Exception {
        int disconnects = server.disconnects();
        long t0 = System.nanoTime();
        LlmException e = failure(stream(textReply("end_turn")).withPause(400), Duration.ofMillis(100));
        assertThat(e.type()).isEqualTo(LlmErrorType.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(350));
        ProviderTests.assertClosedSince(server, disconnects);
    }

    @Test
    void aStreamThatStallsBetweenEventsTimesOutAfterItsTokens() {
        List<LlmEvent> seen = new ArrayList<>();
        long t0 = System.nanoTime();
        LlmException e = failure(client, stream(textReply("end_turn")).stallingBeforeTheLast(1500), Duration.ofMillis(200),
                seen);
        assertThat(e.type()).isEqualTo(LlmErrorType.TIMEOUT);
        assertThat(seen).containsExactly(new LlmEvent.Token("Sunny"), new LlmEvent.Token(" in Zürich."));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1000));
    }

    @Test
    void aBackendThatNeverAnswersTimesOutAndTheRequestIsAbandoned() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                BedrockRuntimeAsyncClient c = BedrockProvider.client("us-east-1", local(silent.getLocalPort()), CREDENTIALS)) {
            CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> {
                try (Socket s = silent.accept(); InputStream in = s.getInputStream()) {
                    while (in.read() >= 0) {
                        // the request, then nothing: no answer is ever sent
                    }
                    return true; // the client closed the connection
                } catch (java.io.IOException ex) {
                    return true; // reset by the client
                }
            });
            long t0 = System.nanoTime();
            try {
                new BedrockProvider(c).complete(request(Duration.ofMillis(150)));
                throw new AssertionError("no failure");
            } catch (LlmException e) {
                assertThat(e.type()).isEqualTo(LlmErrorType.TIMEOUT);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
            assertThat(closed.get(2, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void noServerListeningIsAConnectionError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (BedrockRuntimeAsyncClient c = BedrockProvider.client("us-east-1", local(port), CREDENTIALS)) {
            new BedrockProvider(c).complete(request(Duration.ofSeconds(5)));
            throw new AssertionError("no failure");
        } catch (LlmException e) {
            assertThat(e.type()).isEqualTo(LlmErrorType.CONNECTION);
            assertThat(e.retryable()).isTrue();
        }
    }

    @Test
    void credentialsThatCannotBeLoadedAreAMisconfigurationAndNothingIsSent() {
        int before = server.requests();
        try (BedrockRuntimeAsyncClient c = BedrockProvider.client("us-east-1", local(server.baseUrl().getPort()), () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        })) {
            new BedrockProvider(c).complete(request(Duration.ofSeconds(5)));
            throw new AssertionError("no failure");
        } catch (LlmException e) {
            assertThat(e.type()).isEqualTo(LlmErrorType.MISCONFIGURED);
            assertThat(e.getMessage()).contains("Unable to load credentials");
        }
        assertThat(server.requests()).isEqualTo(before);
    }

    @Test
    void aListenerThatStopsCancelsTheStream() throws Exception {
        List<byte[]> many = opening().subList(0, 1);
        List<byte[]> frames = new ArrayList<>(many);
        for (int i = 0; i < 60; i++) {
            frames.add(delta(0, "t" + i));
        }
        frames.addAll(textReply("end_turn").subList(3, 6));
        server.answering(r -> stream(frames).withPause(10));
        int disconnects = server.disconnects();
        List<LlmEvent> seen = new ArrayList<>();
        long t0 = System.nanoTime();
        new BedrockProvider(client).stream(request(Duration.ofSeconds(5)), e -> {
            seen.add(e);
            return seen.size() < 2;
        });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(300)); // not the 0.6 s stream
        assertThat(seen).containsExactly(new LlmEvent.Token("t0"), new LlmEvent.Token("t1"));
        ProviderTests.assertClosedSince(server, disconnects);
    }

    @Test
    void withoutAnOverrideTheRegionsEndpointIsResolved() {
        try (BedrockRuntimeAsyncClient c = BedrockProvider.client("eu-central-1", null, CREDENTIALS)) {
            BedrockRuntimeServiceClientConfiguration config = c.serviceClientConfiguration();
            assertThat(config.endpointOverride()).isEmpty();
            URI endpoint = ((BedrockRuntimeEndpointProvider) config.endpointProvider().orElseThrow())
                    .resolveEndpoint(p -> p.region(config.region())).join().url();
            assertThat(endpoint).isEqualTo(URI.create("https://bedrock-runtime.eu-central-1.amazonaws.com"));
        }
    }
}

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * The Bedrock adapter through the real AWS SDK against a local endpoint that answers ConverseStream the way
 * Bedrock does: binary event-stream frames ({@code application/vnd.amazon.eventstream}), errors as an HTTP
 * status with {@code x-amzn-ErrorType}, or as an exception frame inside the stream.
 */
class BedrockProviderTest {
    static LlmTestServer server;
    static BedrockRuntimeAsyncClient client;

    @BeforeAll
    static void start() {
        server = new LlmTestServer();
        client = BedrockProvider.client("us-east-1", java.net.URI.create("http://127.0.0.1:"
                + server.baseUrl().getPort()), StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    static byte[] frame(String eventType, String json) {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":event-type", HeaderValue.fromString(eventType));
        h.put(":content-type", HeaderValue.fromString("application/json"));
        h.put(":message-type", HeaderValue.fromString("event"));
        return new Message(h, json.getBytes(StandardCharsets.UTF_8)).toByteBuffer().array();
    }

    static byte[] exception(String type, String message) {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":exception-type", HeaderValue.fromString(type));
        h.put(":content-type", HeaderValue.fromString("application/json"));
        h.put(":message-type", HeaderValue.fromString("exception"));
        return new Message(h, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8)).toByteBuffer().array();
    }

    static List<byte[]> recording() {
        List<byte[]> f = new ArrayList<>();
        f.add(frame("messageStart", "{\"role\":\"assistant\",\"p\":\"abcd\"}"));
        f.add(frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Sunny\"},\"p\":\"ab\"}"));
        f.add(frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\" in Zürich.\"},\"p\":\"ab\"}"));
        f.add(frame("contentBlockStop", "{\"contentBlockIndex\":0,\"p\":\"a\"}"));
        f.add(frame("contentBlockStart", "{\"contentBlockIndex\":1,\"start\":{\"toolUse\":{\"toolUseId\":\"tooluse_1\","
                + "\"name\":\"get_forecast\"}},\"p\":\"a\"}"));
        f.add(frame("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"{\\\"city\\\": \"}},\"p\":\"a\"}"));
        f.add(frame("contentBlockDelta", "{\"contentBlockIndex\":1,\"delta\":{\"toolUse\":{\"input\":\"\\\"Zürich\\\"}\"}},\"p\":\"a\"}"));
        f.add(frame("contentBlockStop", "{\"contentBlockIndex\":1,\"p\":\"a\"}"));
        f.add(frame("messageStop", "{\"stopReason\":\"tool_use\",\"p\":\"abc\"}"));
        f.add(frame("metadata", "{\"usage\":{\"inputTokens\":33,\"outputTokens\":21,\"totalTokens\":54},"
                + "\"metrics\":{\"latencyMs\":420},\"p\":\"ab\"}"));
        return f;
    }

    static Answer stream(List<byte[]> frames) {
        return new Answer(200, Map.of("content-type", "application/vnd.amazon.eventstream",
                "x-amzn-requestid", "req-1"), frames, 0, false);
    }

    static LlmRequest request(Duration timeout) {
        return new LlmRequest("anthropic.claude-3-haiku-20240307-v1:0", List.of(LlmMessage.of("system", "Be brief."),
                LlmMessage.of("user", "Weather?"),
                new LlmMessage("assistant", "", null, List.of(new LlmToolCall("t0", "lookup", "{\"q\":1}"))),
                new LlmMessage("tool", "{\"ok\":true}", "t0", List.of())),
                List.of(new LlmTool("get_forecast", "Forecast", "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}")),
                0.2, 256, timeout);
    }

    @Test
    void aStreamedReplyThroughTheSdkAndTheRequestItSent() throws Exception {
        server.answering(r -> stream(recording()));
        List<String> events = new ArrayList<>();
        new BedrockProvider(client).stream(request(Duration.ofSeconds(5)), e -> events.add(ProviderTests.describe(e)));
        assertThat(events).containsExactly("token:Sunny", "token: in Zürich.",
                "tool_call:tooluse_1/get_forecast/{\"city\": \"Zürich\"}", "usage:33/21", "done:tool_calls");

        LlmTestServer.Received r = server.received().get(server.requests() - 1);
        assertThat(r.path()).isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1:0/converse-stream");
        assertThat(r.header("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/");
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("system").get(0).path("text").asText()).isEqualTo("Be brief.");
        assertThat(body.path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(256);
        assertThat(body.path("messages").get(1).path("content").get(0).path("toolUse").path("input").path("q").asInt())
                .isEqualTo(1);
        assertThat(body.path("messages").get(2).path("content").get(0).path("toolResult").path("toolUseId").asText())
                .isEqualTo("t0");
        assertThat(body.path("toolConfig").path("tools").get(0).path("toolSpec").path("inputSchema").path("json")
                .path("properties").has("city")).isTrue();
    }

    static LlmException failure(Answer a, Duration timeout) {
        server.answering(r -> a);
        int before = server.requests();
        try {
            new BedrockProvider(client).complete(request(timeout));
        } catch (LlmException e) {
            assertThat(server.requests() - before).as("the SDK does not retry").isEqualTo(1);
            return e;
        }
        throw new AssertionError("no failure");
    }

    static Answer error(int status, String type) {
        return Answer.of(status, "application/json", "{\"message\":\"" + type + " happened\"}")
                .withHeader("x-amzn-ErrorType", type + ":http://internal.amazon.com/");
    }

    @Test
    void errorsMapToTheTaxonomyWithoutSdkRetries() {
        LlmException throttled = failure(error(429, "ThrottlingException"), Duration.ofSeconds(5));
        assertThat(throttled.type()).isEqualTo(LlmErrorType.RATE_LIMITED);
        assertThat(failure(error(400, "ValidationException"), Duration.ofSeconds(5)).type())
                .isEqualTo(LlmErrorType.INVALID_REQUEST);
        assertThat(failure(error(403, "AccessDeniedException"), Duration.ofSeconds(5)).type())
                .isEqualTo(LlmErrorType.MISCONFIGURED);
        LlmException internal = failure(error(500, "InternalServerException"), Duration.ofSeconds(5));
        assertThat(internal.type()).isEqualTo(LlmErrorType.BACKEND);
        assertThat(internal.retryable()).isTrue();
        assertThat(failure(error(408, "ModelTimeoutException"), Duration.ofSeconds(5)).type()).isEqualTo(LlmErrorType.TIMEOUT);

        List<byte[]> broken = new ArrayList<>(recording().subList(0, 3));
        broken.add(exception("modelStreamErrorException", "the model failed"));
        LlmException mid = failure(stream(broken), Duration.ofSeconds(5));
        assertThat(mid.type()).isEqualTo(LlmErrorType.BACKEND);

        assertThat(failure(stream(recording().subList(0, 4)), Duration.ofSeconds(5)).type()).isEqualTo(LlmErrorType.PARSE);
        assertThat(failure(stream(recording()).withPause(1500), Duration.ofMillis(400)).type()).isEqualTo(LlmErrorType.TIMEOUT);
    }

    @Test
    void aListenerThatStopsEndsTheStream() {
        List<byte[]> many = new ArrayList<>(recording().subList(0, 1));
        for (int i = 0; i < 50; i++) {
            many.add(frame("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"t" + i + "\"},\"p\":\"a\"}"));
        }
        many.addAll(recording().subList(3, recording().size()));
        server.answering(r -> stream(many).withPause(10));
        List<String> seen = new ArrayList<>();
        long t0 = System.nanoTime();
        new BedrockProvider(client).stream(request(Duration.ofSeconds(5)), e -> {
            seen.add(ProviderTests.describe(e));
            return seen.size() < 2;
        });
        assertThat(seen).containsExactly("token:t0", "token:t1");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(400)); // not the whole stream
    }
}

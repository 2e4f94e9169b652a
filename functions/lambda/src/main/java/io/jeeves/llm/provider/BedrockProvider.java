package io.jeeves.llm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmEvent;
import io.jeeves.llm.LlmException;
import io.jeeves.llm.LlmListener;
import io.jeeves.llm.LlmMessage;
import io.jeeves.llm.LlmProvider;
import io.jeeves.llm.LlmRequest;
import io.jeeves.llm.LlmTool;
import io.jeeves.llm.LlmToolCall;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.FlowAdapters;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlockDelta;

/**
 * Amazon Bedrock's ConverseStream through the AWS SDK v2 (the async client on Netty; non-streaming is the
 * buffered stream). System messages are the request's {@code system} blocks, an assistant's tool calls
 * {@code toolUse} blocks and tool results a user message's {@code toolResult} blocks. The SDK's events are
 * handed to the caller's thread ({@link Handoff}), which keeps the request's time-out; a listener that stops
 * cancels the subscription, which closes the connection. Failures are mapped by {@link BedrockErrors}.
 *
 * <p>Time-outs: the request's time-out is the wait for the first event and between two events, which is what
 * the handoff measures. The SDK's API call (attempt) time-out is not used: it bounds the whole stream (a test
 * saw it end a stream whose events came every 100 ms at its 500 ms), so it would cut a long reply that is
 * flowing well.
 */
public final class BedrockProvider implements LlmProvider {
    public static final String NAME = "bedrock";

    private final BedrockRuntimeAsyncClient client;

    public BedrockProvider(BedrockRuntimeAsyncClient client) {
        this.client = client;
    }

    /**
     * The client of a region (or of {@code endpoint}), signing with {@code credentials}: HTTP/1.1, 10 s to
     * connect, no SDK retries (the gateway retries, with its own budget), and no read time-out of the HTTP
     * client (Netty's default, 30 s for every call of the client, would cut an agent's longer time-out short and
     * be reported as a broken connection): each call keeps its own time-out and cancels its request when it
     * runs out, which closes the connection.
     *
     * @param endpoint null: Bedrock's endpoint in the region
     */
    public static BedrockRuntimeAsyncClient client(String region, URI endpoint, AwsCredentialsProvider credentials) {
        BedrockRuntimeAsyncClientBuilder b = BedrockRuntimeAsyncClient.builder().region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .readTimeout(Duration.ZERO)
                        // HTTP/1.1, as boto3 and the JavaScript SDK stream Converse: the SDK's default for Bedrock is
                        // HTTP/2, which gains nothing for one response stream per call
                        .protocol(Protocol.HTTP1_1))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        return b.build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void stream(LlmRequest request, LlmListener listener) {
        Handoff<ConverseStreamOutput> events = new Handoff<>(NAME, BedrockErrors::of);
        CompletableFuture<Void> call = client.converseStream(request(request), ConverseStreamResponseHandler.builder()
                .onEventStream(p -> p.subscribe(FlowAdapters.toSubscriber(events))).onError(events::fail).build());
        // the call's future ends after the stream's last event: only its failure (one before any event) matters
        call.whenComplete((v, t) -> {
            if (t != null) {
                events.fail(t);
            }
        });
        Reply reply = new Reply(listener);
        long timeout = request.timeout().toNanos();
        try {
            ConverseStreamOutput e;
            while ((e = events.next(timeout)) != null) {
                if (!reply.on(e)) {
                    return;
                }
            }
        } finally {
            if (events.abandon()) { // stopped early (listener, time-out): the request is cancelled, its connection closed
                call.cancel(true);
            }
        }
        reply.end();
    }

    /** The ConverseStream request of {@code r}. */
    static ConverseStreamRequest request(LlmRequest r) {
        List<SystemContentBlock> system = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        for (LlmMessage m : r.messages()) {
            switch (m.role()) {
                case "system":
                    system.add(SystemContentBlock.fromText(m.content()));
                    break;
                case "tool":
                    append(messages, ConversationRole.USER, List.of(ContentBlock.fromToolResult(ToolResultBlock.builder()
                            .toolUseId(m.toolCallId()).content(ToolResultContentBlock.fromText(m.content())).build())));
                    break;
                case "assistant": {
                    List<ContentBlock> content = new ArrayList<>();
                    if (!m.content().isEmpty()) {
                        content.add(ContentBlock.fromText(m.content()));
                    }
                    for (LlmToolCall c : m.toolCalls()) {
                        content.add(ContentBlock.fromToolUse(ToolUseBlock.builder().toolUseId(c.id()).name(c.name())
                                .input(document(AnthropicProvider.input(c))).build()));
                    }
                    append(messages, ConversationRole.ASSISTANT, content);
                    break;
                }
                default:
                    append(messages, ConversationRole.USER, List.of(ContentBlock.fromText(m.content())));
            }
        }
        ConverseStreamRequest.Builder b = ConverseStreamRequest.builder().modelId(r.model()).messages(messages)
                .inferenceConfig(InferenceConfiguration.builder().maxTokens(r.maxTokens())
                        .temperature(r.temperature() == null ? null : r.temperature().floatValue()).build());
        if (!system.isEmpty()) {
            b.system(system);
        }
        if (!r.tools().isEmpty()) {
            List<Tool> tools = new ArrayList<>();
            for (LlmTool t : r.tools()) {
                tools.add(Tool.fromToolSpec(ToolSpecification.builder().name(t.name()).description(t.description())
                        .inputSchema(ToolInputSchema.fromJson(document(OpenAiProvider.schema(t)))).build()));
            }
            b.toolConfig(ToolConfiguration.builder().tools(tools).build());
        }
        return b.build();
    }

    /**
     * Adds {@code content} as a turn of {@code role}. Converse wants the roles to alternate, so content of the
     * role of the last turn joins it (tool results after a user message, two assistant messages in a row); and
     * it refuses empty content, so an assistant message with neither text nor calls is left out.
     */
    private static void append(List<Message> messages, ConversationRole role, List<ContentBlock> content) {
        if (content.isEmpty()) {
            return;
        }
        Message last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && last.role() == role) {
            List<ContentBlock> joined = new ArrayList<>(last.content());
            joined.addAll(content);
            messages.set(messages.size() - 1, last.toBuilder().content(joined).build());
        } else {
            messages.add(Message.builder().role(role).content(content).build());
        }
    }

    /** A JSON value as the SDK's document (how Converse carries tool inputs and schemas). */
    static Document document(JsonNode n) {
        if (n.isObject()) {
            Map<String, Document> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), document(e.getValue())));
            return Document.fromMap(m);
        }
        if (n.isArray()) {
            List<Document> l = new ArrayList<>();
            n.forEach(v -> l.add(document(v)));
            return Document.fromList(l);
        }
        if (n.isTextual()) {
            return Document.fromString(n.textValue());
        }
        if (n.isBoolean()) {
            return Document.fromBoolean(n.booleanValue());
        }
        if (n.isNumber()) {
            return Document.fromNumber(n.decimalValue());
        }
        return Document.fromNull();
    }

    /** What the events of one reply say, handed on to the listener as the gateway's events. */
    private static final class Reply {
        private final LlmListener listener;
        /** Tool uses being streamed, by content block index. */
        private final Map<Integer, ToolUse> tools = new HashMap<>();
        private LlmEvent.Usage usage;
        private String finishReason;

        Reply(LlmListener listener) {
            this.listener = listener;
        }

        /** @return false when the listener asked to stop */
        boolean on(ConverseStreamOutput e) {
            if (e instanceof ContentBlockStartEvent s && s.start() != null && s.start().toolUse() != null) {
                tools.put(s.contentBlockIndex(), new ToolUse(s.start().toolUse().toolUseId(), s.start().toolUse().name()));
            } else if (e instanceof ContentBlockDeltaEvent d && d.delta() != null) {
                String text = d.delta().text();
                if (text != null && !text.isEmpty()) {
                    return listener.onEvent(new LlmEvent.Token(text));
                }
                ToolUse tool = tools.get(d.contentBlockIndex());
                ToolUseBlockDelta input = d.delta().toolUse();
                if (tool != null && input != null && input.input() != null) {
                    tool.input.append(input.input());
                }
            } else if (e instanceof ContentBlockStopEvent s) {
                ToolUse tool = tools.remove(s.contentBlockIndex());
                if (tool != null) {
                    return listener.onEvent(new LlmEvent.ToolCall(tool.call()));
                }
            } else if (e instanceof MessageStopEvent s) {
                finishReason = finishReason(s.stopReasonAsString());
            } else if (e instanceof ConverseStreamMetadataEvent m && m.usage() != null) {
                usage = new LlmEvent.Usage(count(m.usage().inputTokens()), count(m.usage().outputTokens()));
            }
            return true; // messageStart, reasoning, other kinds of blocks, events of later API versions
        }

        /** The stream's end: usage and done, or {@code parse} when it ended before Bedrock said the message stopped. */
        void end() {
            if (finishReason == null) {
                throw LlmException.of(LlmErrorType.PARSE, "the bedrock stream ended before the message stopped");
            }
            if (usage != null && !listener.onEvent(usage)) {
                return;
            }
            listener.onEvent(new LlmEvent.Done(finishReason));
        }

        private static long count(Integer n) {
            return n == null ? 0 : n;
        }

        private static String finishReason(String stopReason) {
            if (stopReason == null) {
                return "stop";
            }
            switch (stopReason) {
                case "max_tokens":
                    return "length";
                case "tool_use":
                    return "tool_calls";
                case "content_filtered":
                case "guardrail_intervened":
                    return "content_filter";
                default: // end_turn, stop_sequence
                    return "stop";
            }
        }
    }

    /** A tool use whose input is still arriving. */
    private static final class ToolUse {
        final String id;
        final String name;
        final StringBuilder input = new StringBuilder();

        ToolUse(String id, String name) {
            this.id = id;
            this.name = name;
        }

        LlmToolCall call() {
            return new LlmToolCall(id, name, input.length() == 0 ? "{}" : input.toString());
        }
    }
}

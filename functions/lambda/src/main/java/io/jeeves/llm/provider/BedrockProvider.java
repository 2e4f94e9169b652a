package io.jeeves.llm.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.jeeves.json.Json;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmEvent;
import io.jeeves.llm.LlmException;
import io.jeeves.llm.LlmListener;
import io.jeeves.llm.LlmMessage;
import io.jeeves.llm.LlmProvider;
import io.jeeves.llm.LlmRequest;
import io.jeeves.llm.LlmTool;
import io.jeeves.llm.LlmToolCall;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
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
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Amazon Bedrock's ConverseStream through the AWS SDK v2 (the async client on Netty). System messages are
 * the request's {@code system} blocks, an assistant's tool calls {@code toolUse} blocks and tool results a
 * user message's {@code toolResult} blocks. The SDK's events are handed to the caller's thread through a
 * queue, which is also where the time-outs are kept (to the first event and between events); a listener that
 * stops cancels the subscription. The SDK does not retry: the gateway does.
 */
public final class BedrockProvider implements LlmProvider {
    public static final String NAME = "bedrock";
    private static final Object END = new Object();

    private final BedrockRuntimeAsyncClient client;

    public BedrockProvider(BedrockRuntimeAsyncClient client) {
        this.client = client;
    }

    /**
     * The client: the region's endpoint (or {@code endpoint}), the given credentials, HTTP/1.1, no SDK retries.
     *
     * @param endpoint null: Bedrock's endpoint in the region
     */
    public static BedrockRuntimeAsyncClient client(String region, URI endpoint, AwsCredentialsProvider credentials) {
        BedrockRuntimeAsyncClientBuilder b = BedrockRuntimeAsyncClient.builder().region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        // HTTP/1.1, as boto3 and the JavaScript SDK stream Converse: the SDK's default for Bedrock is
                        // HTTP/2, which gains nothing for one response stream per call
                        .protocol(Protocol.HTTP1_1))
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()));
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
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        Subscription[] subscription = new Subscription[1];
        ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
                .onEventStream(publisher -> publisher.subscribe(new Subscriber<ConverseStreamOutput>() {
                    @Override
                    public void onSubscribe(Subscription s) {
                        synchronized (subscription) {
                            subscription[0] = s;
                        }
                        s.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(ConverseStreamOutput e) {
                        events.add(e);
                    }

                    @Override
                    public void onError(Throwable t) {
                        events.add(t);
                    }

                    @Override
                    public void onComplete() {
                        events.add(END);
                    }
                }))
                .onError(events::add)
                .build();
        CompletableFuture<Void> call = client.converseStream(request(request), handler);
        call.whenComplete((v, t) -> events.add(t == null ? END : t));
        Reply reply = new Reply(listener);
        try {
            while (true) {
                Object e = events.poll(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
                if (e == null) {
                    throw LlmException.of(LlmErrorType.TIMEOUT, "bedrock sent nothing for "
                            + request.timeout().toMillis() + " ms");
                }
                if (e == END) {
                    break;
                }
                if (e instanceof Throwable t) {
                    throw error(t);
                }
                if (!reply.on((ConverseStreamOutput) e)) {
                    return;
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw LlmException.of(LlmErrorType.CONNECTION, "interrupted while streaming from bedrock");
        } finally {
            synchronized (subscription) {
                if (subscription[0] != null && !call.isDone()) {
                    subscription[0].cancel();
                }
            }
            call.cancel(true);
        }
        reply.end();
    }

    static ConverseStreamRequest request(LlmRequest r) {
        List<SystemContentBlock> system = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        for (LlmMessage m : r.messages()) {
            switch (m.role()) {
                case "system":
                    system.add(SystemContentBlock.fromText(m.content()));
                    break;
                case "tool":
                    addToUser(messages, ContentBlock.fromToolResult(ToolResultBlock.builder().toolUseId(m.toolCallId())
                            .content(ToolResultContentBlock.fromText(m.content())).build()));
                    break;
                case "assistant": {
                    List<ContentBlock> content = new ArrayList<>();
                    if (!m.content().isEmpty()) {
                        content.add(ContentBlock.fromText(m.content()));
                    }
                    for (LlmToolCall c : m.toolCalls()) {
                        content.add(ContentBlock.fromToolUse(ToolUseBlock.builder().toolUseId(c.id()).name(c.name())
                                .input(document(json(c.arguments(), "tool call " + c.id()))).build()));
                    }
                    messages.add(Message.builder().role(ConversationRole.ASSISTANT).content(content).build());
                    break;
                }
                default:
                    addToUser(messages, ContentBlock.fromText(m.content()));
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

    /** Turns alternate: a user block joins the last message when it is the user's. */
    private static void addToUser(List<Message> messages, ContentBlock block) {
        Message last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && last.role() == ConversationRole.USER) {
            List<ContentBlock> content = new ArrayList<>(last.content());
            content.add(block);
            messages.set(messages.size() - 1, last.toBuilder().content(content).build());
        } else {
            messages.add(Message.builder().role(ConversationRole.USER).content(block).build());
        }
    }

    private static JsonNode json(String text, String what) {
        try {
            return Json.MAPPER.readTree(text == null || text.isBlank() ? "{}" : text);
        } catch (IOException e) {
            throw LlmException.of(LlmErrorType.INVALID_REQUEST, what + "'s arguments are not JSON");
        }
    }

    /** A JSON value as the SDK's document. */
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

    /** The SDK's failure in the taxonomy. */
    static LlmException error(Throwable t) {
        Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        String name = "bedrock: " + e.getClass().getSimpleName();
        String message = name + (e.getMessage() == null ? "" : ": " + HttpStreams.shorten(e.getMessage()));
        // a refused identity: nothing of the answer (it names accounts and roles), just where to look
        String refused = name + " (check the credentials and the model's access)";
        if (e instanceof ThrottlingException) {
            return LlmException.forStatus(429, message, null);
        }
        if (e instanceof ValidationException) {
            return LlmException.forStatus(400, message, null);
        }
        if (e instanceof AccessDeniedException) {
            return LlmException.of(LlmErrorType.MISCONFIGURED, refused);
        }
        if (e instanceof ResourceNotFoundException) {
            return LlmException.of(LlmErrorType.MISCONFIGURED, message);
        }
        if (e instanceof ModelTimeoutException || e instanceof ApiCallTimeoutException
                || e instanceof ApiCallAttemptTimeoutException) {
            return LlmException.of(LlmErrorType.TIMEOUT, message);
        }
        if (e instanceof BedrockRuntimeException b) {
            int status = b.statusCode() > 0 ? b.statusCode() : 500;
            if ("ServiceQuotaExceededException".equals(b.awsErrorDetails() == null ? null : b.awsErrorDetails().errorCode())) {
                return LlmException.forStatus(429, message, null);
            }
            return LlmException.forStatus(status, status == 401 || status == 403 ? refused : message, null);
        }
        if (e instanceof SdkClientException) {
            return LlmException.of(LlmErrorType.CONNECTION, message);
        }
        return LlmException.of(LlmErrorType.BACKEND, message);
    }

    /** The events of one reply. */
    private static final class Reply {
        private final LlmListener listener;
        private final Map<Integer, String[]> tools = new LinkedHashMap<>();
        private long inputTokens;
        private long outputTokens;
        private boolean usage;
        private String stopReason;

        Reply(LlmListener listener) {
            this.listener = listener;
        }

        boolean on(ConverseStreamOutput e) {
            if (e instanceof ContentBlockStartEvent s && s.start() != null && s.start().toolUse() != null) {
                tools.put(s.contentBlockIndex(), new String[] {s.start().toolUse().toolUseId(), s.start().toolUse().name(), ""});
            } else if (e instanceof ContentBlockDeltaEvent d && d.delta() != null) {
                if (d.delta().text() != null && !d.delta().text().isEmpty()) {
                    return listener.onEvent(new LlmEvent.Token(d.delta().text()));
                }
                String[] tool = tools.get(d.contentBlockIndex());
                if (tool != null && d.delta().toolUse() != null && d.delta().toolUse().input() != null) {
                    tool[2] += d.delta().toolUse().input();
                }
            } else if (e instanceof ContentBlockStopEvent s) {
                String[] tool = tools.remove(s.contentBlockIndex());
                if (tool != null) {
                    return listener.onEvent(new LlmEvent.ToolCall(new LlmToolCall(tool[0], tool[1],
                            tool[2].isEmpty() ? "{}" : tool[2])));
                }
            } else if (e instanceof MessageStopEvent s) {
                stopReason = stopReason(s.stopReasonAsString());
            } else if (e instanceof ConverseStreamMetadataEvent m && m.usage() != null) {
                usage = true;
                inputTokens = m.usage().inputTokens() == null ? 0 : m.usage().inputTokens();
                outputTokens = m.usage().outputTokens() == null ? 0 : m.usage().outputTokens();
            }
            return true;
        }

        void end() {
            if (stopReason == null) {
                throw LlmException.of(LlmErrorType.PARSE, "the bedrock stream ended before it was done");
            }
            if (usage && !listener.onEvent(new LlmEvent.Usage(inputTokens, outputTokens))) {
                return;
            }
            listener.onEvent(new LlmEvent.Done(stopReason));
        }

        private static String stopReason(String r) {
            if (r == null) {
                return "stop";
            }
            switch (r) {
                case "max_tokens":
                    return "length";
                case "tool_use":
                    return "tool_calls";
                case "content_filtered":
                case "guardrail_intervened":
                    return "content_filter";
                default:
                    return "stop";
            }
        }
    }
}

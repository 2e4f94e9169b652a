package io.jeeves.llm.provider;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jeeves.json.Json;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmEvent;
import io.jeeves.llm.LlmException;
import io.jeeves.llm.LlmListener;
import io.jeeves.llm.LlmMessage;
import io.jeeves.llm.LlmRequest;
import io.jeeves.llm.LlmTool;
import io.jeeves.llm.LlmToolCall;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Anthropic's Messages API, streamed: {@code POST {base}/messages} with {@code x-api-key} and
 * {@code anthropic-version}. System messages go to the top-level {@code system}; an assistant's tool calls
 * are {@code tool_use} blocks and tool results {@code tool_result} blocks of a user message. The stream:
 * {@code message_start} (input tokens), {@code content_block_start} (a text or a tool_use block),
 * {@code content_block_delta} (text, or a piece of a tool's JSON input), {@code content_block_stop} (a tool
 * call is complete), {@code message_delta} (stop reason, output tokens), {@code message_stop}; {@code ping}
 * is ignored and {@code error} fails the call (overloaded: retryable, like a 529).
 */
public final class AnthropicProvider extends SseProvider {
    public static final String NAME = "anthropic";
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com/v1");
    static final String VERSION = "2023-06-01";

    /** @param baseUrl null: {@link #DEFAULT_BASE_URL}; @param apiKey null: none (a proxy that adds it) */
    public AnthropicProvider(URI baseUrl, String apiKey, HttpClient client, long maxResponseBytes) {
        super(NAME, baseUrl == null ? DEFAULT_BASE_URL : baseUrl, "/messages", headers(apiKey), client, maxResponseBytes);
    }

    private static Map<String, String> headers(String apiKey) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("anthropic-version", VERSION);
        if (apiKey != null) {
            h.put("x-api-key", apiKey);
        }
        return h;
    }

    @Override
    HttpStreams.Reply reply(LlmListener listener) {
        return new Reply(listener, new TextDelta());
    }

    /** A reply that reads every event with Jackson: what {@link TextDelta} is checked against (tests). */
    static HttpStreams.Reply readByJacksonOnly(LlmListener listener) {
        return new Reply(listener, null);
    }

    @Override
    ObjectNode body(LlmRequest request) {
        ObjectNode o = Json.object();
        o.put("model", request.model());
        o.put("max_tokens", request.maxTokens());
        StringBuilder system = new StringBuilder();
        ArrayNode messages = o.putArray("messages");
        for (LlmMessage m : request.messages()) {
            switch (m.role()) {
                case "system":
                    system.append(system.length() == 0 ? "" : "\n\n").append(m.content());
                    break;
                case "tool": {
                    ObjectNode result = userTurn(messages).addObject().put("type", "tool_result")
                            .put("tool_use_id", m.toolCallId());
                    result.put("content", m.content());
                    break;
                }
                case "assistant": {
                    ArrayNode content = messages.addObject().put("role", "assistant").putArray("content");
                    if (!m.content().isEmpty()) {
                        content.addObject().put("type", "text").put("text", m.content());
                    }
                    for (LlmToolCall c : m.toolCalls()) {
                        content.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name())
                                .set("input", input(c));
                    }
                    break;
                }
                default:
                    userTurn(messages).addObject().put("type", "text").put("text", m.content());
            }
        }
        if (system.length() > 0) {
            o.put("system", system.toString());
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = o.putArray("tools");
            for (LlmTool t : request.tools()) {
                ObjectNode tool = tools.addObject().put("name", t.name());
                if (t.description() != null) {
                    tool.put("description", t.description());
                }
                tool.set("input_schema", OpenAiProvider.schema(t));
            }
        }
        if (request.temperature() != null) {
            o.put("temperature", Math.min(1.0, request.temperature())); // Anthropic's range is 0..1
        }
        o.put("stream", true);
        return o;
    }

    /** The content of the user turn at the end, started if the last turn is not the user's (turns alternate). */
    private static ArrayNode userTurn(ArrayNode messages) {
        JsonNode last = messages.size() == 0 ? null : messages.get(messages.size() - 1);
        if (last != null && "user".equals(last.path("role").asText())) {
            return (ArrayNode) last.get("content");
        }
        return messages.addObject().put("role", "user").putArray("content");
    }

    /** A call's arguments as JSON (none: an empty object); Bedrock's toolUse input is the same. */
    static JsonNode input(LlmToolCall c) {
        try {
            return Json.MAPPER.readTree(c.arguments() == null || c.arguments().isBlank() ? "{}" : c.arguments());
        } catch (IOException e) {
            throw LlmException.of(LlmErrorType.INVALID_REQUEST, "tool call " + c.id() + "'s arguments are not JSON");
        }
    }

    /**
     * The event nearly all of a stream is made of: a {@code content_block_delta} with a {@code text_delta}. Read by
     * a {@link JsonCursor}, which answers false for anything else (a piece of a tool's input), or anything it is
     * not sure of, so that Jackson reads it as before (and decides whether it is malformed).
     */
    static final class TextDelta {
        private static final byte[] INDEX = JsonCursor.ascii("index");
        private static final byte[] DELTA = JsonCursor.ascii("delta");
        private static final byte[] TYPE = JsonCursor.ascii("type");
        private static final byte[] TEXT = JsonCursor.ascii("text");
        private static final byte[] PARTIAL_JSON = JsonCursor.ascii("partial_json");
        private static final byte[] TEXT_DELTA = JsonCursor.ascii("text_delta");

        private final JsonCursor json = new JsonCursor();
        /** The last text delta read whole, whose shape the next ones most likely have. */
        private final EventShape shape = new EventShape();
        /** The last delta's text: null when it had none. */
        String text;

        /** Reads a delta; false when it is not a text delta (or not sure), then nothing is kept. */
        boolean read(byte[] data, int offset, int length) {
            text = shape.read(json, data, offset, length);
            if (text != null) {
                return true; // a text delta like the last: the same bytes around another text
            }
            boolean textDelta = false;
            int textQuote = 0;
            int textEnd = 0;
            try {
                json.reset(data, offset, length);
                int event = json.beginObject();
                while (json.nextName(event)) {
                    int c = json.peek();
                    if (json.nameIs(INDEX) && (c == '-' || c >= '0' && c <= '9')) {
                        if (!json.skipNumber()) {
                            throw JsonCursor.UNSURE; // not an int that surely fits: Jackson reads it as one
                        }
                    } else if (json.nameIs(DELTA) && c == '{') {
                        int delta = json.beginObject();
                        while (json.nextName(delta)) {
                            if (json.nameIs(TYPE)) {
                                textDelta = json.readStringIs(TEXT_DELTA);
                            } else if (json.nameIs(TEXT) || json.nameIs(PARTIAL_JSON)) {
                                text = json.readString();
                                textQuote = json.stringStart();
                                textEnd = json.position();
                            } else {
                                json.skipValue();
                            }
                        }
                    } else {
                        json.skipValue();
                    }
                }
                json.finish();
                if (!textDelta) {
                    throw JsonCursor.UNSURE;
                }
                if (text != null) {
                    shape.remember(data, offset, length, textQuote, textEnd);
                }
                return true;
            } catch (JsonCursor.Unsure e) {
                text = null;
                return false;
            }
        }
    }

    /** One streamed reply. */
    private static final class Reply extends HttpStreams.ListenerReply {
        /** Open tool_use blocks by index: id, name, input so far. */
        private final Map<Integer, String[]> tools = new HashMap<>();
        /** Reads the text deltas; null: Jackson reads them all. */
        private final TextDelta textDelta;
        private long inputTokens;
        private long outputTokens;
        private String stopReason;
        private boolean done;

        Reply(LlmListener listener, TextDelta textDelta) {
            super(listener, NAME);
            this.textDelta = textDelta;
        }

        @Override
        public boolean onEvent(String event, byte[] bytes, int offset, int length) {
            if (event.equals("ping")) {
                return true;
            }
            if (event.equals("content_block_delta")) {
                return delta(bytes, offset, length); // the hot event: one token each, read without a tree
            }
            JsonNode data = json(bytes, offset, length);
            String type = data.path("type").asText(event);
            switch (type) {
                case "message_start":
                    JsonNode usage = data.path("message").path("usage");
                    inputTokens = usage.path("input_tokens").asLong() + usage.path("cache_creation_input_tokens").asLong()
                            + usage.path("cache_read_input_tokens").asLong();
                    outputTokens = usage.path("output_tokens").asLong();
                    return true;
                case "content_block_start": {
                    JsonNode block = data.path("content_block");
                    if ("tool_use".equals(block.path("type").asText())) {
                        tools.put(data.path("index").asInt(), new String[] {block.path("id").asText(),
                                block.path("name").asText(), ""});
                    } else if (block.hasNonNull("text") && !block.get("text").asText().isEmpty()) {
                        return emit(new LlmEvent.Token(block.get("text").asText()));
                    }
                    return true;
                }
                case "content_block_delta": // a stream without event names
                    return delta(bytes, offset, length);
                case "content_block_stop": {
                    String[] tool = tools.remove(data.path("index").asInt());
                    return tool == null
                            || emit(new LlmEvent.ToolCall(new LlmToolCall(tool[0], tool[1], tool[2].isEmpty() ? "{}" : tool[2])));
                }
                case "message_delta":
                    if (data.path("delta").hasNonNull("stop_reason")) {
                        stopReason = stopReason(data.path("delta").path("stop_reason").asText());
                    }
                    if (data.path("usage").has("output_tokens")) {
                        outputTokens = data.path("usage").path("output_tokens").asLong();
                    }
                    return true;
                case "message_stop":
                    done = true;
                    return false;
                case "error":
                    throw streamError(data.path("error"));
                default:
                    return true; // event types added later are ignored, as Anthropic asks of clients
            }
        }

        /** A content_block_delta: a text token, or a piece of a tool's JSON input. */
        private boolean delta(byte[] bytes, int offset, int length) {
            if (textDelta != null && textDelta.read(bytes, offset, length)) { // nearly all: a text token, read where it is
                String text = textDelta.text;
                return text == null || text.isEmpty() || emit(new LlmEvent.Token(text));
            }
            int index = 0;
            String kind = null;
            String text = null;
            try (JsonParser p = parser(bytes, offset, length)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw notJson();
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("index") && value == JsonToken.VALUE_NUMBER_INT) {
                        index = p.getIntValue();
                    } else if (field.equals("delta") && value == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String d = p.currentName();
                            p.nextToken();
                            if (d.equals("type")) {
                                kind = p.getText();
                            } else if (d.equals("text") || d.equals("partial_json")) {
                                text = p.getText();
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            } catch (IOException ex) {
                throw notJson();
            }
            if ("text_delta".equals(kind)) {
                return text == null || text.isEmpty() || emit(new LlmEvent.Token(text));
            }
            if ("input_json_delta".equals(kind) && text != null) {
                String[] tool = tools.get(index);
                if (tool != null) {
                    tool[2] += text;
                }
            }
            return true;
        }

        @Override
        public void end() {
            if (stopped) {
                return;
            }
            if (!done) {
                throw cutShort();
            }
            if (emit(new LlmEvent.Usage(inputTokens, outputTokens))) {
                emit(new LlmEvent.Done(stopReason == null ? "stop" : stopReason));
            }
        }

        private static String stopReason(String r) {
            switch (r) {
                case "max_tokens":
                    return "length";
                case "tool_use":
                    return "tool_calls";
                case "refusal":
                    return "content_filter";
                default:
                    return "stop"; // end_turn, stop_sequence, pause_turn
            }
        }

        private static LlmException streamError(JsonNode error) {
            String type = error.path("type").asText("");
            String message = "the anthropic stream failed: " + HttpStreams.shorten(type + ": " + error.path("message").asText(""));
            switch (type) {
                case "rate_limit_error":
                    return LlmException.forStatus(429, message, null);
                case "overloaded_error":
                    return LlmException.forStatus(529, message, null);
                case "invalid_request_error":
                    return LlmException.forStatus(400, message, null);
                default:
                    return LlmException.forStatus(500, message, null);
            }
        }
    }
}

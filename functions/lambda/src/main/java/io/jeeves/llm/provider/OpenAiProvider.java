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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OpenAI Chat Completions wire format, streamed: OpenAI itself, Azure-style deployments (an
 * {@code api-key} header instead of the bearer token), and the servers that speak it (Ollama, llama.cpp's
 * server, vLLM, LiteLLM proxies) at a configurable base URL. {@code POST {base}/chat/completions} with
 * {@code stream: true} and {@code stream_options.include_usage}; each {@code data:} chunk carries content
 * deltas (tokens), tool-call pieces (assembled by index, emitted when the reply ends), the finish reason, and
 * finally the usage; {@code data: [DONE]} ends it.
 *
 * <p>Unlike the reference, which skipped malformed lines, a chunk that is not JSON fails the call with
 * {@code parse}: a skipped chunk is a silently wrong reply (a lost token or tool argument).
 */
public final class OpenAiProvider extends SseProvider {
    public static final String NAME = "openai";
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.openai.com/v1");


    /**
     * @param baseUrl null: {@link #DEFAULT_BASE_URL}
     * @param apiKey null: no authentication (a local server)
     * @param extraHeaders added to every request (e.g. Azure's {@code api-key}); may be empty
     */
    public OpenAiProvider(URI baseUrl, String apiKey, Map<String, String> extraHeaders, java.net.http.HttpClient client,
            long maxResponseBytes) {
        super(NAME, baseUrl == null ? DEFAULT_BASE_URL : baseUrl, "/chat/completions", headers(apiKey, extraHeaders), client,
                maxResponseBytes);
    }

    private static Map<String, String> headers(String apiKey, Map<String, String> extraHeaders) {
        Map<String, String> h = new LinkedHashMap<>(extraHeaders);
        if (apiKey != null) {
            h.put("authorization", "Bearer " + apiKey);
        }
        return h;
    }

    @Override
    HttpStreams.Reply reply(LlmListener listener) {
        return new Reply(listener, new CommonChunk());
    }

    /** A reply that reads every chunk with Jackson: what {@link CommonChunk} is checked against (tests). */
    static HttpStreams.Reply readByJacksonOnly(LlmListener listener) {
        return new Reply(listener, null);
    }

    @Override
    ObjectNode body(LlmRequest request) {
        ObjectNode o = Json.object();
        o.put("model", request.model());
        ArrayNode messages = o.putArray("messages");
        for (LlmMessage m : request.messages()) {
            ObjectNode msg = messages.addObject().put("role", m.role());
            if (!m.content().isEmpty() || m.toolCalls().isEmpty()) {
                msg.put("content", m.content());
            } else {
                msg.putNull("content");
            }
            if (m.toolCallId() != null) {
                msg.put("tool_call_id", m.toolCallId());
            }
            if (!m.toolCalls().isEmpty()) {
                ArrayNode calls = msg.putArray("tool_calls");
                for (LlmToolCall c : m.toolCalls()) {
                    calls.addObject().put("id", c.id()).put("type", "function").putObject("function")
                            .put("name", c.name()).put("arguments", c.arguments());
                }
            }
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = o.putArray("tools");
            for (LlmTool t : request.tools()) {
                ObjectNode f = tools.addObject().put("type", "function").putObject("function").put("name", t.name());
                if (t.description() != null) {
                    f.put("description", t.description());
                }
                f.set("parameters", schema(t));
            }
        }
        if (request.temperature() != null) {
            o.put("temperature", request.temperature());
        }
        o.put("max_tokens", request.maxTokens());
        o.put("stream", true);
        o.putObject("stream_options").put("include_usage", true);
        return o;
    }

    static JsonNode schema(LlmTool t) {
        if (t.parameters() == null) {
            return Json.object().put("type", "object");
        }
        try {
            return Json.MAPPER.readTree(t.parameters());
        } catch (IOException e) {
            throw LlmException.of(LlmErrorType.INVALID_REQUEST, "tool " + t.name() + "'s parameters are not JSON");
        }
    }

    private static final byte[] DONE = {'[', 'D', 'O', 'N', 'E', ']'};

    /**
     * The chunk nearly all of a stream is made of: the first choice's content and finish reason, no tool calls,
     * no usage, no error. Read by a {@link JsonCursor}, which answers false for anything else, or anything it is
     * not sure of, so that Jackson reads it as before (and decides whether it is malformed).
     */
    static final class CommonChunk {
        private static final byte[] CHOICES = JsonCursor.ascii("choices");
        private static final byte[] USAGE = JsonCursor.ascii("usage");
        private static final byte[] ERROR = JsonCursor.ascii("error");
        private static final byte[] DELTA = JsonCursor.ascii("delta");
        private static final byte[] CONTENT = JsonCursor.ascii("content");
        private static final byte[] TOOL_CALLS = JsonCursor.ascii("tool_calls");
        private static final byte[] FINISH_REASON = JsonCursor.ascii("finish_reason");

        private final JsonCursor json = new JsonCursor();
        /** The last token chunk read whole, whose content's shape the next ones most likely have. */
        private final EventShape shape = new EventShape();
        /** Where the content's string was in the chunk being read: its opening quote, and after its end. */
        private int contentQuote;
        private int contentEnd;
        /** What the last chunk read said: null when it did not say. */
        String content;
        String finishReason;

        /** Reads a chunk; false when it is not a common one (or not sure), then nothing is kept. */
        boolean read(byte[] data, int offset, int length) {
            finishReason = null;
            content = shape.read(json, data, offset, length);
            if (content != null) {
                return true; // a token chunk like the last: the same bytes around another content
            }
            try {
                json.reset(data, offset, length);
                int chunk = json.beginObject();
                while (json.nextName(chunk)) {
                    if (json.nameIs(CHOICES) && json.peek() == '[') {
                        choices();
                    } else if (json.nameIs(ERROR)) {
                        if (!json.skipNull()) {
                            throw JsonCursor.UNSURE; // the stream failed: Jackson reads the error
                        }
                    } else if (json.nameIs(USAGE) && json.peek() == '{') {
                        throw JsonCursor.UNSURE; // the usage, once at the end: Jackson reads it
                    } else {
                        json.skipValue();
                    }
                }
                json.finish();
                if (content != null && finishReason == null) {
                    shape.remember(data, offset, length, contentQuote, contentEnd);
                }
                return true;
            } catch (JsonCursor.Unsure e) {
                content = null;
                finishReason = null;
                return false;
            }
        }

        private void choices() {
            json.beginArray();
            for (int i = 0; json.nextElement(i); i++) {
                if (json.peek() != '{') {
                    throw JsonCursor.UNSURE;
                }
                if (i > 0) {
                    json.skipValue(); // n > 1 is never asked for
                    continue;
                }
                int choice = json.beginObject();
                while (json.nextName(choice)) {
                    if (json.nameIs(DELTA) && json.peek() == '{') {
                        delta();
                    } else if (json.nameIs(FINISH_REASON) && json.peek() == '"') {
                        finishReason = json.readString();
                    } else {
                        json.skipValue();
                    }
                }
            }
        }

        private void delta() {
            int delta = json.beginObject();
            while (json.nextName(delta)) {
                if (json.nameIs(CONTENT) && json.peek() == '"') {
                    content = json.readString();
                    contentQuote = json.stringStart();
                    contentEnd = json.position();
                } else if (json.nameIs(TOOL_CALLS) && json.peek() == '[') {
                    throw JsonCursor.UNSURE;
                } else {
                    json.skipValue();
                }
            }
        }
    }

    /** One streamed reply: what its chunks said so far. */
    private static final class Reply extends HttpStreams.ListenerReply {
        /** Tool calls by their index in the choice, assembled from their pieces. */
        private final Map<Integer, String[]> tools = new TreeMap<>();
        /** Reads the common chunks; null: Jackson reads them all. */
        private final CommonChunk chunk;
        private String finishReason;
        private boolean done;

        Reply(LlmListener listener, CommonChunk chunk) {
            super(listener, NAME);
            this.chunk = chunk;
        }

        @Override
        public boolean onEvent(String event, byte[] data, int offset, int length) {
            if (isDone(data, offset, length)) {
                done = true;
                return false;
            }
            String token;
            JsonNode usage = null;
            boolean finishing = finishReason == null;
            if (chunk != null && chunk.read(data, offset, length)) { // most chunks: one token, read where they are
                token = chunk.content;
                if (chunk.finishReason != null) {
                    finishReason = finishReason(chunk.finishReason);
                }
            } else {
                token = null;
                // the rest, and any chunk the fast reader is not sure of, read as it streams, without a tree
                try (JsonParser p = parser(data, offset, length)) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        throw notJson();
                    }
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        JsonToken value = p.nextToken();
                        if (field.equals("choices") && value == JsonToken.START_ARRAY) {
                            token = choices(p);
                        } else if (field.equals("usage") && value == JsonToken.START_OBJECT) {
                            usage = p.readValueAsTree();
                        } else if (field.equals("error") && value != JsonToken.VALUE_NULL) {
                            throw streamError(p.readValueAsTree());
                        } else {
                            p.skipChildren();
                        }
                    }
                } catch (IOException ex) {
                    throw notJson();
                }
            }
            if (token != null && !token.isEmpty() && !emit(new LlmEvent.Token(token))) {
                return false;
            }
            if (finishing && finishReason != null && !emitToolCalls()) {
                return false; // the choice is finished: its tool calls are whole
            }
            if (usage != null) {
                return emitToolCalls() && emit(new LlmEvent.Usage(usage.path("prompt_tokens").asLong(),
                        usage.path("completion_tokens").asLong()));
            }
            return true;
        }

        private static boolean isDone(byte[] data, int offset, int length) {
            return length == 6 && java.util.Arrays.equals(data, offset, offset + 6, DONE, 0, 6);
        }

        /** The first choice: its content (returned), its tool-call pieces and its finish reason (kept). */
        private String choices(JsonParser p) throws IOException {
            String content = null;
            boolean first = true;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                if (!first) {
                    p.skipChildren(); // n > 1 is never asked for
                    continue;
                }
                first = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("delta") && value == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String d = p.currentName();
                            JsonToken v = p.nextToken();
                            if (d.equals("content") && v == JsonToken.VALUE_STRING) {
                                content = p.getText();
                            } else if (d.equals("tool_calls") && v == JsonToken.START_ARRAY) {
                                toolCallPieces(p.readValueAsTree());
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else if (field.equals("finish_reason") && value == JsonToken.VALUE_STRING) {
                        finishReason = finishReason(p.getText());
                    } else {
                        p.skipChildren();
                    }
                }
            }
            return content;
        }

        private void toolCallPieces(JsonNode pieces) {
            for (JsonNode piece : pieces) {
                String[] call = tools.computeIfAbsent(piece.path("index").asInt(tools.size()),
                        i -> new String[] {null, null, ""});
                JsonNode fn = piece.path("function");
                if (piece.hasNonNull("id")) {
                    call[0] = piece.get("id").asText();
                }
                if (fn.hasNonNull("name")) {
                    call[1] = fn.get("name").asText();
                }
                if (fn.hasNonNull("arguments")) {
                    call[2] += fn.get("arguments").asText();
                }
            }
        }

        /** The assembled tool calls, once: when the choice finishes (or, without a finish reason, at the usage or the end). */
        private boolean emitToolCalls() {
            for (String[] c : tools.values()) {
                if (!emit(new LlmEvent.ToolCall(new LlmToolCall(c[0], c[1], c[2].isEmpty() ? "{}" : c[2])))) {
                    return false;
                }
            }
            tools.clear();
            return true;
        }

        /** The stream ended: done, if the backend said it was. */
        @Override
        public void end() {
            if (stopped) {
                return;
            }
            if (!done && finishReason == null) {
                throw cutShort();
            }
            if (emitToolCalls()) {
                emit(new LlmEvent.Done(finishReason == null ? "stop" : finishReason));
            }
        }

        private static String finishReason(String r) {
            switch (r) {
                case "length":
                    return "length";
                case "tool_calls":
                case "function_call":
                    return "tool_calls";
                case "content_filter":
                    return "content_filter";
                default:
                    return "stop";
            }
        }

        /** An {@code error} object in the stream (a backend that failed after answering 200). */
        private static LlmException streamError(JsonNode error) {
            String type = error.path("type").asText(error.path("code").asText(""));
            String code = error.path("code").asText("");
            String message = "the openai stream failed: " + HttpStreams.shorten((type.isEmpty() ? "" : type + ": ")
                    + error.path("message").asText(""));
            if (type.contains("rate_limit") || code.contains("rate_limit") || code.equals("429")) {
                return LlmException.forStatus(429, message, null);
            }
            return LlmException.forStatus(502, message, null);
        }
    }
}

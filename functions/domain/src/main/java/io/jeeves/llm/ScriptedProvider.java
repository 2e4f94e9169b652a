package io.jeeves.llm;

import java.util.List;

/**
 * Deterministic replies from configuration, for tests and local demos. The reply is the first whose
 * {@code match} occurs in the last user message (a reply without one matches anything); its content is
 * streamed a word at a time, then its tool calls, its usage (configured, or estimated from the characters
 * as {@link TokenEstimate} does) and done. A reply may instead fail with an error of the taxonomy.
 */
public final class ScriptedProvider implements LlmProvider {
    public static final String NAME = "scripted";

    /**
     * One scripted reply.
     *
     * @param match text the last user message must contain; null matches anything
     * @param inputTokens null: estimated from the request
     * @param outputTokens null: estimated from the content
     * @param error null, or the error to fail with
     */
    public record Reply(String match, String content, List<LlmToolCall> toolCalls, Long inputTokens, Long outputTokens,
            LlmErrorType error) {
        public Reply {
            content = content == null ? "" : content;
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }
    }

    private final List<Reply> replies;

    public ScriptedProvider(List<Reply> replies) {
        this.replies = List.copyOf(replies);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void stream(LlmRequest request, LlmListener listener) {
        Reply reply = choose(request);
        if (reply.error() != null) {
            throw LlmException.of(reply.error(), "scripted " + reply.error().wireName() + " error");
        }
        String content = reply.content();
        long written = 0;
        int start = 0;
        while (start < content.length()) {
            int space = content.indexOf(' ', start + 1);
            int end = space < 0 ? content.length() : space;
            String token = content.substring(start, end);
            written++;
            if (!listener.onEvent(new LlmEvent.Token(token))) {
                return;
            }
            if (written >= request.maxTokens() && end < content.length()) {
                emitUsage(request, reply, listener, written);
                listener.onEvent(new LlmEvent.Done("length"));
                return;
            }
            start = end;
        }
        for (LlmToolCall call : reply.toolCalls()) {
            if (!listener.onEvent(new LlmEvent.ToolCall(call))) {
                return;
            }
        }
        long output = reply.outputTokens() != null ? reply.outputTokens() : Math.max(written, TokenEstimate.ofChars(content.length()));
        if (!emitUsage(request, reply, listener, Math.min(output, request.maxTokens()))) {
            return;
        }
        listener.onEvent(new LlmEvent.Done(reply.toolCalls().isEmpty() ? "stop" : "tool_calls"));
    }

    private static boolean emitUsage(LlmRequest request, Reply reply, LlmListener listener, long output) {
        long input = reply.inputTokens() != null ? reply.inputTokens() : TokenEstimate.of(request);
        return listener.onEvent(new LlmEvent.Usage(input, output));
    }

    private Reply choose(LlmRequest request) {
        String last = "";
        for (LlmMessage m : request.messages()) {
            if ("user".equals(m.role())) {
                last = m.content();
            }
        }
        for (Reply r : replies) {
            if (r.match() == null || last.contains(r.match())) {
                return r;
            }
        }
        throw LlmException.of(LlmErrorType.MISCONFIGURED, "the scripted provider has no reply for this request "
                + "(add one without \"match\" as the default)");
    }
}

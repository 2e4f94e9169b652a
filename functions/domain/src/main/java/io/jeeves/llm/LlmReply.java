package io.jeeves.llm;

import java.util.ArrayList;
import java.util.List;

/**
 * A buffered reply.
 *
 * @param usage the backend's usage; null when it reported none
 * @param finishReason null when the stream stopped without done
 */
public record LlmReply(String content, List<LlmToolCall> toolCalls, LlmEvent.Usage usage, String finishReason) {

    public LlmReply {
        toolCalls = List.copyOf(toolCalls);
    }

    /** Collects a stream's events into a reply. */
    public static final class Builder implements LlmListener {
        private final StringBuilder content = new StringBuilder();
        private final List<LlmToolCall> toolCalls = new ArrayList<>();
        private LlmEvent.Usage usage;
        private String finishReason;

        @Override
        public boolean onEvent(LlmEvent event) {
            if (event instanceof LlmEvent.Token t) {
                content.append(t.text());
            } else if (event instanceof LlmEvent.ToolCall c) {
                toolCalls.add(c.call());
            } else if (event instanceof LlmEvent.Usage u) {
                usage = u;
            } else if (event instanceof LlmEvent.Done d) {
                finishReason = d.finishReason();
            } else if (event instanceof LlmEvent.Failed f) {
                throw f.error();
            }
            return true;
        }

        public LlmReply build() {
            return new LlmReply(content.toString(), toolCalls, usage, finishReason);
        }
    }
}

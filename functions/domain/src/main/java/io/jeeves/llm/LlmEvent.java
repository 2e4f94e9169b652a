package io.jeeves.llm;

/**
 * What a provider's stream delivers, in order: tokens and tool calls as they come, the usage when the
 * backend reports it, then {@link Done}. A failure is thrown as an {@link LlmException}; the gateway's own
 * stream ends with {@link Failed} instead.
 */
public sealed interface LlmEvent {
    /** The event's wire name: token, tool_call, usage, done, error. */
    String kind();

    /** A piece of the reply's text. */
    record Token(String text) implements LlmEvent {
        @Override
        public String kind() {
            return "token";
        }
    }

    /** A complete tool call (its arguments assembled from the stream's pieces). */
    record ToolCall(LlmToolCall call) implements LlmEvent {
        @Override
        public String kind() {
            return "tool_call";
        }
    }

    /** The backend's count of the tokens read and written. */
    record Usage(long inputTokens, long outputTokens) implements LlmEvent {
        @Override
        public String kind() {
            return "usage";
        }
    }

    /** The end of the reply, with the backend's reason normalised: stop, length, tool_calls, budget, content_filter. */
    record Done(String finishReason) implements LlmEvent {
        @Override
        public String kind() {
            return "done";
        }
    }

    /** The gateway's stream only: the call failed. */
    record Failed(LlmException error) implements LlmEvent {
        @Override
        public String kind() {
            return "error";
        }
    }
}

package io.jeeves.llm;

import io.jeeves.error.JeevesException;
import java.util.List;
import java.util.Set;

/**
 * One message of a conversation.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text (may be empty for an assistant message that only calls tools)
 * @param toolCallId for a {@code tool} message: the call it answers
 * @param toolCalls for an {@code assistant} message: the tools it called
 */
public record LlmMessage(String role, String content, String toolCallId, List<LlmToolCall> toolCalls) {
    public static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

    public LlmMessage {
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        content = content == null ? "" : content;
    }

    public static LlmMessage of(String role, String content) {
        return new LlmMessage(role, content, null, List.of());
    }

    /** Checks the message at {@code index} of a request; the error names the field at fault. */
    void validate(int index) {
        String field = "messages[" + index + "]";
        if (role == null || !ROLES.contains(role)) {
            throw JeevesException.invalidArgument(field + ".role", "role must be one of system, user, assistant, tool");
        }
        if ("tool".equals(role) && (toolCallId == null || toolCallId.isBlank())) {
            throw JeevesException.invalidArgument(field + ".tool_call_id", "a tool message needs the tool_call_id it answers");
        }
        if (!toolCalls.isEmpty() && !"assistant".equals(role)) {
            throw JeevesException.invalidArgument(field + ".tool_calls", "only an assistant message calls tools");
        }
        if (content.isEmpty() && toolCalls.isEmpty() && !"assistant".equals(role)) {
            throw JeevesException.invalidArgument(field + ".content", "content is required");
        }
    }
}

package io.jeeves.llm;

import io.jeeves.error.JeevesException;
import java.time.Duration;
import java.util.List;

/**
 * What a provider is asked: the model, the conversation, the tools, and the sampling options (already
 * resolved from the agent's configuration and the call's options).
 *
 * @param temperature null: the backend's default
 * @param maxTokens the most output tokens the backend may produce (the gateway caps it at the budget left)
 * @param timeout how long to wait for the first byte, and between bytes after it
 */
public record LlmRequest(String model, List<LlmMessage> messages, List<LlmTool> tools, Double temperature,
        int maxTokens, Duration timeout) {

    public LlmRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    /** Checks the conversation and tools; the error names the field at fault. */
    public static void validate(List<LlmMessage> messages, List<LlmTool> tools) {
        if (messages == null || messages.isEmpty()) {
            throw JeevesException.invalidArgument("messages", "messages must hold at least one message");
        }
        for (int i = 0; i < messages.size(); i++) {
            messages.get(i).validate(i);
        }
        if (tools != null) {
            for (int i = 0; i < tools.size(); i++) {
                tools.get(i).validate(i);
            }
        }
    }

    /** The characters of every message's content (what artifacts and estimates count). */
    public long inputChars() {
        long n = 0;
        for (LlmMessage m : messages) {
            n += m.content().length();
        }
        return n;
    }
}

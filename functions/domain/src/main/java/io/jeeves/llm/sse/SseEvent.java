package io.jeeves.llm.sse;

/**
 * One server-sent event.
 *
 * @param event the {@code event:} field; "message" when absent
 * @param data the {@code data:} lines joined by newlines
 */
public record SseEvent(String event, String data) {
}

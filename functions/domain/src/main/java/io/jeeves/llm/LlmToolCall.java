package io.jeeves.llm;

/**
 * A tool the model called.
 *
 * @param id the backend's id of the call (tool results answer it)
 * @param name the tool's name
 * @param arguments the arguments, as the JSON text the model wrote
 */
public record LlmToolCall(String id, String name, String arguments) {
}

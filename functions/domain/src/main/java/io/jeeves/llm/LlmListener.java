package io.jeeves.llm;

/** Receives a stream's events. */
@FunctionalInterface
public interface LlmListener {
    /** @return false to stop the stream here (the provider closes its connection and returns) */
    boolean onEvent(LlmEvent event);
}

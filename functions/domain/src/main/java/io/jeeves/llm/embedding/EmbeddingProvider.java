package io.jeeves.llm.embedding;

import java.util.List;

/** Turns texts into vectors, in the gateway's error taxonomy ({@link io.jeeves.llm.LlmException}). */
public interface EmbeddingProvider {
    /** disabled, hashing, openai. */
    String name();

    /** One vector per text, in order; at most {@link MemorySearch#MAX_BATCH} texts. */
    List<float[]> embed(List<String> texts);
}

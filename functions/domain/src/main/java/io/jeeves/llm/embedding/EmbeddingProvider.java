package io.jeeves.llm.embedding;

import io.jeeves.error.JeevesException;
import java.util.List;

/**
 * Turns texts into vectors, in the gateway's error taxonomy ({@link io.jeeves.llm.LlmException}). Providers do
 * not retry (a caller sees the failure and decides) and check {@link #checked the bounds} before sending
 * anything, so a request a backend would refuse costs nothing.
 */
public interface EmbeddingProvider {
    /** The most texts one call takes: one Lambda invocation's worth, far below any backend's own limit. */
    int MAX_BATCH = 100;
    /** The longest text, in characters (about 2,000 tokens: within every embeddings model's input). */
    int MAX_TEXT = 8192;

    /** disabled, hashing, openai, bedrock. */
    String name();

    /** The length of every vector it returns, or 0 when the model decides (no dimensions configured). */
    int dimensions();

    /** One vector per text, in order. */
    List<float[]> embed(List<String> texts);

    /** The vector of one text. */
    default float[] embedOne(String text) {
        return embed(List.of(text)).get(0);
    }

    /**
     * {@code texts}, refused (INVALID_ARGUMENT naming the field, {@code texts} or {@code texts[i]}) when there
     * are none or more than {@link #MAX_BATCH}, or when one is empty or longer than {@link #MAX_TEXT}.
     */
    static List<String> checked(List<String> texts) {
        if (texts == null || texts.isEmpty() || texts.size() > MAX_BATCH) {
            throw JeevesException.invalidArgument("texts", "an embeddings call takes 1 to " + MAX_BATCH + " texts");
        }
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            if (t == null || t.isEmpty() || t.length() > MAX_TEXT) {
                throw JeevesException.invalidArgument("texts[" + i + "]",
                        "texts[" + i + "] must be 1 to " + MAX_TEXT + " characters");
            }
        }
        return texts;
    }
}

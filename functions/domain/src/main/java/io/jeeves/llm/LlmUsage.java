package io.jeeves.llm;

import java.math.BigDecimal;

/**
 * A call's usage, normalised whatever the backend.
 *
 * @param estimatedCostUsd null when the model has no price
 * @param reported whether the backend counted the tokens (otherwise the gateway estimated them)
 */
public record LlmUsage(long inputTokens, long outputTokens, long totalTokens, BigDecimal estimatedCostUsd,
        boolean reported) {

    public static LlmUsage of(long inputTokens, long outputTokens, BigDecimal cost, boolean reported) {
        return new LlmUsage(inputTokens, outputTokens, inputTokens + outputTokens, cost, reported);
    }
}

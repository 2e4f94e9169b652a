package io.jeeves.kernel;

import java.util.function.ToLongFunction;

/**
 * The usage counters that quotas bound, in the check order of kernel-reference §5.2 (elapsed time is
 * checked between {@link #TOKENS_OUT} and {@link #INFERENCE_REQUESTS}; see {@link QuotaPolicy}).
 * One table serves the domain checks and the storage layer's conditional writes.
 */
public enum Counter {
    LLM_CALLS("llm_calls", "max_llm_calls", 0, ResourceQuota::maxLlmCalls, ResourceUsage::llmCalls),
    TOOL_CALLS("tool_calls", "max_tool_calls", 1, ResourceQuota::maxToolCalls, ResourceUsage::toolCalls),
    AGENT_HOPS("agent_hops", "max_agent_hops", 2, ResourceQuota::maxAgentHops, ResourceUsage::agentHops),
    ITERATIONS("iterations", "max_iterations", 3, ResourceQuota::maxIterations, ResourceUsage::iterations),
    TOKENS_IN("tokens_in", "max_input_tokens", 4, ResourceQuota::maxInputTokens, ResourceUsage::tokensIn),
    TOKENS_OUT("tokens_out", "max_output_tokens", 5, ResourceQuota::maxOutputTokens, ResourceUsage::tokensOut),
    INFERENCE_REQUESTS("inference_requests", "max_inference_requests", 6,
            ResourceQuota::maxInferenceRequests, ResourceUsage::inferenceRequests),
    INFERENCE_INPUT_CHARS("inference_input_chars", "max_inference_input_chars", 7,
            ResourceQuota::maxInferenceInputChars, ResourceUsage::inferenceInputChars);

    private final String wireName;
    private final String quotaField;
    private final int deltaIndex;
    private final java.util.function.ToIntFunction<ResourceQuota> limit;
    private final ToLongFunction<ResourceUsage> used;

    Counter(String wireName, String quotaField, int deltaIndex,
            java.util.function.ToIntFunction<ResourceQuota> limit, ToLongFunction<ResourceUsage> used) {
        this.wireName = wireName;
        this.quotaField = quotaField;
        this.deltaIndex = deltaIndex;
        this.limit = limit;
        this.used = used;
    }

    public String wireName() {
        return wireName;
    }

    public String quotaField() {
        return quotaField;
    }

    public long limit(ResourceQuota quota) {
        return limit.applyAsInt(quota);
    }

    public long used(ResourceUsage usage) {
        return used.applyAsLong(usage);
    }

    public long delta(UsageDelta delta) {
        return delta.values()[deltaIndex];
    }

    /** This counter's value in an array in {@link UsageDelta#values()} order (e.g. signed corrections). */
    public long of(long[] values) {
        return values[deltaIndex];
    }
}

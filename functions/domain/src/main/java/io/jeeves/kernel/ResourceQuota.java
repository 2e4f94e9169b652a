package io.jeeves.kernel;

import io.jeeves.error.JeevesException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A process's limits: the 14 fields and defaults of kernel-reference §5.1. Every field is a
 * non-negative 32-bit integer. {@code timeout_seconds = 0} means "no time limit".
 */
public record ResourceQuota(
        int maxLlmCalls,
        int maxToolCalls,
        int maxAgentHops,
        int maxIterations,
        int timeoutSeconds,
        int softTimeoutSeconds,
        int maxInputTokens,
        int maxOutputTokens,
        int maxContextTokens,
        int rateLimitRpm,
        int rateLimitRph,
        int rateLimitBurst,
        int maxInferenceRequests,
        int maxInferenceInputChars) {

    /** The wire names, in declaration order. */
    public static final List<String> FIELDS = List.of(
            "max_llm_calls", "max_tool_calls", "max_agent_hops", "max_iterations",
            "timeout_seconds", "soft_timeout_seconds",
            "max_input_tokens", "max_output_tokens", "max_context_tokens",
            "rate_limit_rpm", "rate_limit_rph", "rate_limit_burst",
            "max_inference_requests", "max_inference_input_chars");

    public static final ResourceQuota DEFAULTS = new ResourceQuota(
            100, 50, 10, 20, 300, 240, 100_000, 50_000, 150_000, 60, 1000, 10, 50, 500_000);

    public ResourceQuota {
        int[] values = {maxLlmCalls, maxToolCalls, maxAgentHops, maxIterations, timeoutSeconds,
            softTimeoutSeconds, maxInputTokens, maxOutputTokens, maxContextTokens, rateLimitRpm,
            rateLimitRph, rateLimitBurst, maxInferenceRequests, maxInferenceInputChars};
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0) {
                throw JeevesException.invalidArgument("quota." + FIELDS.get(i),
                        FIELDS.get(i) + " must be non-negative, got " + values[i]);
            }
        }
    }

    /** The fields as a name → value map, in wire order. */
    public Map<String, Integer> toMap() {
        int[] v = {maxLlmCalls, maxToolCalls, maxAgentHops, maxIterations, timeoutSeconds,
            softTimeoutSeconds, maxInputTokens, maxOutputTokens, maxContextTokens, rateLimitRpm,
            rateLimitRph, rateLimitBurst, maxInferenceRequests, maxInferenceInputChars};
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            out.put(FIELDS.get(i), v[i]);
        }
        return out;
    }

    /** Builds a quota from a name → value map; names absent from the map keep their value in {@code base}. */
    public static ResourceQuota fromMap(Map<String, Integer> values, ResourceQuota base) {
        for (String key : values.keySet()) {
            if (!FIELDS.contains(key)) {
                throw JeevesException.invalidArgument("quota." + key, "Unknown quota field: " + key);
            }
        }
        Map<String, Integer> merged = base.toMap();
        merged.putAll(values);
        int[] v = merged.values().stream().mapToInt(Integer::intValue).toArray();
        return new ResourceQuota(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13]);
    }

    /** Explicit update (fixes quirk §17.8): the given fields are set, zero included; the others are kept. */
    public ResourceQuota withOverrides(Map<String, Integer> overrides) {
        return fromMap(overrides, this);
    }
}

package io.jeeves.kernel;

import io.jeeves.error.JeevesException;
import java.util.List;

/**
 * An increment to record against a process. All counters are non-negative; a delta that would take a
 * counter past its quota is refused as a whole (see {@link QuotaPolicy#refusal}).
 */
public record UsageDelta(
        long llmCalls,
        long toolCalls,
        long agentHops,
        long iterations,
        long tokensIn,
        long tokensOut,
        long inferenceRequests,
        long inferenceInputChars) {

    public static final List<String> FIELDS = List.of("llm_calls", "tool_calls", "agent_hops", "iterations",
            "tokens_in", "tokens_out", "inference_requests", "inference_input_chars");

    public UsageDelta {
        long[] v = {llmCalls, toolCalls, agentHops, iterations, tokensIn, tokensOut, inferenceRequests, inferenceInputChars};
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0) {
                throw JeevesException.invalidArgument(FIELDS.get(i), "`" + FIELDS.get(i) + "` must be non-negative, got " + v[i]);
            }
        }
    }

    public long[] values() {
        return new long[] {llmCalls, toolCalls, agentHops, iterations, tokensIn, tokensOut, inferenceRequests, inferenceInputChars};
    }

    public static UsageDelta of(long[] v) {
        return new UsageDelta(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }

    public boolean isZero() {
        for (long x : values()) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}

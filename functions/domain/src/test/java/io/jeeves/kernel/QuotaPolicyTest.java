package io.jeeves.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.InvalidArgumentException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaPolicyTest {
    private static ResourceUsage usage(long llm, long tools, long hops, long iters, long in, long out) {
        return new ResourceUsage(llm, tools, hops, iters, in, out, 0, 0, 0);
    }

    @Test
    void defaultsAreTheReferenceDefaults() {
        assertThat(ResourceQuota.DEFAULTS.toMap()).containsExactly(
                Map.entry("max_llm_calls", 100), Map.entry("max_tool_calls", 50), Map.entry("max_agent_hops", 10),
                Map.entry("max_iterations", 20), Map.entry("timeout_seconds", 300), Map.entry("soft_timeout_seconds", 240),
                Map.entry("max_input_tokens", 100_000), Map.entry("max_output_tokens", 50_000),
                Map.entry("max_context_tokens", 150_000), Map.entry("rate_limit_rpm", 60), Map.entry("rate_limit_rph", 1000),
                Map.entry("rate_limit_burst", 10), Map.entry("max_inference_requests", 50),
                Map.entry("max_inference_input_chars", 500_000));
    }

    @Test
    void usageEqualToTheLimitIsWithinBounds() {
        ResourceQuota q = ResourceQuota.DEFAULTS;
        assertThat(QuotaPolicy.firstViolation(q, usage(100, 50, 10, 20, 100_000, 50_000), 300)).isEmpty();
        assertThat(QuotaPolicy.firstViolation(q, usage(101, 0, 0, 0, 0, 0), 0)).contains("llm_calls 101 > 100");
    }

    @Test
    void firstViolationInCheckOrderWins() {
        ResourceQuota q = ResourceQuota.DEFAULTS;
        assertThat(QuotaPolicy.firstViolation(q, usage(0, 51, 11, 21, 100_001, 50_001), 301)).contains("tool_calls 51 > 50");
        assertThat(QuotaPolicy.firstViolation(q, usage(0, 0, 11, 21, 0, 0), 0)).contains("agent_hops 11 > 10");
        assertThat(QuotaPolicy.firstViolation(q, usage(0, 0, 0, 21, 0, 0), 0)).contains("iterations 21 > 20");
        assertThat(QuotaPolicy.firstViolation(q, usage(0, 0, 0, 0, 100_001, 50_001), 0)).contains("tokens_in 100001 > 100000");
        assertThat(QuotaPolicy.firstViolation(q, usage(0, 0, 0, 0, 0, 50_001), 301)).contains("tokens_out 50001 > 50000");
        ResourceUsage inference = new ResourceUsage(0, 0, 0, 0, 0, 0, 51, 0, 0);
        assertThat(QuotaPolicy.firstViolation(q, inference, 301)).get().asString().startsWith("elapsed_seconds 301.000 > 300");
        assertThat(QuotaPolicy.firstViolation(q, inference, 10)).contains("inference_requests 51 > 50");
    }

    @Test
    void timeoutZeroMeansNoTimeLimit() {
        ResourceQuota q = ResourceQuota.DEFAULTS.withOverrides(Map.of("timeout_seconds", 0));
        assertThat(QuotaPolicy.firstViolation(q, ResourceUsage.ZERO, 1_000_000)).isEmpty();
    }

    @Test
    void refusalComputesWhetherAnIncrementFits() {
        ResourceQuota q = ResourceQuota.DEFAULTS;
        UsageDelta five = new UsageDelta(5, 0, 0, 0, 0, 0, 0, 0);
        assertThat(QuotaPolicy.refusal(q, usage(95, 0, 0, 0, 0, 0), five, 0)).isEmpty();
        assertThat(QuotaPolicy.refusal(q, usage(96, 0, 0, 0, 0, 0), five, 0)).contains("llm_calls 96 + 5 > 100");
        assertThat(QuotaPolicy.admissibleCeiling(q, Counter.LLM_CALLS, five)).isEqualTo(95);
        UsageDelta tokens = new UsageDelta(0, 0, 0, 0, 0, 60_000, 0, 0);
        assertThat(QuotaPolicy.refusal(q, ResourceUsage.ZERO, tokens, 0)).contains("tokens_out 0 + 60000 > 50000");
        assertThat(QuotaPolicy.refusal(q, ResourceUsage.ZERO, five, 301)).get().asString().startsWith("elapsed_seconds");
        assertThat(QuotaPolicy.refusal(q, usage(1000, 0, 0, 0, 0, 0), new UsageDelta(0, 0, 0, 0, 0, 0, 0, 0), 0))
                .as("an empty increment touches nothing").isEmpty();
    }

    @Test
    void explicitOverridesSetZeroAndKeepTheRest() {
        ResourceQuota q = ResourceQuota.DEFAULTS.withOverrides(Map.of("max_llm_calls", 0, "max_tool_calls", 7));
        assertThat(q.maxLlmCalls()).isZero();
        assertThat(q.maxToolCalls()).isEqualTo(7);
        assertThat(q.maxAgentHops()).isEqualTo(10);
        assertThatThrownBy(() -> ResourceQuota.DEFAULTS.withOverrides(Map.of("max_llm_call", 1)))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.field()).isEqualTo("quota.max_llm_call"));
        assertThatThrownBy(() -> ResourceQuota.DEFAULTS.withOverrides(Map.of("timeout_seconds", -1)))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.field()).isEqualTo("quota.timeout_seconds"));
    }

    @Test
    void negativeIncrementsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> new UsageDelta(-5, 0, 0, 0, 0, 0, 0, 0))
                .isInstanceOfSatisfying(InvalidArgumentException.class, e -> assertThat(e.field()).isEqualTo("llm_calls"));
        assertThatThrownBy(() -> new UsageDelta(0, 0, 0, 0, -100, 0, 0, 0)).hasMessageContaining("tokens_in");
    }
}

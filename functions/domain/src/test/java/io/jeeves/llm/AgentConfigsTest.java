package io.jeeves.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jeeves.error.InvalidArgumentException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigsTest {

    @Test
    void nothingConfiguredMeansDisabledWithTheDefaults() {
        AgentLlmConfig c = AgentConfigs.of(Map.of()).forAgent("planner");
        assertThat(c.provider()).isEqualTo("disabled");
        assertThat(c.maxTokens()).isEqualTo(AgentLlmConfig.DEFAULT_MAX_TOKENS);
        assertThat(c.timeout()).isEqualTo(AgentLlmConfig.DEFAULT_TIMEOUT);
        assertThat(c.contextWindow()).isEqualTo(AgentLlmConfig.DEFAULT_CONTEXT_WINDOW);
    }

    @Test
    void registeredOverDefaultsUnderTheAgentsEnvironment() {
        Map<String, Object> registered = Map.of(
                "default", Map.of("provider", "openai", "model", "gpt-4o-mini", "base_url", "http://localhost:11434/v1/"),
                "planner-v2", Map.of("model", "gpt-4-turbo", "temperature", 0.2, "max_tokens", 500,
                        "api_key", "env:OPENAI_KEY"));
        Map<String, String> env = Map.of("PLANNER_V2_TEMPERATURE", "0.7", "PLANNER_V2_TIMEOUT_SECONDS", "2.5",
                "JEEVES_LLM_CONTEXT_WINDOW", "8000", "WRITER_PROVIDER", "scripted");
        AgentConfigs configs = AgentConfigs.of(registered, env);

        AgentLlmConfig planner = configs.forAgent("planner-v2");
        assertThat(planner.provider()).isEqualTo("openai");
        assertThat(planner.model()).isEqualTo("gpt-4-turbo");
        assertThat(planner.baseUrl()).isEqualTo(URI.create("http://localhost:11434/v1"));
        assertThat(planner.temperature()).isEqualTo(0.7); // the environment wins
        assertThat(planner.maxTokens()).isEqualTo(500);
        assertThat(planner.timeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(planner.contextWindow()).isEqualTo(8000);
        assertThat(planner.apiKey()).isEqualTo("env:OPENAI_KEY");

        AgentLlmConfig writer = configs.forAgent("writer"); // not registered: the defaults, with its overrides
        assertThat(writer.provider()).isEqualTo("scripted");
        assertThat(writer.model()).isEqualTo("gpt-4o-mini");
        assertThat(configs.agents()).containsExactly("planner-v2");
    }

    @Test
    void aBadConfigurationNamesTheAgentAndTheField() {
        assertThatThrownBy(() -> AgentConfigs.of(Map.of("a", Map.of("provider", "openia")), Map.of()))
                .isInstanceOf(InvalidArgumentException.class).hasFieldOrPropertyWithValue("field", "agents.a.provider")
                .hasMessageContaining("openai, anthropic, bedrock");
        assertThatThrownBy(() -> AgentConfigs.of(Map.of("a", Map.of("provider", "anthropic")), Map.of()))
                .hasFieldOrPropertyWithValue("field", "agents.a.model");
        assertThatThrownBy(() -> AgentConfigs.of(Map.of("a", Map.of("temperature", 3)), Map.of()))
                .hasFieldOrPropertyWithValue("field", "agents.a.temperature");
        assertThatThrownBy(() -> AgentConfigs.of(Map.of("a", Map.of("max_tokens", 1.5)), Map.of()))
                .hasFieldOrPropertyWithValue("field", "agents.a.max_tokens");
        assertThatThrownBy(() -> AgentConfigs.of(Map.of("a", Map.of("modle", "x")), Map.of()))
                .hasFieldOrPropertyWithValue("field", "agents.a.modle");
        assertThatThrownBy(() -> AgentConfigs.of(Map.of("a", Map.of("base_url", "localhost:8080")), Map.of()))
                .hasFieldOrPropertyWithValue("field", "agents.a.base_url");
        assertThatThrownBy(() -> AgentConfigs.of(Map.of("Bad Name", Map.of()), Map.of()))
                .hasFieldOrPropertyWithValue("field", "agent");
        assertThatThrownBy(() -> AgentConfigs.of(Map.of(), Map.of("A_MAX_TOKENS", "lots")).forAgent("a"))
                .hasFieldOrPropertyWithValue("field", "agents.a.max_tokens");
        assertThatThrownBy(() -> AgentConfigs.of(Map.of("a", Map.of("replies", List.of(Map.of("error", "nope")))), Map.of()))
                .hasFieldOrPropertyWithValue("field", "agents.a.replies[0].error");
    }

    @Test
    void aKeyPastedIntoTheConfigurationIsRefusedWithoutBeingEchoed() {
        String key = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
        assertThatThrownBy(() -> AgentConfigs.of(Map.of("a", Map.of("provider", "openai", "model", "m", "api_key", key)),
                Map.of())).hasFieldOrPropertyWithValue("field", "agents.a.api_key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key).doesNotContain("sk-proj"));
        AgentLlmConfig ok = AgentConfigs.of(Map.of("a", Map.of("provider", "openai", "model", "m", "api_key",
                "secretsmanager:jeeves/llm/openai")), Map.of()).forAgent("a");
        assertThat(ok.toString()).doesNotContain("jeeves/llm/openai").contains("apiKey=secret");
    }

    @Test
    void scriptedRepliesAreChosenByTheLastUserMessageAndStreamWordByWord() {
        AgentLlmConfig c = AgentConfigs.of(Map.of("s", Map.of("provider", "scripted", "replies", List.of(
                Map.of("match", "weather", "content", "It is sunny today", "output_tokens", 4),
                Map.of("content", "Hello")))), Map.of()).forAgent("s");
        ScriptedProvider p = new ScriptedProvider(c.scripted());
        LlmRequest weather = new LlmRequest(null, List.of(LlmMessage.of("user", "weather?")), List.of(), null, 100,
                Duration.ofSeconds(1));
        LlmReply r = p.complete(weather);
        assertThat(r.content()).isEqualTo("It is sunny today");
        assertThat(r.usage().outputTokens()).isEqualTo(4);
        assertThat(r.finishReason()).isEqualTo("stop");
        java.util.List<String> tokens = new java.util.ArrayList<>();
        p.stream(weather, e -> {
            if (e instanceof LlmEvent.Token t) {
                tokens.add(t.text());
            }
            return true;
        });
        assertThat(tokens).containsExactly("It", " is", " sunny", " today");
        assertThat(p.complete(new LlmRequest(null, List.of(LlmMessage.of("user", "hi")), List.of(), null, 100,
                Duration.ofSeconds(1))).content()).isEqualTo("Hello");
        LlmReply cut = p.complete(new LlmRequest(null, List.of(LlmMessage.of("user", "weather")), List.of(), null, 2,
                Duration.ofSeconds(1)));
        assertThat(cut.content()).isEqualTo("It is");
        assertThat(cut.finishReason()).isEqualTo("length");
    }

    @Test
    void pricesMatchTheLongestPrefixAndUnknownModelsHaveNoCost() {
        PriceTable t = PriceTable.of(List.of(Map.of("provider", "openai", "model", "gpt-4o-mini",
                "input_per_million", "0.15", "output_per_million", "0.60")));
        assertThat(t.cost("openai", "gpt-4o-mini-2024-07-18", 1_000_000, 1_000_000)).isEqualByComparingTo("0.75");
        assertThat(t.cost("openai", "gpt-4-0613", 1000, 1000)).isEqualByComparingTo("0.09"); // gpt-4: 30 + 60 per M
        assertThat(t.cost("openai", "gpt-4-turbo-preview", 1000, 0)).isEqualByComparingTo("0.01");
        assertThat(t.cost("openai", "o3", 1000, 1000)).isNull();
        assertThat(t.cost("scripted", null, 1000, 1000)).isEqualByComparingTo("0");
        assertThatThrownBy(() -> PriceTable.of(List.of(Map.of("provider", "x", "model", "y", "input_per_million", "-1",
                "output_per_million", "1")))).hasFieldOrPropertyWithValue("field", "prices");
    }

    @Test
    void retriesBackOffExponentiallyWithJitterAndHonourRetryAfter() {
        RetryPolicy p = RetryPolicy.DEFAULT;
        LlmException busy = LlmException.forStatus(503, "busy", null);
        assertThat(p.delay(busy, 1, () -> 0.999)).isEqualTo(Duration.ofMillis(249));
        assertThat(p.delay(busy, 2, () -> 0.5)).isEqualTo(Duration.ofMillis(250));
        assertThat(p.delay(busy, 3, () -> 0.5)).isNull(); // 3 attempts in all
        assertThat(p.delay(LlmException.forStatus(400, "bad", null), 1, () -> 0.5)).isNull();
        assertThat(p.delay(LlmException.forStatus(429, "slow", Duration.ofSeconds(2)), 1, () -> 0.0))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(p.delay(LlmException.forStatus(429, "slow", Duration.ofMinutes(5)), 1, () -> 0.0)).isNull();
        assertThat(LlmException.forStatus(401, "no", null).type()).isEqualTo(LlmErrorType.MISCONFIGURED);
        assertThat(LlmException.forStatus(404, "no", null).type()).isEqualTo(LlmErrorType.INVALID_REQUEST);
        assertThat(LlmException.forStatus(502, "no", null).retryable()).isTrue();
        assertThat(LlmException.forStatus(418, "no", null).retryable()).isFalse();
    }
}

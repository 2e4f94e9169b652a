package io.jeeves.llm.provider;

import io.jeeves.llm.AgentLlmConfig;
import io.jeeves.llm.DisabledProvider;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import io.jeeves.llm.LlmProvider;
import io.jeeves.llm.ScriptedProvider;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The provider of an agent's configuration, built once per configuration and kept for the container's life
 * (HTTP clients and connections are reused across invocations).
 */
public final class Providers implements Function<AgentLlmConfig, LlmProvider> {
    private final ApiKeys keys;
    private final Map<AgentLlmConfig, LlmProvider> built = new ConcurrentHashMap<>();
    /** One HTTP client for every HTTP provider of the container: its connections are reused across calls. */
    private final HttpClient http = HttpStreams.defaultClient(Duration.ofSeconds(10));

    public Providers(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public LlmProvider apply(AgentLlmConfig config) {
        LlmProvider p = built.get(config);
        if (p == null) {
            p = build(config); // outside computeIfAbsent: building may read a secret (I/O), and may fail
            LlmProvider raced = built.putIfAbsent(config, p);
            p = raced == null ? p : raced;
        }
        return p;
    }

    private LlmProvider build(AgentLlmConfig c) {
        switch (c.provider()) {
            case DisabledProvider.NAME:
                return new DisabledProvider(c.agent());
            case ScriptedProvider.NAME:
                return new ScriptedProvider(c.scripted());
            case OpenAiProvider.NAME:
                return new OpenAiProvider(c.baseUrl(), keys.resolve(c.apiKey()), Map.of(), http, HttpStreams.DEFAULT_MAX_BYTES);
            case AnthropicProvider.NAME:
                return new AnthropicProvider(c.baseUrl(), keys.resolve(c.apiKey()), http, HttpStreams.DEFAULT_MAX_BYTES);
            default:
                throw LlmException.of(LlmErrorType.MISCONFIGURED, "the " + c.provider() + " provider is not available");
        }
    }
}

package io.jeeves.llm.provider;

import io.jeeves.llm.AgentLlmConfig;
import io.jeeves.llm.DisabledProvider;
import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import io.jeeves.llm.LlmProvider;
import io.jeeves.llm.ScriptedProvider;
import java.net.http.HttpClient;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
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
    private final HttpClient http = httpClient();
    private final String region;
    /** Bedrock clients by endpoint ("" for the region's): built on first use, kept for the container's life. */
    private final Map<String, BedrockRuntimeAsyncClient> bedrock = new ConcurrentHashMap<>();

    /** @param region Bedrock's region (the function's) */
    public Providers(ApiKeys keys, String region) {
        this.keys = keys;
        this.region = region;
    }

    /** The HTTP client of the HTTP providers (and embeddings): HTTP/1.1, 10 s to connect, no redirects. */
    public static HttpClient httpClient() {
        return HttpStreams.defaultClient(Duration.ofSeconds(10));
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
            case BedrockProvider.NAME:
                // the function's role signs the calls (no key); base_url overrides the endpoint (e.g. a VPC endpoint)
                return new BedrockProvider(bedrock.computeIfAbsent(c.baseUrl() == null ? "" : c.baseUrl().toString(),
                        e -> BedrockProvider.client(region, e.isEmpty() ? null : java.net.URI.create(e),
                                DefaultCredentialsProvider.builder().build())));
            default:
                throw LlmException.of(LlmErrorType.MISCONFIGURED, "the " + c.provider() + " provider is not available");
        }
    }
}

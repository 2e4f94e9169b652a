package io.jeeves.llm;

import io.jeeves.error.JeevesException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One agent's LLM configuration.
 *
 * @param provider disabled, scripted, openai, anthropic or bedrock
 * @param model the backend's model id (required unless disabled or scripted)
 * @param baseUrl openai and anthropic: the API's base URL (e.g. {@code http://localhost:11434/v1} for Ollama)
 * @param temperature 0..2; null: the backend's default
 * @param maxTokens the most output tokens of one call (a call's options may ask for fewer)
 * @param timeout the wait for the first byte, and between bytes
 * @param contextWindow the model's context, in tokens: a call whose estimated input and output exceed it is refused
 * @param apiKey where the key is: {@code env:NAME}, or a Secrets Manager secret ({@code secretsmanager:NAME} or its
 *     ARN); null for none. Never the key itself.
 * @param scripted the scripted provider's replies
 */
public record AgentLlmConfig(String agent, String provider, String model, URI baseUrl, Double temperature, int maxTokens,
        Duration timeout, int contextWindow, String apiKey, List<ScriptedProvider.Reply> scripted) {

    public static final List<String> PROVIDERS = List.of(DisabledProvider.NAME, ScriptedProvider.NAME, "openai",
            "anthropic", "bedrock");
    public static final int DEFAULT_MAX_TOKENS = 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_CONTEXT_WINDOW = 128_000;

    public AgentLlmConfig {
        String at = "agents." + agent + ".";
        if (!PROVIDERS.contains(provider)) {
            throw JeevesException.invalidArgument(at + "provider", "provider must be one of " + String.join(", ", PROVIDERS)
                    + ", got " + provider);
        }
        boolean needsModel = !provider.equals(DisabledProvider.NAME) && !provider.equals(ScriptedProvider.NAME);
        if (needsModel && (model == null || model.isBlank())) {
            throw JeevesException.invalidArgument(at + "model", "the " + provider + " provider needs a model");
        }
        if (temperature != null && (temperature.isNaN() || temperature < 0 || temperature > 2)) {
            throw JeevesException.invalidArgument(at + "temperature", "temperature must be between 0 and 2");
        }
        if (maxTokens < 1) {
            throw JeevesException.invalidArgument(at + "max_tokens", "max_tokens must be at least 1");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw JeevesException.invalidArgument(at + "timeout_seconds", "timeout_seconds must be positive");
        }
        if (contextWindow < 1) {
            throw JeevesException.invalidArgument(at + "context_window", "context_window must be at least 1");
        }
        if (baseUrl != null && !(baseUrl.isAbsolute() && List.of("http", "https").contains(baseUrl.getScheme()))) {
            throw JeevesException.invalidArgument(at + "base_url", "base_url must be an absolute http(s) URL");
        }
        if (apiKey != null && !(apiKey.startsWith("env:") || apiKey.startsWith("secretsmanager:")
                || apiKey.startsWith("arn:aws:secretsmanager:"))) {
            // the value is never echoed: it may be a key pasted by mistake
            throw JeevesException.invalidArgument(at + "api_key", "api_key must name where the key is (env:NAME, "
                    + "secretsmanager:NAME or a secret's ARN), never hold the key itself");
        }
        scripted = scripted == null ? List.of() : List.copyOf(scripted);
    }

    /** Never shows the key's reference's target value (there is none here), only where it is. */
    @Override
    public String toString() {
        return "AgentLlmConfig[agent=" + agent + ", provider=" + provider + ", model=" + model + ", baseUrl=" + baseUrl
                + ", temperature=" + temperature + ", maxTokens=" + maxTokens + ", timeout=" + timeout + ", contextWindow="
                + contextWindow + ", apiKey=" + (apiKey == null ? "none" : apiKey.startsWith("env:") ? apiKey : "secret")
                + "]";
    }
}

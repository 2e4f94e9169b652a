package io.jeeves.config;

import io.jeeves.error.JeevesException;
import io.jeeves.llm.AgentConfigs;
import io.jeeves.llm.PriceTable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The LLM gateway's configuration: the agents' configurations and the price table, from the document
 * {@link JeevesSettings#llm()} points at ({@code {"agents": {name: {...}}, "prices": [...]}}), under the
 * environment's defaults and per-agent overrides. Read and validated once, at start.
 */
public final class LlmConfigs {
    public static final List<String> FIELDS = List.of("agents", "prices");

    /** What the gateway is configured with. */
    public record LlmSettings(AgentConfigs agents, PriceTable prices) {
    }

    private LlmConfigs() {
    }

    /**
     * @param env the environment (the defaults {@code JEEVES_LLM_*} and the agents' overrides)
     */
    public static LlmSettings load(Optional<JeevesSettings.DocumentSource> source, Function<String, String> ssmParameter,
            Map<String, String> env) {
        if (source.isEmpty()) {
            try {
                return new LlmSettings(AgentConfigs.of(env), PriceTable.DEFAULT);
            } catch (JeevesException e) {
                throw new IllegalStateException("Invalid configuration: environment " + e.field() + ": " + e.getMessage());
            }
        }
        return ConfigDocuments.load(source.get(), ssmParameter, raw -> of(raw, env));
    }

    static LlmSettings of(Map<String, Object> raw, Map<String, String> env) {
        for (String key : raw.keySet()) {
            if (!FIELDS.contains(key)) {
                throw JeevesException.invalidArgument(key, "unknown field " + key + " (known: " + String.join(", ", FIELDS) + ")");
            }
        }
        Object agents = raw.getOrDefault("agents", Map.of());
        if (!(agents instanceof Map<?, ?> a)) {
            throw JeevesException.invalidArgument("agents", "agents must be an object: agent name → configuration");
        }
        Object prices = raw.getOrDefault("prices", List.of());
        if (!(prices instanceof List<?> p)) {
            throw JeevesException.invalidArgument("prices", "prices must be a list");
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> registered = (Map<String, ?>) a;
        return new LlmSettings(AgentConfigs.of(registered, env), PriceTable.of(p));
    }
}

package io.jeeves.llm;

import io.jeeves.error.JeevesException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The agents' LLM configurations: what capabilities registered ({@code jeeves.llm.agents}: agent name →
 * fields), over the defaults ({@code JEEVES_LLM_*}), under the environment's per-agent overrides
 * ({@code <AGENT>_PROVIDER}, {@code <AGENT>_MODEL}, {@code <AGENT>_BASE_URL}, {@code <AGENT>_TEMPERATURE},
 * {@code <AGENT>_MAX_TOKENS}, {@code <AGENT>_TIMEOUT_SECONDS}, {@code <AGENT>_CONTEXT_WINDOW},
 * {@code <AGENT>_API_KEY}; the agent's name upper-cased, {@code -} as {@code _}). Built and validated at start;
 * an agent nobody registered gets the defaults.
 */
public final class AgentConfigs {
    /** The fields of one agent's raw form. */
    public static final List<String> FIELDS = List.of("provider", "model", "base_url", "temperature", "max_tokens",
            "timeout_seconds", "context_window", "api_key", "replies");
    private static final List<String> REPLY_FIELDS = List.of("match", "content", "tool_calls", "input_tokens",
            "output_tokens", "error");
    private static final Pattern AGENT = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    /** The defaults' prefix in the environment. */
    public static final String DEFAULTS_PREFIX = "JEEVES_LLM";

    private final Map<String, AgentLlmConfig> agents;
    private final Map<String, ?> defaults;
    private final Map<String, String> env;

    private AgentConfigs(Map<String, AgentLlmConfig> agents, Map<String, ?> defaults, Map<String, String> env) {
        this.agents = agents;
        this.defaults = defaults;
        this.env = env;
    }

    /** No agent registered, disabled unless the environment says otherwise. */
    public static AgentConfigs of(Map<String, String> env) {
        return of(Map.of(), env);
    }

    /**
     * @param registered agent name → its raw fields (what a JSON document parses to); the agent {@code default}
     *     sets the defaults of every agent
     * @throws io.jeeves.error.InvalidArgumentException naming the agent and field at fault
     */
    public static AgentConfigs of(Map<String, ?> registered, Map<String, String> env) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        Object d = registered.get("default");
        if (d != null) {
            defaults.putAll(fields("default", d));
        }
        overrides(DEFAULTS_PREFIX, env).forEach(defaults::put);
        AgentConfigs configs = new AgentConfigs(new LinkedHashMap<>(), Map.copyOf(defaults), Map.copyOf(env));
        configs.build("default", Map.of()); // the defaults alone must be valid too
        for (var e : registered.entrySet()) {
            if (!e.getKey().equals("default")) {
                String agent = agentName(e.getKey());
                configs.agents.put(agent, configs.build(agent, fields(agent, e.getValue())));
            }
        }
        return configs;
    }

    /** The configuration of {@code agent}: as registered, or the defaults (each with the environment's overrides). */
    public AgentLlmConfig forAgent(String agent) {
        AgentLlmConfig known = agents.get(agentName(agent));
        return known != null ? known : build(agent, Map.of());
    }

    /** The registered agents' names. */
    public Set<String> agents() {
        return Set.copyOf(agents.keySet());
    }

    /** {@code planner-v2} → {@code PLANNER_V2}. */
    public static String envPrefix(String agent) {
        return agent.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String agentName(String agent) {
        if (agent == null || !AGENT.matcher(agent).matches()) {
            throw JeevesException.invalidArgument("agent", "agent must be 1..64 characters of lower-case letters, "
                    + "digits, _ and -, starting with a letter");
        }
        return agent;
    }

    private AgentLlmConfig build(String agent, Map<String, ?> own) {
        Map<String, Object> raw = new LinkedHashMap<>(defaults);
        raw.putAll(own);
        raw.putAll(overrides(envPrefix(agent), env));
        String at = "agents." + agent + ".";
        String provider = string(raw, "provider", at);
        return new AgentLlmConfig(agent, provider == null ? DisabledProvider.NAME : provider.toLowerCase(Locale.ROOT),
                string(raw, "model", at), url(raw, at), number(raw, "temperature", at),
                (int) integer(raw, "max_tokens", at, AgentLlmConfig.DEFAULT_MAX_TOKENS),
                Duration.ofMillis(Math.round(1000 * doubleOr(raw, "timeout_seconds", at,
                        AgentLlmConfig.DEFAULT_TIMEOUT.toSeconds()))),
                (int) integer(raw, "context_window", at, AgentLlmConfig.DEFAULT_CONTEXT_WINDOW),
                string(raw, "api_key", at), replies(raw.get("replies"), at + "replies"));
    }

    /** The environment's values for {@code <PREFIX>_<FIELD>}, as strings under the field's name. */
    private static Map<String, Object> overrides(String prefix, Map<String, String> env) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String field : FIELDS) {
            String v = env.get(prefix + "_" + field.toUpperCase(Locale.ROOT));
            if (v != null && !v.isBlank() && !field.equals("replies")) {
                out.put(field, v.trim());
            }
        }
        return out;
    }

    private static Map<String, ?> fields(String agent, Object raw) {
        if (!(raw instanceof Map<?, ?> m)) {
            throw JeevesException.invalidArgument("agents." + agent, "an agent's configuration must be an object");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!FIELDS.contains(key)) {
                throw JeevesException.invalidArgument("agents." + agent + "." + key, "unknown field " + key
                        + " (known: " + String.join(", ", FIELDS) + ")");
            }
            out.put(key, e.getValue());
        }
        return out;
    }

    private static String string(Map<String, ?> raw, String field, String at) {
        Object v = raw.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw JeevesException.invalidArgument(at + field, field + " must be a string");
        }
        return s.isBlank() ? null : s.trim();
    }

    private static URI url(Map<String, ?> raw, String at) {
        String v = string(raw, "base_url", at);
        if (v == null) {
            return null;
        }
        try {
            return URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
        } catch (IllegalArgumentException e) {
            throw JeevesException.invalidArgument(at + "base_url", "base_url is not a URL");
        }
    }

    private static Double number(Map<String, ?> raw, String field, String at) {
        Object v = raw.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw JeevesException.invalidArgument(at + field, field + " must be a number, got " + v);
        }
    }

    private static double doubleOr(Map<String, ?> raw, String field, String at, double fallback) {
        Double v = number(raw, field, at);
        return v == null ? fallback : v;
    }

    private static long integer(Map<String, ?> raw, String field, String at, long fallback) {
        Double v = number(raw, field, at);
        if (v == null) {
            return fallback;
        }
        if (v != Math.rint(v) || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw JeevesException.invalidArgument(at + field, field + " must be a whole number, got " + raw.get(field));
        }
        return v.longValue();
    }

    private static List<ScriptedProvider.Reply> replies(Object raw, String at) {
        if (raw == null) {
            return List.of(new ScriptedProvider.Reply(null, "This is a scripted reply.", List.of(), null, null, null));
        }
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            throw JeevesException.invalidArgument(at, "replies must be a non-empty list");
        }
        List<ScriptedProvider.Reply> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String here = at + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw JeevesException.invalidArgument(here, "a reply must be an object");
            }
            Map<String, Object> r = new LinkedHashMap<>();
            m.forEach((k, v) -> r.put(String.valueOf(k), v));
            for (String k : r.keySet()) {
                if (!REPLY_FIELDS.contains(k)) {
                    throw JeevesException.invalidArgument(here + "." + k, "unknown field " + k);
                }
            }
            String error = string(r, "error", here + ".");
            LlmErrorType type = null;
            if (error != null) {
                try {
                    type = LlmErrorType.valueOf(error.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw JeevesException.invalidArgument(here + ".error", "unknown error type " + error);
                }
            }
            Double in = number(r, "input_tokens", here + ".");
            Double outTokens = number(r, "output_tokens", here + ".");
            out.add(new ScriptedProvider.Reply(string(r, "match", here + "."), string(r, "content", here + "."),
                    toolCalls(r.get("tool_calls"), here + ".tool_calls"), in == null ? null : in.longValue(),
                    outTokens == null ? null : outTokens.longValue(), type));
        }
        return out;
    }

    private static List<LlmToolCall> toolCalls(Object raw, String at) {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw JeevesException.invalidArgument(at, "tool_calls must be a list");
        }
        List<LlmToolCall> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m) || !(m.get("name") instanceof String name)) {
                throw JeevesException.invalidArgument(at + "[" + i + "]", "a tool call needs a name");
            }
            Object args = m.get("arguments");
            out.add(new LlmToolCall(m.get("id") instanceof String id ? id : "call_" + i, name,
                    args instanceof String s ? s : "{}"));
        }
        return out;
    }
}

package io.jeeves.llm.provider;

import io.jeeves.llm.LlmErrorType;
import io.jeeves.llm.LlmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Resolves an agent's {@code api_key} reference to the key: {@code env:NAME} from the environment,
 * {@code secretsmanager:NAME} or a secret's ARN from Secrets Manager (read once per container, then cached).
 * Failures are {@code misconfigured} errors that name the reference, never a value.
 */
public final class ApiKeys {
    private final Function<String, String> env;
    private final UnaryOperator<String> secrets;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    /**
     * @param env an environment variable's value, or null
     * @param secrets a secret's id (name or ARN) → its string value
     */
    public ApiKeys(Function<String, String> env, UnaryOperator<String> secrets) {
        this.env = env;
        this.secrets = secrets;
    }

    /** The key, or null when {@code reference} is null (no key: a local server). */
    public String resolve(String reference) {
        if (reference == null) {
            return null;
        }
        if (reference.startsWith("env:")) {
            String name = reference.substring(4);
            String v = env.apply(name);
            if (v == null || v.isBlank()) {
                throw LlmException.of(LlmErrorType.MISCONFIGURED, "the API key's environment variable " + name + " is not set");
            }
            return v.trim();
        }
        String id = reference.startsWith("secretsmanager:") ? reference.substring("secretsmanager:".length()) : reference;
        return cache.computeIfAbsent(id, k -> {
            try {
                String v = secrets.apply(k);
                if (v == null || v.isBlank()) {
                    throw LlmException.of(LlmErrorType.MISCONFIGURED, "the API key's secret " + k + " is empty");
                }
                return v.trim();
            } catch (LlmException e) {
                throw e;
            } catch (RuntimeException e) {
                // the SDK's message names the secret and the reason (access denied, not found), never its value
                throw LlmException.of(LlmErrorType.MISCONFIGURED, "cannot read the API key's secret " + k + ": "
                        + e.getClass().getSimpleName());
            }
        });
    }
}

package io.jeeves.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.jeeves.error.JeevesException;
import io.jeeves.governance.policy.PolicyConfig;
import io.jeeves.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The policy gate's configuration as the deployment gives it to the governance functions: context
 * {@code policy} (a JSON file, validated at synth and passed as {@code JEEVES_POLICY_JSON}) or
 * {@code policyParameter} (an SSM parameter's name, passed as {@code JEEVES_POLICY_SSM_PARAMETER}); at most
 * one. A file is parsed with the functions' own mapper and checked with {@link PolicyConfig#of}, so a
 * policy the functions would refuse at start fails {@code cdk synth} instead, naming the field at fault.
 */
final class PolicyContext {
    static final String POLICY = "policy";
    static final String POLICY_PARAMETER = "policyParameter";
    static final String JSON_ENV = "JEEVES_POLICY_JSON";
    static final String SSM_PARAMETER_ENV = "JEEVES_POLICY_SSM_PARAMETER";
    /**
     * Lambda allows 4 KB of environment variables per function in all; a policy beyond this belongs in an
     * SSM parameter.
     */
    static final int MAX_JSON_CHARS = 2048;
    /** SSM parameter names: letters, digits, {@code _.-} and {@code /} for hierarchies. */
    private static final Pattern PARAMETER_NAME = Pattern.compile("/?[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\-]+)*");

    private PolicyContext() {
    }

    /**
     * The file's policy as compact JSON, after {@link PolicyConfig#of} has accepted it.
     *
     * @throws IllegalArgumentException naming the context value, the file and (when the policy is wrong) the field
     */
    static String json(String file) {
        String text;
        try {
            text = Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw invalid(file, "cannot read the file: " + e.getMessage());
        }
        Map<String, Object> raw;
        try {
            raw = Json.MAPPER.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw invalid(file, "not a JSON object: " + e.getOriginalMessage());
        }
        if (raw == null) {
            throw invalid(file, "not a JSON object");
        }
        try {
            PolicyConfig.of(raw);
        } catch (JeevesException e) {
            throw invalid(file, e.field() + ": " + e.getMessage());
        }
        String json = Json.write(raw);
        if (json.length() > MAX_JSON_CHARS) {
            throw invalid(file, json.length() + " characters of compact JSON, more than the " + MAX_JSON_CHARS
                    + " a Lambda environment variable can take here; put it in an SSM parameter (context "
                    + POLICY_PARAMETER + ")");
        }
        return json;
    }

    /** The parameter's name, checked; IAM and the functions use it as given. */
    static String parameterName(String name) {
        if (!PARAMETER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("context " + POLICY_PARAMETER + " (" + name + "): not an SSM parameter "
                    + "name (letters, digits, _ . - and / for a hierarchy; a name, not an ARN)");
        }
        return name;
    }

    /** The one source given, or an error when both are. */
    static void requireAtMostOne(String file, String parameter) {
        if (file != null && parameter != null) {
            throw new IllegalArgumentException("context " + POLICY + " and " + POLICY_PARAMETER
                    + " are both given: the functions accept one policy source (give one)");
        }
    }

    private static IllegalArgumentException invalid(String file, String problem) {
        return new IllegalArgumentException("Invalid policy: context " + POLICY + " (" + file + "): " + problem);
    }
}

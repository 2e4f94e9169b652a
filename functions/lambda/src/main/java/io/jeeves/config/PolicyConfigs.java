package io.jeeves.config;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jeeves.error.JeevesException;
import io.jeeves.governance.policy.PolicyConfig;
import io.jeeves.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the policy gate's {@link PolicyConfig} from where {@link JeevesSettings#policy()} says (a file, an
 * SSM parameter, or the JSON itself), once, at start. Anything wrong stops the function with a message
 * naming the setting and the field at fault; nothing falls back silently to the defaults.
 */
public final class PolicyConfigs {
    private PolicyConfigs() {
    }

    /**
     * @param ssmParameter an SSM parameter's name → its value (decrypted); only called for an SSM source
     */
    public static PolicyConfig load(Optional<JeevesSettings.PolicySource> source, Function<String, String> ssmParameter) {
        if (source.isEmpty()) {
            return PolicyConfig.defaults();
        }
        JeevesSettings.PolicySource s = source.get();
        String json = switch (s.kind()) {
            case FILE -> {
                try {
                    yield Files.readString(Path.of(s.value()));
                } catch (IOException | RuntimeException e) {
                    throw invalid(s, "cannot read the file: " + e.getMessage());
                }
            }
            case SSM_PARAMETER -> {
                try {
                    yield ssmParameter.apply(s.value());
                } catch (RuntimeException e) {
                    throw invalid(s, "cannot read the SSM parameter: " + e.getMessage());
                }
            }
            case JSON -> s.value();
        };
        Map<String, Object> raw;
        try {
            raw = Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw invalid(s, "not a JSON object: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (raw == null) {
            throw invalid(s, "not a JSON object");
        }
        try {
            return PolicyConfig.of(raw);
        } catch (JeevesException e) {
            throw invalid(s, e.field() + ": " + e.getMessage());
        }
    }

    private static IllegalStateException invalid(JeevesSettings.PolicySource s, String problem) {
        String where = s.kind() == JeevesSettings.PolicySource.Kind.JSON ? s.setting() : s.setting() + " (" + s.value() + ")";
        return new IllegalStateException("Invalid configuration: " + where + ": " + problem);
    }
}

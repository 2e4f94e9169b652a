package io.jeeves.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.jeeves.error.JeevesException;
import io.jeeves.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a configuration document (a JSON object) from where a {@link JeevesSettings.DocumentSource} says,
 * once, at start, and builds the configuration from it. Anything wrong stops the function with a message
 * naming the setting and the field at fault; nothing falls back silently to the defaults.
 */
public final class ConfigDocuments {
    private ConfigDocuments() {
    }

    /**
     * @param ssmParameter an SSM parameter's name → its value (decrypted); only called for an SSM source
     * @param build the configuration from the document's fields; a {@link JeevesException} names the field at fault
     */
    public static <T> T load(JeevesSettings.DocumentSource s, Function<String, String> ssmParameter,
            Function<Map<String, Object>, T> build) {
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
            throw invalid(s, "not a JSON object: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage()
                    : e.getMessage()));
        }
        if (raw == null) {
            throw invalid(s, "not a JSON object");
        }
        try {
            return build.apply(raw);
        } catch (JeevesException e) {
            throw invalid(s, e.field() + ": " + e.getMessage());
        }
    }

    private static IllegalStateException invalid(JeevesSettings.DocumentSource s, String problem) {
        String where = s.kind() == JeevesSettings.DocumentSource.Kind.JSON ? s.setting() : s.setting() + " (" + s.value() + ")";
        return new IllegalStateException("Invalid configuration: " + where + ": " + problem);
    }
}

package io.jeeves.llm;

import io.jeeves.error.JeevesException;
import java.util.regex.Pattern;

/**
 * A tool offered to the model.
 *
 * @param name 1..64 characters of letters, digits, {@code _} and {@code -}
 * @param description what it does, for the model
 * @param parameters its JSON Schema, as JSON text (an object schema)
 */
public record LlmTool(String name, String description, String parameters) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    void validate(int index) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw JeevesException.invalidArgument("tools[" + index + "].name",
                    "a tool name is 1..64 letters, digits, _ or -");
        }
    }
}

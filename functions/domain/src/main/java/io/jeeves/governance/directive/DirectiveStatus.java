package io.jeeves.governance.directive;

import io.jeeves.error.JeevesException;
import java.util.Arrays;
import java.util.Locale;

/** Where a directive is in its lifecycle; the allowed moves are {@link DirectiveLifecycle}'s. Wire form lower-case. */
public enum DirectiveStatus {
    DRAFT, PROPOSED, APPROVED, EXECUTING, COMPLETE, BLOCKED, ABORTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** No transition leaves a terminal status. */
    public boolean isTerminal() {
        return this == COMPLETE || this == ABORTED;
    }

    /** Case-insensitive parse; an unknown or missing name is an INVALID_ARGUMENT naming {@code field}. */
    public static DirectiveStatus parse(String value, String field) {
        if (value == null || value.isBlank()) {
            throw JeevesException.invalidArgument(field, field + " is required");
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw JeevesException.invalidArgument(field, "Invalid directive status: " + value + " (expected one of "
                    + Arrays.stream(values()).map(DirectiveStatus::wireName).toList() + ")");
        }
    }
}

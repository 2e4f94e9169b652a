package io.jeeves.governance.execution;

import io.jeeves.error.JeevesException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The states of an execution run and their transition table (issue 4 §4). */
public enum RunStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELED;

    private Set<RunStatus> targets() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, CANCELED);
            case RUNNING -> EnumSet.of(COMPLETED, FAILED, CANCELED);
            case COMPLETED, FAILED, CANCELED -> EnumSet.noneOf(RunStatus.class);
        };
    }

    public boolean canTransitionTo(RunStatus target) {
        return targets().contains(target);
    }

    public boolean isTerminal() {
        return targets().isEmpty();
    }

    /** The name on the wire and in storage: {@code pending}, {@code running}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive parse; an unknown or missing name is an INVALID_ARGUMENT naming {@code field}. */
    public static RunStatus parse(String value, String field) {
        if (value != null) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw JeevesException.invalidArgument(field, "Invalid run status: " + value + " (expected one of "
                + Arrays.stream(values()).map(RunStatus::wireName).toList() + ")");
    }
}

package io.jeeves.kernel;

import io.jeeves.error.JeevesException;
import java.util.Locale;

/** Scheduling priority; a lower rank runs first (kernel-reference §4.3). */
public enum Priority {
    REALTIME(0), HIGH(1), NORMAL(2), LOW(3), IDLE(4);

    private final int rank;

    Priority(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    public static Priority parse(String value, String field) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw JeevesException.invalidArgument(field, "Invalid priority: " + value
                    + " (expected one of " + java.util.Arrays.toString(values()) + ")");
        }
    }
}

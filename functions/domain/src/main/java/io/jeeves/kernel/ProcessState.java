package io.jeeves.kernel;

import io.jeeves.error.JeevesException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The seven process states and the transition table of kernel-reference §4.1. */
public enum ProcessState {
    NEW, READY, RUNNING, WAITING, BLOCKED, TERMINATED, ZOMBIE;

    private Set<ProcessState> targets() {
        return switch (this) {
            case NEW -> EnumSet.of(READY, TERMINATED);
            case READY -> EnumSet.of(RUNNING, TERMINATED);
            case RUNNING -> EnumSet.of(READY, WAITING, BLOCKED, TERMINATED);
            case WAITING, BLOCKED -> EnumSet.of(READY, TERMINATED);
            case TERMINATED -> EnumSet.of(ZOMBIE);
            case ZOMBIE -> EnumSet.noneOf(ProcessState.class);
        };
    }

    public boolean canTransitionTo(ProcessState target) {
        return targets().contains(target);
    }

    public boolean isTerminal() {
        return this == TERMINATED || this == ZOMBIE;
    }

    /** Case-insensitive parse; an unknown name is an INVALID_ARGUMENT naming {@code field}. */
    public static ProcessState parse(String value, String field) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw JeevesException.invalidArgument(field, "Invalid process state: " + value
                    + " (expected one of " + java.util.Arrays.toString(values()) + ")");
        }
    }
}

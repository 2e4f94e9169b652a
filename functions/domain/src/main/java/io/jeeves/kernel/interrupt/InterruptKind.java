package io.jeeves.kernel.interrupt;

import io.jeeves.error.JeevesException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/** The seven interrupt kinds with their time-to-live (kernel-reference §7.1). Wire form: snake_case. */
public enum InterruptKind {
    CLARIFICATION(Duration.ofHours(24), true),
    CONFIRMATION(Duration.ofHours(1), true),
    AGENT_REVIEW(Duration.ofMinutes(30), true),
    CHECKPOINT(null, false),
    RESOURCE_EXHAUSTED(Duration.ofMinutes(5), false),
    TIMEOUT(Duration.ofMinutes(5), false),
    SYSTEM_ERROR(Duration.ofHours(1), false);

    private final Duration ttl;
    private final boolean requiresResponse;

    InterruptKind(Duration ttl, boolean requiresResponse) {
        this.ttl = ttl;
        this.requiresResponse = requiresResponse;
    }

    /** How long a pending interrupt of this kind lives; null when it never expires (checkpoint). */
    public Duration ttl() {
        return ttl;
    }

    public boolean requiresResponse() {
        return requiresResponse;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InterruptKind parse(String value, String field) {
        for (InterruptKind k : values()) {
            if (k.wireName().equals(value)) {
                return k;
            }
        }
        throw JeevesException.invalidArgument(field, "Invalid interrupt kind: " + value + " (expected one of "
                + Arrays.stream(values()).map(InterruptKind::wireName).toList() + ")");
    }
}

package io.jeeves.kernel.interrupt;

import io.jeeves.error.JeevesException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/** The seven interrupt kinds with their time-to-live (kernel-reference §7.1). Wire form: snake_case. */
public enum InterruptKind {
    CLARIFICATION(Duration.ofHours(24)),
    CONFIRMATION(Duration.ofHours(1)),
    AGENT_REVIEW(Duration.ofMinutes(30)),
    CHECKPOINT(null),
    RESOURCE_EXHAUSTED(Duration.ofMinutes(5)),
    TIMEOUT(Duration.ofMinutes(5)),
    SYSTEM_ERROR(Duration.ofHours(1));

    private final Duration ttl;

    InterruptKind(Duration ttl) {
        this.ttl = ttl;
    }

    /** How long a pending interrupt of this kind lives; null when it never expires (checkpoint). */
    public Duration ttl() {
        return ttl;
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

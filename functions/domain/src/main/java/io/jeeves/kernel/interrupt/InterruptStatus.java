package io.jeeves.kernel.interrupt;

import java.util.Locale;

/** Interrupt status; wire form lowercase. */
public enum InterruptStatus {
    PENDING, RESOLVED, EXPIRED, CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InterruptStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

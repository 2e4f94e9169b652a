package io.jeeves.asl.definition;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** RFC 3339 timestamps as the States language compares them (Wait, Timestamp… operators, IsTimestamp). */
public final class Timestamps {
    private Timestamps() {
    }

    /** The instant, or null when {@code text} is not an RFC 3339 timestamp with an offset or Z. */
    public static Instant parse(String text) {
        if (text == null || text.length() < 20 || text.indexOf('T') != 10) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

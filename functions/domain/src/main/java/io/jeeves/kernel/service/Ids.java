package io.jeeves.kernel.service;

import io.jeeves.error.JeevesException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Identifier rules and generation. */
public final class Ids {
    /** Identifiers that travel in URL paths: letters, digits and {@code . _ - : @ ~}, 1..128 characters. */
    private static final Pattern PATH_SAFE = Pattern.compile("[A-Za-z0-9._\\-:@~]{1,128}");
    private static final int MAX_TEXT_ID = 256;

    private Ids() {
    }

    /** A process or session id: required, path-safe. */
    public static String pathId(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw JeevesException.invalidArgument(field, field + " is required and must not be empty");
        }
        if (!PATH_SAFE.matcher(value).matches()) {
            throw JeevesException.invalidArgument(field, field
                    + " must be 1..128 characters of letters, digits and . _ - : @ ~");
        }
        return value;
    }

    /** A user or request id: non-empty, at most 256 characters, no control characters. */
    public static String textId(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw JeevesException.invalidArgument(field, field + " must not be empty");
        }
        if (value.length() > MAX_TEXT_ID || value.chars().anyMatch(Character::isISOControl)) {
            throw JeevesException.invalidArgument(field, field + " must be at most 256 characters without control characters");
        }
        return value;
    }

    /** Free text (reasons, questions): null stays null; longer than {@code max} characters is refused. */
    public static String text(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw JeevesException.invalidArgument(field, field + " must be at most " + max + " characters");
        }
        return value;
    }

    public static String uuid() {
        return UUID.randomUUID().toString();
    }

    /** Interrupt ids as the reference makes them: "int_" and 16 hex characters. */
    public static String interruptId() {
        return "int_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}

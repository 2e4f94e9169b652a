package io.jeeves.error;

/**
 * The stable error codes of the Jeeves API. They are the reference kernel's codes (plus the HTTP-only
 * PAYLOAD_TOO_LARGE), each with the HTTP status it maps to.
 */
public enum ErrorCode {
    INVALID_ARGUMENT(400, "Invalid argument"),
    UNAUTHENTICATED(401, "Unauthenticated"),
    PERMISSION_DENIED(403, "Permission denied"),
    NOT_FOUND(404, "Not found"),
    FAILED_PRECONDITION(409, "Failed precondition"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    RESOURCE_EXHAUSTED(429, "Resource exhausted"),
    INTERNAL(500, "Internal error"),
    UNAVAILABLE(503, "Unavailable");

    private final int httpStatus;
    private final String title;

    ErrorCode(int httpStatus, String title) {
        this.httpStatus = httpStatus;
        this.title = title;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String title() {
        return title;
    }

    /** The problem type URI slug, e.g. {@code invalid-argument}. */
    public String slug() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

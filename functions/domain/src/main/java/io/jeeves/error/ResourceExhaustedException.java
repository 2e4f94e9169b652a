package io.jeeves.error;

/** {@link ErrorCode#RESOURCE_EXHAUSTED}: a quota or rate limit refused the request; nothing was recorded. */
public final class ResourceExhaustedException extends JeevesException {
    public ResourceExhaustedException(String message, Long retryAfterSeconds) {
        super(ErrorCode.RESOURCE_EXHAUSTED, message, null, retryAfterSeconds, null);
    }
}

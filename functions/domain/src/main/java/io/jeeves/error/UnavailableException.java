package io.jeeves.error;

/** {@link ErrorCode#UNAVAILABLE}: a dependency is overloaded or down; the request may be retried. */
public final class UnavailableException extends JeevesException {
    public UnavailableException(String message, Long retryAfterSeconds, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message, null, retryAfterSeconds, cause);
    }
}

package io.jeeves.error;

import java.util.Objects;

/**
 * The one error type of Jeeves. Every failure a caller can see is one of its subclasses, which carry a
 * stable {@link ErrorCode}, a human message, optionally the request field at fault and, for
 * RESOURCE_EXHAUSTED, how long to wait before retrying.
 *
 * <p>There is one subclass per code so that a Lambda error's {@code errorType} (the exception class
 * name) is stable and can be matched in Step Functions {@code Retry}/{@code Catch} blocks.
 */
public abstract class JeevesException extends RuntimeException {
    private final ErrorCode code;
    private final String field;
    private final Long retryAfterSeconds;

    protected JeevesException(ErrorCode code, String message, String field, Long retryAfterSeconds, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ErrorCode code() {
        return code;
    }

    /** The request field at fault (dotted path, e.g. {@code quota.max_llm_calls}), or null. */
    public String field() {
        return field;
    }

    /** Seconds after which a retry may succeed, or null when unknown. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static InvalidArgumentException invalidArgument(String field, String message) {
        return new InvalidArgumentException(field, message);
    }

    public static NotFoundException notFound(String message) {
        return new NotFoundException(message);
    }

    public static FailedPreconditionException failedPrecondition(String message) {
        return new FailedPreconditionException(message, null);
    }

    public static PermissionDeniedException permissionDenied(String field, String message) {
        return new PermissionDeniedException(field, message);
    }

    public static ResourceExhaustedException resourceExhausted(String message, Long retryAfterSeconds) {
        return new ResourceExhaustedException(message, retryAfterSeconds);
    }
}

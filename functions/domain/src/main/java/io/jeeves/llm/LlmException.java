package io.jeeves.llm;

import java.time.Duration;
import java.util.Objects;

/**
 * A failed LLM call, in the gateway's taxonomy. The message never holds a secret or a message body: it is
 * written to logs and artifacts as it is.
 */
public final class LlmException extends RuntimeException {
    private final LlmErrorType type;
    private final boolean retryable;
    private final Integer httpStatus;
    private final Duration retryAfter;

    private LlmException(LlmErrorType type, String message, boolean retryable, Integer httpStatus, Duration retryAfter,
            Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.type = Objects.requireNonNull(type, "type");
        this.retryable = retryable;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public static LlmException of(LlmErrorType type, String message) {
        return new LlmException(type, message, type.retryableByDefault(), null, null, null);
    }

    public static LlmException of(LlmErrorType type, String message, Throwable cause) {
        return new LlmException(type, message, type.retryableByDefault(), null, null, cause);
    }

    /**
     * The error for an HTTP status from a backend: 429 rate_limited (with its {@code Retry-After}), 400, 404
     * and 422 invalid_request, 401 and 403 misconfigured (the key), anything else backend; 5xx, 408 and 409
     * are retryable.
     */
    public static LlmException forStatus(int status, String message, Duration retryAfter) {
        if (status == 429) {
            return new LlmException(LlmErrorType.RATE_LIMITED, message, true, status, retryAfter, null);
        }
        if (status == 400 || status == 404 || status == 413 || status == 422) {
            return new LlmException(LlmErrorType.INVALID_REQUEST, message, false, status, null, null);
        }
        if (status == 401 || status == 403) {
            return new LlmException(LlmErrorType.MISCONFIGURED, message, false, status, null, null);
        }
        boolean retryable = status >= 500 || status == 408 || status == 409;
        return new LlmException(LlmErrorType.BACKEND, message, retryable, status, retryable ? retryAfter : null, null);
    }

    /**
     * This error with {@code secret} (a key that was sent) cut out of its message: a backend may echo what it
     * was sent, and the message goes to logs and artifacts.
     */
    public LlmException redacting(String secret) {
        if (secret == null || secret.isEmpty() || !getMessage().contains(secret)) {
            return this;
        }
        return new LlmException(type, getMessage().replace(secret, "[redacted]"), retryable, httpStatus, retryAfter, null);
    }

    /**
     * This error, worth retrying whatever its status says: for an error the backend documents as transient
     * under a status {@link #forStatus} does not retry (Bedrock's model stream error comes as 424).
     */
    public LlmException asRetryable() {
        return retryable ? this : new LlmException(type, getMessage(), true, httpStatus, retryAfter, getCause());
    }

    public LlmErrorType type() {
        return type;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The backend's HTTP status, or null when there was none. */
    public Integer httpStatus() {
        return httpStatus;
    }

    /** How long the backend asked us to wait ({@code Retry-After}), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}

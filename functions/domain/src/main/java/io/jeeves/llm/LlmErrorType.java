package io.jeeves.llm;

import io.jeeves.error.ErrorCode;
import java.util.Locale;

/**
 * The one error taxonomy of the LLM gateway: what a capability sees, never a backend's exception. Each
 * category says whether trying again may succeed; the gateway retries only those, and never once output
 * has started streaming.
 */
public enum LlmErrorType {
    /** No provider is configured (the default): nothing was sent anywhere. */
    DISABLED(false),
    /** The configuration cannot work (unknown provider, missing model or key, bad URL). */
    MISCONFIGURED(false),
    /** The backend did not answer (or stopped answering) within the time-out. */
    TIMEOUT(true),
    /** Network, DNS or TLS failure before an answer. */
    CONNECTION(true),
    /** The backend answered with an HTTP error; retryable for 5xx (and 408/409), not for other 4xx. */
    BACKEND(false),
    /** The backend asked us to slow down (429, throttling); honours its {@code Retry-After}. */
    RATE_LIMITED(true),
    /** The backend's answer could not be read (malformed JSON or SSE, cut-off stream, oversized). */
    PARSE(false),
    /** The request itself is wrong (the backend's 400/404/422, or ours before sending). */
    INVALID_REQUEST(false),
    /** The process's quota refuses the call: the provider was not contacted. */
    QUOTA_EXCEEDED(false);

    private final boolean retryable;

    LlmErrorType(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether an error of this type is worth retrying, unless a status says otherwise (see {@link #BACKEND}). */
    public boolean retryableByDefault() {
        return retryable;
    }

    /**
     * The API's code for a caller whose request failed this way: RESOURCE_EXHAUSTED for a quota or a backend's
     * rate limit, INVALID_ARGUMENT for a request the backend refused, UNAVAILABLE for the rest (disabled,
     * misconfigured, or the backend failing: not the caller's fault).
     */
    public ErrorCode errorCode() {
        switch (this) {
            case QUOTA_EXCEEDED:
            case RATE_LIMITED:
                return ErrorCode.RESOURCE_EXHAUSTED;
            case INVALID_REQUEST:
                return ErrorCode.INVALID_ARGUMENT;
            default:
                return ErrorCode.UNAVAILABLE;
        }
    }

    /** The wire name, e.g. {@code rate_limited}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.jeeves.error;

/** {@link ErrorCode#FAILED_PRECONDITION}: the request is valid but the resource's state refuses it. */
public final class FailedPreconditionException extends JeevesException {
    public FailedPreconditionException(String message, String field) {
        super(ErrorCode.FAILED_PRECONDITION, message, field, null, null);
    }
}

package io.jeeves.error;

/** {@link ErrorCode#INVALID_ARGUMENT}. */
public final class InvalidArgumentException extends JeevesException {
    public InvalidArgumentException(String field, String message) {
        super(ErrorCode.INVALID_ARGUMENT, message, field, null, null);
    }
}

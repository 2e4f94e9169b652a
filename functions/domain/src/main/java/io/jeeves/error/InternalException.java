package io.jeeves.error;

/** {@link ErrorCode#INTERNAL}: a fault of ours, never of the caller. The message is safe to show. */
public final class InternalException extends JeevesException {
    public InternalException(String message, Throwable cause) {
        super(ErrorCode.INTERNAL, message, null, null, cause);
    }
}

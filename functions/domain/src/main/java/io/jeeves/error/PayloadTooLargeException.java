package io.jeeves.error;

/** {@link ErrorCode#PAYLOAD_TOO_LARGE}. */
public final class PayloadTooLargeException extends JeevesException {
    public PayloadTooLargeException(String message) {
        super(ErrorCode.PAYLOAD_TOO_LARGE, message, null, null, null);
    }
}

package io.jeeves.error;

/** {@link ErrorCode#UNAUTHENTICATED}. */
public final class UnauthenticatedException extends JeevesException {
    public UnauthenticatedException(String message) {
        super(ErrorCode.UNAUTHENTICATED, message, null, null, null);
    }
}

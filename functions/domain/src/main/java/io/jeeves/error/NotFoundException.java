package io.jeeves.error;

/** {@link ErrorCode#NOT_FOUND}. */
public final class NotFoundException extends JeevesException {
    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message, null, null, null);
    }
}

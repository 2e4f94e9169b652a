package io.jeeves.error;

/** {@link ErrorCode#PERMISSION_DENIED}. */
public final class PermissionDeniedException extends JeevesException {
    public PermissionDeniedException(String field, String message) {
        super(ErrorCode.PERMISSION_DENIED, message, field, null, null);
    }
}
